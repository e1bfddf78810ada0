"""Paginated listings for the catalogue API."""
