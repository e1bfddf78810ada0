import pytest

from pricing.discount import Tier, discount_percent, line_total


def test_small_orders_pay_full_price():
    assert discount_percent(3) == 0.0
    assert line_total(2.50, 4) == 10.0


def test_an_order_between_tiers_gets_the_lower_tier():
    assert discount_percent(75) == 10.0


def test_reaching_a_tier_exactly_grants_it():
    assert discount_percent(50) == 10.0
    assert line_total(2.0, 10) == 19.0


def test_custom_tiers():
    tiers = (Tier(2, 50.0),)
    assert line_total(10.0, 3, tiers) == 15.0


def test_negative_quantity_is_rejected():
    with pytest.raises(ValueError):
        line_total(1.0, -1)
