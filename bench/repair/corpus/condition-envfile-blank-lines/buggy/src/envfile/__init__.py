"""Reading .env files."""
