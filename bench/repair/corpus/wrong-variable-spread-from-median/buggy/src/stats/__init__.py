"""Descriptive statistics for the reporting job."""
