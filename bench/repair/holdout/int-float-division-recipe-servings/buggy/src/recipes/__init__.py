"""Recipe tools."""
