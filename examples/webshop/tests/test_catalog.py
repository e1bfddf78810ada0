import pytest

from webshop.catalog import basket_total, euros, find


def test_find_returns_the_product_with_the_sku():
    assert find("mug").name == "Blue mug"


def test_find_raises_for_an_unknown_sku():
    with pytest.raises(KeyError):
        find("spoon")


def test_basket_total_adds_quantity_times_price():
    assert basket_total({"tea": 2, "mug": 1}) == 2 * 450 + 1200


def test_euros_formats_cents():
    assert euros(3905) == "39.05 EUR"
