"""Look-ups in a sorted timeline of event timestamps (seconds since the start)."""

from __future__ import annotations

from collections.abc import Sequence


def first_at_or_after(times: Sequence[float], moment: float) -> int:
    """The index of the first time >= `moment` (len(times) when there is none)."""
    lo, hi = 0, len(times)
    while lo < hi:
        mid = (lo + hi) // 2
        if times[mid] < moment:
            lo = mid
        else:
            hi = mid
    return lo


def between(times: Sequence[float], start: float, end: float) -> list[float]:
    """The times in [start, end)."""
    return list(times[first_at_or_after(times, start) : first_at_or_after(times, end)])


def count_before(times: Sequence[float], moment: float) -> int:
    return first_at_or_after(times, moment)
