"""The mailing list."""
