"""Invoices for a small shop: line items, discounts, taxes and totals."""

from invoicing.invoice import Invoice, LineItem
from invoicing.money import Money

__all__ = ["Invoice", "LineItem", "Money"]
