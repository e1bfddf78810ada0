"""In-process job scheduling."""
