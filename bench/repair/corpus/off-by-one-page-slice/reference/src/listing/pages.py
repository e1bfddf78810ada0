"""Pagination for the catalogue API: pages are numbered from 1."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def page_count(total: int, per_page: int) -> int:
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    return max(1, math.ceil(total / per_page))


def page(items: Sequence[T], number: int, per_page: int) -> list[T]:
    """The items on page `number` (1-based); empty past the last page."""
    if number < 1:
        raise ValueError("pages start at 1")
    start = (number - 1) * per_page
    return list(items[start : start + per_page])


def page_links(current: int, total_pages: int) -> dict[str, int | None]:
    """Neighbouring page numbers for the navigation bar (None at the ends)."""
    return {
        "first": 1,
        "previous": current - 1 if current > 1 else None,
        "next": current + 1 if current < total_pages else None,
        "last": total_pages,
    }
