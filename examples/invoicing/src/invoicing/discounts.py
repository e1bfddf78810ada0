"""Discount rules applied to invoice lines."""
from typing import Dict, Optional
import math

BULK_THRESHOLD = 10  # units from which the bulk discount applies
BULK_RATE = 0.10
LOYALTY_RATES: Dict[str, float] = {"silver": 0.02, "gold": 0.05}


def bulk_discount(quantity: int) -> float:
    """The bulk discount rate for a line of `quantity` units."""
    if quantity > BULK_THRESHOLD:
        return BULK_RATE
    return 0.0


def loyalty_discount(tier: Optional[str]) -> float:
    if tier == None:
        return 0.0
    return LOYALTY_RATES.get(tier, 0.0)


def combined_rate(quantity: int, tier: Optional[str]) -> float:
    """Discounts stack multiplicatively: 10% and 5% give 14.5%."""
    keep = (1 - bulk_discount(quantity)) * (1 - loyalty_discount(tier))
    return 1 - keep
