"""Filtering log lines by level, configured from a settings dict."""

from collections import Counter
from collections.abc import Iterable

LEVELS = {"DEBUG": 10, "INFO": 20, "WARNING": 30, "ERROR": 40, "CRITICAL": 50}


def threshold(config: dict[str, str]) -> int:
    """The numeric level below which lines are dropped (WARNING unless configured)."""
    name = config.get("level", "WARNING").strip().upper()
    if name not in LEVELS:
        raise ValueError(f"unknown log level {name!r}")
    return LEVELS[name]


def parse_line(line: str) -> tuple[str, str, str]:
    """'2024-05-01T10:00:00 ERROR payment failed' -> (timestamp, level, message)."""
    timestamp, level, message = line.split(" ", 2)
    return timestamp, level.upper(), message


def filter_lines(lines: Iterable[str], config: dict[str, str]) -> list[str]:
    """The non-blank lines at or above the configured level."""
    minimum = threshold(config)
    kept = []
    for line in lines:
        if not line.strip():
            continue
        _, level, _ = parse_line(line)
        if LEVELS.get(level, 0) >= minimum:
            kept.append(line)
    return kept


def count_by_level(lines: Iterable[str]) -> dict[str, int]:
    return dict(Counter(parse_line(line)[1] for line in lines if line.strip()))
