"""Invoice due dates."""
