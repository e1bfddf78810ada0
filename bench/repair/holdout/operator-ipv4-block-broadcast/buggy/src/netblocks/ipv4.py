"""IPv4 addresses and CIDR blocks, for firewall rules and allow-lists."""


def parse_address(text: str) -> int:
    """The address as a 32-bit integer; raises ValueError on anything but a dotted quad."""
    parts = text.strip().split(".")
    if len(parts) != 4:
        raise ValueError(f"not an IPv4 address: {text!r}")
    value = 0
    for part in parts:
        if not part.isdigit() or int(part) > 255:
            raise ValueError(f"not an IPv4 address: {text!r}")
        value = value * 256 + int(part)
    return value


def format_address(value: int) -> str:
    return ".".join(str((value >> shift) & 0xFF) for shift in (24, 16, 8, 0))


def parse_block(cidr: str) -> tuple[int, int]:
    """The first and last address of a block such as 10.0.0.0/8 (no prefix means /32)."""
    address, _, length = cidr.partition("/")
    prefix = int(length) if length else 32
    if not 0 <= prefix <= 32:
        raise ValueError(f"bad prefix length in {cidr!r}")
    size = 1 << (32 - prefix)
    first = parse_address(address) & ~(size - 1) & 0xFFFFFFFF
    return first, first + size - 1


def contains(cidr: str, address: str) -> bool:
    """Whether `address` belongs to the block."""
    first, last = parse_block(cidr)
    return first <= parse_address(address) < last


def overlaps(a: str, b: str) -> bool:
    """Whether two blocks share at least one address."""
    first_a, last_a = parse_block(a)
    first_b, last_b = parse_block(b)
    return first_a <= last_b and first_b <= last_a
