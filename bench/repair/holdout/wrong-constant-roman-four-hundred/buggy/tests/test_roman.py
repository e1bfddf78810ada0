import pytest

from numerals.roman import from_roman, to_roman


def test_this_year():
    assert to_roman(2024) == "MMXXIV"


def test_subtractive_tens_and_units():
    assert to_roman(3999) == "MMMCMXCIX"


def test_reading_a_numeral():
    assert from_roman("mcmxc") == 1990


def test_non_canonical_numerals_are_rejected():
    with pytest.raises(ValueError):
        from_roman("IIII")


def test_fourteen_ninety_two():
    assert to_roman(1492) == "MCDXCII"
