"""Routing for the delivery app."""
