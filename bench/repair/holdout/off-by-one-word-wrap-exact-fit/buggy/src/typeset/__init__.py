"""Plain-text layout helpers."""
