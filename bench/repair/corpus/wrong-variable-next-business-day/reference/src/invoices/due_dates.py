"""Invoice due dates in business days: weekends and public holidays do not count."""

from __future__ import annotations

from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def is_business_day(day: date, holidays: frozenset[date] = frozenset()) -> bool:
    return day.weekday() < 5 and day not in holidays


def next_business_day(day: date, holidays: frozenset[date] = frozenset()) -> date:
    """The first business day strictly after `day`."""
    candidate = day + ONE_DAY
    while not is_business_day(candidate, holidays):
        candidate = candidate + ONE_DAY
    return candidate


def due_date(issued: date, terms: int, holidays: frozenset[date] = frozenset()) -> date:
    """`terms` business days after `issued`."""
    day = issued
    for _ in range(terms):
        day = next_business_day(day, holidays)
    return day
