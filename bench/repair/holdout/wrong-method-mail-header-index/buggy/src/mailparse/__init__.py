"""E-mail parsing."""
