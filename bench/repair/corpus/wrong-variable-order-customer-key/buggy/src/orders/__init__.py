"""Customer orders."""
