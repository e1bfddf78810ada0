"""Rate limiting for outgoing API calls."""
