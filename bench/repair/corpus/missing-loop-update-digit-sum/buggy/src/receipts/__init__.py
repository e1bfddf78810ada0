"""Receipt numbers."""
