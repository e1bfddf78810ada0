"""The web shop's basket."""
