"""Descriptive statistics for the weekly sales report."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    count: int
    mean: float
    median: float
    stdev: float
    low: float
    high: float


def summarize(values: list[float]) -> Summary:
    """Population statistics of `values` (ValueError when empty)."""
    if not values:
        raise ValueError("no values to summarize")
    ordered = sorted(values)
    n = len(ordered)
    mean = sum(ordered) / n
    mid = n // 2
    median = ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    variance = sum((x - median) ** 2 for x in ordered) / n
    return Summary(n, mean, median, math.sqrt(variance), ordered[0], ordered[-1])
