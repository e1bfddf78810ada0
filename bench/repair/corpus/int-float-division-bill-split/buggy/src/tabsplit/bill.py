"""Splitting a restaurant bill between friends."""

from __future__ import annotations


def tip(total: float, percent: float) -> float:
    return round(total * percent / 100, 2)


def per_person(total: float, people: int) -> float:
    """What each person pays, to the cent."""
    if people < 1:
        raise ValueError("someone has to pay")
    return round(total // people, 2)


def split_cents(total_cents: int, people: int) -> list[int]:
    """Exact shares in cents that add up to the total; the first ones pay the odd cents."""
    if people < 1:
        raise ValueError("someone has to pay")
    share, odd = divmod(total_cents, people)
    return [share + 1 if i < odd else share for i in range(people)]


def with_tip(total: float, percent: float, people: int) -> float:
    return per_person(total + tip(total, percent), people)
