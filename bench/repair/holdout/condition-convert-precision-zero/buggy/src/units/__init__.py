"""Unit conversions for the product catalogue."""
