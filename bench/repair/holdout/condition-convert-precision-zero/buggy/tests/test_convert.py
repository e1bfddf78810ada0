import pytest

from units.convert import convert, parse_quantity


def test_miles_to_kilometres():
    assert convert(26.2, "mi", "km") == pytest.approx(42.1648128)


def test_rounding_to_two_places():
    assert convert(1, "lb", "kg", precision=2) == 0.45


def test_lengths_and_masses_do_not_mix():
    with pytest.raises(ValueError):
        convert(1, "kg", "m")


def test_parse_quantity():
    assert parse_quantity(" 5.5 km") == (5.5, "km")
    assert parse_quantity("12lb") == (12.0, "lb")


def test_rounding_to_whole_units():
    assert convert(1, "mi", "km", precision=0) == 2.0
