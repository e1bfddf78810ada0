"""Meeting-room bookings: clashes and free slots, in minutes since midnight."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Meeting:
    title: str
    start: int
    end: int


def overlaps(a: Meeting, b: Meeting) -> bool:
    """True when the two meetings share at least one minute."""
    return a.start < b.end


def clashes(meetings: list[Meeting]) -> list[tuple[str, str]]:
    """Every pair of titles whose meetings overlap."""
    found = []
    for i, first in enumerate(meetings):
        for second in meetings[i + 1 :]:
            if overlaps(first, second):
                found.append((first.title, second.title))
    return found


def free_slots(meetings: list[Meeting], day_start: int, day_end: int) -> list[tuple[int, int]]:
    slots, cursor = [], day_start
    for m in sorted(meetings, key=lambda m: m.start):
        if m.start > cursor:
            slots.append((cursor, m.start))
        cursor = max(cursor, m.end)
    if cursor < day_end:
        slots.append((cursor, day_end))
    return slots
