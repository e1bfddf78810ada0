"""Elapsed-time formatting for the run tracker."""
