"""Compass bearings between map points (x east, y north, in metres) for the delivery app."""

from __future__ import annotations

import math

Point = tuple[float, float]
COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


def bearing(origin: Point, target: Point) -> float:
    """Degrees clockwise from north to head from `origin` to `target`, in [0, 360)."""
    east = target[0] - origin[0]
    north = target[1] - origin[1]
    return math.degrees(math.atan2(north, east)) % 360


def compass_point(degrees: float) -> str:
    """The nearest of the eight compass points."""
    return COMPASS[round(degrees / 45) % 8]


def distance(origin: Point, target: Point) -> float:
    return math.dist(origin, target)


def directions(origin: Point, target: Point) -> str:
    heading = compass_point(bearing(origin, target))
    return f"head {heading} for {distance(origin, target):.0f} m"
