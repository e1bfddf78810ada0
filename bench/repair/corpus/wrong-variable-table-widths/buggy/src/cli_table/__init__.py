"""Plain-text tables for the command line."""
