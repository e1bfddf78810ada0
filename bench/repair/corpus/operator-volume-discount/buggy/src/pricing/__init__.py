"""Wholesale price lists and volume discounts."""
