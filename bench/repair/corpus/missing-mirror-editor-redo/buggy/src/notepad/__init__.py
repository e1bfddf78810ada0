"""The note editor."""
