"""The desk calculator."""
