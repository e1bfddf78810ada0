"""SubRip subtitle files."""
