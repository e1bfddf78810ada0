"""The blog engine."""
