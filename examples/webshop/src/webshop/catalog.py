"""The shop's products and the sums a basket needs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    price_cents: int
    image: str


PRODUCTS = (
    Product("tea", "Green tea", 450, "img/tea.png"),
    Product("mug", "Blue mug", 1200, "img/mug.png"),
    Product("pot", "Tea pot", 3900, "img/pot.png"),
)


def find(sku: str) -> Product:
    """The product with this SKU (KeyError when there is none)."""
    for product in PRODUCTS:
        if product.sku == sku:
            return product
    raise KeyError(sku)


def basket_total(lines: dict[str, int]) -> int:
    """The price in cents of `quantity` of each SKU."""
    return sum(find(sku).price_cents * quantity for sku, quantity in lines.items())


def euros(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d} EUR"
