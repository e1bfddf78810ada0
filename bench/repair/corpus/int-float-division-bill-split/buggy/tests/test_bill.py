import pytest

from tabsplit.bill import per_person, split_cents, tip


def test_tip():
    assert tip(80.0, 15) == 12.0


def test_even_split():
    assert per_person(90.0, 3) == 30.0


def test_uneven_split_keeps_the_cents():
    assert per_person(100.0, 3) == 33.33


def test_split_cents_adds_up():
    assert split_cents(1000, 3) == [334, 333, 333]
    with pytest.raises(ValueError):
        split_cents(1000, 0)
