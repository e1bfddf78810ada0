"""Meeting rooms: bookings and free slots."""
