"""Car-park tariffs."""
