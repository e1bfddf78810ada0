"""Durations written as "1h30m", "45s" or "2d 4h", as in our job scheduler's config."""

from __future__ import annotations

import re

UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
PART = re.compile(r"(\d+)\s*([dhms])")


def parse(text: str) -> int:
    """Seconds in `text`; raises ValueError on anything else."""
    cleaned = text.strip().lower()
    if not cleaned or PART.sub("", cleaned).strip():
        raise ValueError(f"not a duration: {text!r}")
    total = 0
    for value, unit in PART.findall(cleaned):
        total += int(value) + UNITS[unit]
    return total


def format_duration(seconds: int) -> str:
    """The shortest "1h30m"-style spelling of `seconds` ("0s" for zero)."""
    if seconds < 0:
        raise ValueError("negative duration")
    parts = []
    for unit, size in UNITS.items():
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts) or "0s"
