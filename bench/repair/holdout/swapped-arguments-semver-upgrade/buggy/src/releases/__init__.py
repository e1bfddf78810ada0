"""Release version handling for the updater."""
