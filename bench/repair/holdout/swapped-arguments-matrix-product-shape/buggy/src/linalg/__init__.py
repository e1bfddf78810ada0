"""Dense matrices without numpy."""
