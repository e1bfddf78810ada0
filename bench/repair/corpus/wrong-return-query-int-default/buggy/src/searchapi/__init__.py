"""The search API's query parameters."""
