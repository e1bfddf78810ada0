"""Blog post URLs."""
