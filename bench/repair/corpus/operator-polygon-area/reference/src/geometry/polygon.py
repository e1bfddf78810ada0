"""Polygons given as lists of (x, y) vertices, for floor-plan measurements."""

from __future__ import annotations

import math

Point = tuple[float, float]


def signed_area(vertices: list[Point]) -> float:
    """Positive for counter-clockwise vertices, negative for clockwise (shoelace)."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(vertices, vertices[1:] + vertices[:1]):
        total += x1 * y2 - x2 * y1
    return total / 2


def area(vertices: list[Point]) -> float:
    return abs(signed_area(vertices))


def is_clockwise(vertices: list[Point]) -> bool:
    return signed_area(vertices) < 0


def perimeter(vertices: list[Point]) -> float:
    pairs = zip(vertices, vertices[1:] + vertices[:1])
    return sum(math.dist(a, b) for a, b in pairs)


def bounding_box(vertices: list[Point]) -> tuple[Point, Point]:
    xs = [x for x, _ in vertices]
    ys = [y for _, y in vertices]
    return (min(xs), min(ys)), (max(xs), max(ys))
