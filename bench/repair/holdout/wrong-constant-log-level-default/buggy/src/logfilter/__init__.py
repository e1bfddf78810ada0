"""Log file filtering."""
