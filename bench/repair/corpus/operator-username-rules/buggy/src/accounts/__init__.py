"""User accounts: username rules."""
