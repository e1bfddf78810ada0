"""Comparing Python environments."""
