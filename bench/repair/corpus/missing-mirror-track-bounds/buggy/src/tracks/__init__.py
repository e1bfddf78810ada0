"""GPS tracks for the map preview."""
