"""Image sizes for the photo gallery: fit in a box, never upscale, keep the ratio."""

from __future__ import annotations

import math


def fit_within(width: int, height: int, max_width: int, max_height: int) -> tuple[int, int]:
    """The size of a width x height image scaled down to fit in the box."""
    if width < 1 or height < 1:
        raise ValueError("an image has a size")
    scale = min(max_width // width, max_height / height, 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


def thumbnail(width: int, height: int, edge: int = 200) -> tuple[int, int]:
    return fit_within(width, height, edge, edge)


def aspect_ratio(width: int, height: int) -> str:
    divisor = math.gcd(width, height)
    return f"{width // divisor}:{height // divisor}"
