import pytest

from shipping.rates import cost, zone


def test_zones():
    assert zone("fr") == "domestic"
    assert zone("US") == "world"


def test_domestic_parcel():
    assert cost(1.2, "FR") == 6.50


def test_parcel_to_germany():
    assert cost(2.0, "DE") == 12.70


def test_weightless_parcel_is_rejected():
    with pytest.raises(ValueError):
        cost(0, "FR")
