"""Card numbers at checkout."""
