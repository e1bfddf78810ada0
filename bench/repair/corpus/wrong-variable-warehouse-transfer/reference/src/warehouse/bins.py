"""Stock per bin location in the warehouse: receipts, picks and transfers."""

from __future__ import annotations


class InsufficientStock(Exception):
    pass


class Warehouse:
    def __init__(self) -> None:
        self.bins: dict[str, dict[str, int]] = {}  # location -> sku -> quantity

    def quantity(self, location: str, sku: str) -> int:
        return self.bins.get(location, {}).get(sku, 0)

    def receive(self, location: str, sku: str, quantity: int) -> None:
        stock = self.bins.setdefault(location, {})
        stock[sku] = stock.get(sku, 0) + quantity

    def pick(self, location: str, sku: str, quantity: int) -> None:
        if self.quantity(location, sku) < quantity:
            raise InsufficientStock(f"{quantity} x {sku} not in {location}")
        self.bins[location][sku] -= quantity

    def transfer(self, sku: str, quantity: int, source: str, target: str) -> None:
        self.pick(source, sku, quantity)
        stock = self.bins.setdefault(target, {})
        stock[sku] = stock.get(sku, 0) + quantity

    def total(self, sku: str) -> int:
        return sum(stock.get(sku, 0) for stock in self.bins.values())
