import pytest

from invoicing.discounts import bulk_discount, combined_rate
from invoicing.invoice import Invoice


def test_single_line_invoice():
    invoice = Invoice("Ada")
    invoice.add("notebook", "3.50", 2)
    assert invoice.net().cents == 700
    assert invoice.tax().cents == 140
    assert invoice.gross().cents == 840


def test_quantity_must_be_positive():
    with pytest.raises(ValueError):
        Invoice("Ada").add("pen", "1.00", 0)


def test_bulk_discount_starts_at_ten():
    assert bulk_discount(9) == 0.0
    assert bulk_discount(10) == 0.10


def test_discounts_stack():
    assert combined_rate(12, "gold") == pytest.approx(0.145)
