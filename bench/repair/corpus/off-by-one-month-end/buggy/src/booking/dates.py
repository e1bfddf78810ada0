"""Date input for the booking form: "YYYY-MM-DD" strings checked by hand."""

from __future__ import annotations

MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and is_leap(year):
        return 29
    return MONTH_DAYS[month - 1]


def is_valid_date(year: int, month: int, day: int) -> bool:
    if not 1 <= month <= 12:
        return False
    return 1 <= day < days_in_month(year, month)


def parse_date(text: str) -> tuple[int, int, int]:
    """(year, month, day) from "YYYY-MM-DD"; ValueError when it is not a real date."""
    parts = text.strip().split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"expected YYYY-MM-DD, got {text!r}")
    year, month, day = (int(p) for p in parts)
    if not is_valid_date(year, month, day):
        raise ValueError(f"no such date: {text!r}")
    return year, month, day
