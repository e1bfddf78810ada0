"""Word statistics for the search index."""
