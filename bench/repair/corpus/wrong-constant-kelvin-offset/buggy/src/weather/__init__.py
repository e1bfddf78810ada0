"""Weather-station readings."""
