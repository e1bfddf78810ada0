"""Date input for the booking form."""
