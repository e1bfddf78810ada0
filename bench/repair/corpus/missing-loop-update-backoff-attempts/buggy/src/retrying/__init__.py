"""Retries for the HTTP client."""
