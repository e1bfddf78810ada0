import pytest

from booking.dates import is_valid_date, parse_date


def test_leap_day():
    assert is_valid_date(2024, 2, 29)
    assert not is_valid_date(2023, 2, 29)


def test_thirty_day_months():
    assert is_valid_date(2023, 4, 30)
    assert not is_valid_date(2023, 4, 31)


def test_day_zero():
    assert not is_valid_date(2023, 5, 0)
    with pytest.raises(ValueError):
        parse_date("2023-05-00")
