"""Render the shop's pages from the templates beside this module (string.Template)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from string import Template

from webshop.catalog import PRODUCTS, Product, euros

TEMPLATES = Path(__file__).parent / "templates"


def _template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def product_card(product: Product) -> str:
    return (
        f'<li class="card"><img src="{escape(product.image)}" alt="">'
        f"<span>{escape(product.name)}</span> <span>{euros(product.price_cents)}</span></li>"
    )


def catalog_page() -> str:
    cards = "\n".join(product_card(p) for p in PRODUCTS)
    return _template("catalog.html").substitute(cards=cards)


def checkout_page(total_cents: int) -> str:
    return _template("checkout.html").substitute(total=euros(total_cents))
