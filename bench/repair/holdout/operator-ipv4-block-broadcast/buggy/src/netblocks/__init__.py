"""IPv4 addresses and CIDR blocks."""
