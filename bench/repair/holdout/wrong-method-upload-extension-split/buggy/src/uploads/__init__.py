"""Upload validation."""
