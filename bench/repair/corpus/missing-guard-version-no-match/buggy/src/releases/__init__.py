"""Release versions."""
