"""Mail-merge letters."""
