"""Photo gallery images."""
