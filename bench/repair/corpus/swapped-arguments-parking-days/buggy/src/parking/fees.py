"""Car-park fees: 30 minutes free, then a rate per started hour, capped per day."""

from __future__ import annotations

import math

FREE_MINUTES = 30
HOURLY_RATE = 2.5
DAILY_CAP = 18.0
MINUTES_PER_DAY = 24 * 60


def billable_hours(minutes: int) -> int:
    if minutes <= FREE_MINUTES:
        return 0
    return math.ceil(minutes / 60)


def fee(minutes: int) -> float:
    """The fee for a stay of `minutes`: full days at the cap, then the rest by the hour."""
    if minutes < 0:
        raise ValueError("a stay cannot be negative")
    days, rest = divmod(MINUTES_PER_DAY, minutes)
    return days * DAILY_CAP + min(billable_hours(rest) * HOURLY_RATE, DAILY_CAP)


def receipt_line(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    return f"{hours}h{mins:02d} parked: {fee(minutes):.2f} EUR"
