"""Warehouse bins and stock moves."""
