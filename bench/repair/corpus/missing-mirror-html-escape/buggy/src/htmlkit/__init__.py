"""Small HTML helpers for the e-mail templates."""
