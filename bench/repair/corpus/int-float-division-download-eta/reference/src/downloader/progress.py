"""Progress of a download: percentage, rate and time left, for the status line."""

from __future__ import annotations


def percent(done: int, total: int) -> float:
    if total <= 0:
        return 100.0
    return round(100 * done / total, 1)


def seconds_left(done: int, total: int, elapsed: float) -> float | None:
    """At the average rate so far; None before the first byte."""
    if done <= 0 or elapsed <= 0:
        return None
    rate = done / elapsed
    return (total - done) / rate


def status_line(done: int, total: int, elapsed: float) -> str:
    left = seconds_left(done, total, elapsed)
    eta = "--" if left is None else f"{left:.0f}s"
    return f"{percent(done, total):5.1f}% ETA {eta}"
