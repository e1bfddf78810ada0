import pytest

from invoicing.money import Money, total


def test_parse_whole_and_fraction():
    assert Money.parse("12.34").cents == 1234
    assert Money.parse("7").cents == 700
    assert Money.parse("0.5").cents == 50


def test_add_same_currency():
    assert (Money(100) + Money(250)).cents == 350


def test_add_other_currency_fails():
    with pytest.raises(ValueError):
        Money(100) + Money(100, "USD")


def test_total_and_str():
    assert str(total([Money(199), Money(1)])) == "2.00 EUR"
