"""Volume discounts for a wholesale price list."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tier:
    min_quantity: int
    percent_off: float


TIERS = (Tier(100, 15.0), Tier(50, 10.0), Tier(10, 5.0))


def discount_percent(quantity: int, tiers: tuple[Tier, ...] = TIERS) -> float:
    """The percentage off for `quantity` units: the best tier the order reaches."""
    best = 0.0
    for tier in tiers:
        if quantity >= tier.min_quantity and tier.percent_off > best:
            best = tier.percent_off
    return best


def line_total(unit_price: float, quantity: int, tiers: tuple[Tier, ...] = TIERS) -> float:
    """The price of an order line after its volume discount, rounded to cents."""
    if quantity < 0:
        raise ValueError("quantity must not be negative")
    gross = unit_price * quantity
    return round(gross * (1 - discount_percent(quantity, tiers) / 100), 2)
