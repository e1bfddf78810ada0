"""Text histograms of numeric samples, for command-line reports."""

from collections.abc import Sequence


def bin_counts(values: Sequence[float], bins: int = 10) -> list[int]:
    """How many values fall in each of `bins` equal-width bins from min to max (inclusive)."""
    if bins < 1:
        raise ValueError("bins must be at least 1")
    low, high = min(values), max(values)
    if low == high:
        return [len(values)] + [0] * (bins - 1)
    width = (high - low) / bins
    counts = [0] * bins
    for value in values:
        index = min(int((value - low) / width), bins - 1)
        counts[index] += 1
    return counts


def render(values: Sequence[float], bins: int = 10, bar_width: int = 40) -> list[str]:
    """One line per bin: its lower edge, a bar scaled to the fullest bin, and the count."""
    counts = bin_counts(values, bins)
    peak = max(counts)
    low = min(values, default=0.0)
    span = (max(values, default=0.0) - low) / bins
    lines = []
    for i, count in enumerate(counts):
        bar = "#" * (round(count * bar_width / peak) if peak else 0)
        lines.append(f"{low + i * span:>8.2f} | {bar:<{bar_width}} {count}")
    return lines
