"""Shipping costs for the web shop, which ships from France."""

from __future__ import annotations

import math

HOME = "FR"
EU = frozenset({"AT", "BE", "DE", "DK", "ES", "FI", "IE", "IT", "LU", "NL", "PL", "PT", "SE"})
RATES = {  # zone -> (base price, price per started kg)
    "domestic": (4.90, 0.80),
    "europe": (9.50, 1.60),
    "world": (19.00, 4.20),
}


def zone(country: str) -> str:
    code = country.strip().upper()
    if code == HOME:
        return "domestic"
    if code in EU:
        return "eu"
    return "world"


def cost(weight_kg: float, country: str) -> float:
    """The price of shipping a parcel of `weight_kg` to `country` (ISO code)."""
    if weight_kg <= 0:
        raise ValueError("a parcel weighs something")
    base, per_kg = RATES[zone(country)]
    return round(base + per_kg * math.ceil(weight_kg), 2)
