import pytest

from shop.cart import Cart


def test_add_and_total():
    assert Cart().add("mug", 8.5, 2).add("tea", 4.25).total() == 21.25


def test_adding_twice_adds_up():
    assert Cart().add("mug", 8.5).add("mug", 8.5, 2).count() == 3


def test_remove_in_a_chain():
    assert Cart().add("mug", 8.5).add("tea", 4.25).remove("mug").total() == 4.25


def test_zero_quantity_is_refused():
    with pytest.raises(ValueError):
        Cart().add("mug", 8.5, 0)
