"""Latency percentiles by the nearest-rank method, as a monitoring dashboard shows them."""

import math
from collections.abc import Iterable


def percentile(samples: Iterable[float], p: float) -> float:
    """The smallest sample such that at least p percent of the samples are <= it."""
    ordered = sorted(samples)
    if not ordered:
        raise ValueError("no samples")
    if not 0 < p <= 100:
        raise ValueError(f"percentile must be in (0, 100], got {p}")
    rank = math.ceil(p / 100 * len(ordered))
    return ordered[rank]


def summary(samples: Iterable[float], points: Iterable[float] = (50, 90, 99)) -> dict[str, float]:
    """p50/p90/p99 style figures, keyed as the dashboard labels them."""
    values = list(samples)
    return {f"p{p:g}": percentile(values, p) for p in points}


def slow_requests(latencies: dict[str, float], p: float = 95) -> list[str]:
    """Request ids slower than the p-th percentile, slowest first."""
    threshold = percentile(latencies.values(), p)
    slow = [rid for rid, ms in latencies.items() if ms > threshold]
    return sorted(slow, key=lambda rid: latencies[rid], reverse=True)
