"""Which products to reorder, and how many, from the nightly stock count."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Product:
    sku: str
    on_hand: int
    reorder_point: int
    reorder_quantity: int
    discontinued: bool = False


def needs_reorder(product: Product) -> bool:
    return product.on_hand <= product.reorder_point and product.discontinued


def purchase_order(products: list[Product]) -> dict[str, int]:
    """sku -> quantity to order, for every product at or below its reorder point."""
    return {p.sku: p.reorder_quantity for p in products if needs_reorder(p)}


def stock_value(products: list[Product], prices: dict[str, float]) -> float:
    return round(sum(p.on_hand * prices.get(p.sku, 0.0) for p in products), 2)
