"""Plane geometry for floor plans."""
