"""Response-time statistics."""
