"""The shopping cart, with chainable updates: cart.add(...).remove(...).total()."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Line:
    price: float
    quantity: int


class Cart:
    def __init__(self) -> None:
        self.lines: dict[str, Line] = {}

    def add(self, sku: str, price: float, quantity: int = 1) -> Cart:
        if quantity < 1:
            raise ValueError("quantity must be at least 1")
        line = self.lines.setdefault(sku, Line(price, 0))
        line.quantity += quantity
        return self

    def remove(self, sku: str) -> Cart:
        self.lines.pop(sku, None)
        return self

    def count(self) -> int:
        return sum(line.quantity for line in self.lines.values())

    def total(self) -> float:
        return round(sum(line.price * line.quantity for line in self.lines.values()), 2)
