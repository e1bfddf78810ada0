"""Checksumming uploads chunk by chunk, without reading a whole file into memory."""

import hashlib
from typing import BinaryIO

CHUNK_SIZE = 64 * 1024


def digest(stream: BinaryIO, algorithm: str = "sha256", chunk_size: int = CHUNK_SIZE) -> tuple[str, int]:
    """The hex digest of what is left in `stream`, and how many bytes that was."""
    hasher = hashlib.new(algorithm)
    size = 0
    while True:
        chunk = stream.read(chunk_size)
        if not chunk:
            break
        hasher.update(chunk)
        size += len(chunk)
    return hasher.hexdigest(), size


def parse_checksum_line(line: str) -> tuple[str, str]:
    """A line of a sha256sum file, '<hex digest>  <file name>', as (name, digest)."""
    value, separator, name = line.rstrip("\n").partition("  ")
    if not separator or len(value) not in (32, 40, 64) or not name:
        raise ValueError(f"not a checksum line: {line!r}")
    return name.lstrip("*"), value.lower()


def verify(stream: BinaryIO, expected: str, algorithm: str = "sha256") -> bool:
    """Whether the stream's content has the expected digest (in any letter case)."""
    actual, _ = digest(stream, algorithm)
    return actual == expected.strip().lower()
