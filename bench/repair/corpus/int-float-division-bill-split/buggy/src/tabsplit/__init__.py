"""Splitting restaurant bills."""
