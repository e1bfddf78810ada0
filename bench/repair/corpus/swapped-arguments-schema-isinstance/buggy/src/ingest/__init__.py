"""Validation of incoming product records."""
