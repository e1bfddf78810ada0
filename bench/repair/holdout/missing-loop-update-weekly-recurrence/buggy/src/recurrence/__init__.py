"""Recurring calendar events."""
