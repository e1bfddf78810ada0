"""Text charts for command-line reports."""
