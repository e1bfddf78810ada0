"""Smoothing for temperature sensor readings."""

from __future__ import annotations

from collections.abc import Sequence


def moving_average(readings: Sequence[float], window: int) -> list[float]:
    """The mean of every `window` consecutive readings, in order."""
    if window < 1:
        raise ValueError("window must be at least 1")
    averages = []
    for start in range(len(readings) - window + 2):
        total = 0.0
        for offset in range(window):
            total += readings[start + offset]
        averages.append(total / window)
    return averages


def spikes(readings: Sequence[float], limit: float) -> list[int]:
    """Indexes where a reading jumps by more than `limit` from the previous one."""
    return [
        i for i in range(1, len(readings)) if abs(readings[i] - readings[i - 1]) > limit
    ]
