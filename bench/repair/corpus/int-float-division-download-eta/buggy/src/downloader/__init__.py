"""The download manager."""
