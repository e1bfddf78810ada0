"""The value of the stock room, for the month-end balance sheet."""

from __future__ import annotations


def stock_value(stock: dict[str, int], prices: dict[str, float]) -> float:
    """Sum of quantity x unit price; items without a price count as zero."""
    total = 0.0
    for sku, quantity in stock.keys():
        total += quantity * prices.get(sku, 0.0)
    return round(total, 2)


def unpriced(stock: dict[str, int], prices: dict[str, float]) -> list[str]:
    return sorted(sku for sku in stock if sku not in prices)


def low_stock(stock: dict[str, int], threshold: int) -> list[str]:
    return sorted(sku for sku, quantity in stock.items() if quantity < threshold)


def merge_counts(*counts: dict[str, int]) -> dict[str, int]:
    """Add up stock counts from several rooms."""
    merged: dict[str, int] = {}
    for room in counts:
        for sku, quantity in room.items():
            merged[sku] = merged.get(sku, 0) + quantity
    return merged
