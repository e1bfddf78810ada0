import pytest

from numerals.roman import from_roman, to_roman


def test_four_hundred():
    assert to_roman(400) == "CD"
    assert to_roman(444) == "CDXLIV"


def test_round_trip():
    for number in range(1, 4000):
        assert from_roman(to_roman(number)) == number


def test_out_of_range():
    with pytest.raises(ValueError):
        to_roman(0)
