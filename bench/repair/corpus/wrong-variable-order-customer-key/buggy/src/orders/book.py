"""Orders and the customers who placed them, for the monthly statement."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Order:
    customer_id: str
    amount: float


class OrderBook:
    def __init__(self, customers: dict[str, str]) -> None:
        self.customers = customers  # customer id -> name
        self.orders: dict[str, Order] = {}  # order id -> order

    def place(self, order_id: str, customer_id: str, amount: float) -> None:
        if customer_id not in self.customers:
            raise KeyError(f"unknown customer {customer_id}")
        self.orders[order_id] = Order(customer_id, amount)

    def customer_of(self, order_id: str) -> str:
        return self.customers[self.orders[order_id].customer_id]

    def totals_by_customer(self) -> dict[str, float]:
        """Customer name -> the sum of their orders."""
        totals: dict[str, float] = {}
        for order_id, order in self.orders.items():
            name = self.customers[order_id]
            totals[name] = round(totals.get(name, 0.0) + order.amount, 2)
        return totals
