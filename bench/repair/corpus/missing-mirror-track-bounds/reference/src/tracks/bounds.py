"""Bounding boxes of GPS tracks (longitude x, latitude y) for the map preview."""

from __future__ import annotations

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # min_x, min_y, max_x, max_y


def bounds(points: list[Point]) -> Box:
    if not points:
        raise ValueError("an empty track has no bounds")
    min_x = max_x = points[0][0]
    min_y = max_y = points[0][1]
    for x, y in points[1:]:
        min_x = min(min_x, x)
        max_x = max(max_x, x)
        min_y = min(min_y, y)
        max_y = max(max_y, y)
    return min_x, min_y, max_x, max_y


def center(box: Box) -> Point:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def padded(box: Box, margin: float) -> Box:
    return box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin


def contains(box: Box, point: Point) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]
