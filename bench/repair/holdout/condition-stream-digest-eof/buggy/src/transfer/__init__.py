"""Upload integrity checks."""
