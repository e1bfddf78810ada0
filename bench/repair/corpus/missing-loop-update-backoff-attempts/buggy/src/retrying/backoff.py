"""Exponential back-off for the HTTP client's retries."""

from __future__ import annotations


def delay(attempt: int, base: float, factor: float, cap: float) -> float:
    """Seconds to wait before retry number `attempt` (0 for the first)."""
    return min(cap, base * factor**attempt)


def attempts_until_cap(base: float, factor: float, cap: float) -> int:
    """How many retries wait less than `cap` before the delay reaches it."""
    if base <= 0 or factor <= 1:
        raise ValueError("need base > 0 and factor > 1")
    attempts = 0
    wait = base
    while wait < cap:
        attempts += 1
    return attempts


def schedule(retries: int, base: float, factor: float, cap: float) -> list[float]:
    return [delay(n, base, factor, cap) for n in range(retries)]


def total_wait(retries: int, base: float, factor: float, cap: float) -> float:
    return sum(schedule(retries, base, factor, cap))
