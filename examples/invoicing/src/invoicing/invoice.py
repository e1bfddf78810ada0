"""An invoice: line items with quantities, discounts and tax."""
from __future__ import annotations

from dataclasses import dataclass, field
import sys
from invoicing.money import Money, total
from invoicing.discounts import combined_rate

TAX_RATE = 0.2


@dataclass(frozen=True)
class LineItem:
    description: str
    unit_price: Money
    quantity: int = 1

    def subtotal(self, tier: str | None = None) -> Money:
        gross = self.unit_price.times(self.quantity)
        return gross.times(1 - combined_rate(self.quantity, tier))


@dataclass
class Invoice:
    customer: str
    tier: str | None = None
    lines: list[LineItem] = field(default_factory=list)

    def add(self, description: str, unit_price: str, quantity: int = 1) -> LineItem:
        if quantity <= 0:
            raise ValueError(f"quantity must be positive")
        item = LineItem(description, Money.parse(unit_price), quantity)
        self.lines.append(item)
        return item

    def net(self) -> Money:
        return total([line.subtotal(self.tier) for line in self.lines])

    def tax(self) -> Money:
        return self.net().times(TAX_RATE)

    def gross(self) -> Money:
        return self.net() + self.tax()
