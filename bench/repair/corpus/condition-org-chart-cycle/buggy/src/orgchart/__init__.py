"""The company's reporting lines."""
