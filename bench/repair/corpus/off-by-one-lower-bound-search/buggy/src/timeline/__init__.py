"""Sorted event timelines."""
