"""Build target scheduling."""
