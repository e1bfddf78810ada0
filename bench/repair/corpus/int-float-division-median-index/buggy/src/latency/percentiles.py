"""Response-time statistics for the API dashboard, in milliseconds."""

from __future__ import annotations

import math


def percentile(samples: list[float], p: float) -> float:
    """The nearest-rank p-th percentile (0 < p <= 100)."""
    if not samples:
        raise ValueError("no samples")
    if not 0 < p <= 100:
        raise ValueError("p must be in (0, 100]")
    ordered = sorted(samples)
    rank = math.ceil(p / 100 * len(ordered))
    return ordered[rank - 1]


def median(samples: list[float]) -> float:
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    mid = len(ordered) / 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def report(samples: list[float]) -> dict[str, float]:
    return {"p50": median(samples), "p95": percentile(samples, 95), "max": max(samples)}
