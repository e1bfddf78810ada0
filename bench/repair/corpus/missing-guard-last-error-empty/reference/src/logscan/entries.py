"""Reads application log lines: "2024-05-01 12:00:03 ERROR message"."""

from __future__ import annotations

import re
from dataclasses import dataclass

LINE = re.compile(r"^(\S+ \S+) (DEBUG|INFO|WARNING|ERROR) (.*)$")


@dataclass(frozen=True)
class Entry:
    when: str
    level: str
    message: str


def parse(lines: list[str]) -> list[Entry]:
    """The lines that look like log entries; anything else is skipped."""
    entries = []
    for line in lines:
        match = LINE.match(line.strip())
        if match:
            entries.append(Entry(*match.groups()))
    return entries


def last_error(entries: list[Entry]) -> Entry | None:
    errors = [e for e in entries if e.level == "ERROR"]
    if not errors:
        return None
    return errors[-1]


def error_rate(entries: list[Entry]) -> float:
    if not entries:
        return 0.0
    return sum(e.level == "ERROR" for e in entries) / len(entries)
