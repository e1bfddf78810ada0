import pytest

from booking.dates import days_in_month, is_leap, is_valid_date, parse_date


def test_leap_years():
    assert is_leap(2024)
    assert not is_leap(1900)
    assert is_leap(2000)


def test_days_in_february():
    assert days_in_month(2024, 2) == 29
    assert days_in_month(2023, 2) == 28


def test_parse_a_mid_month_date():
    assert parse_date("2024-03-15") == (2024, 3, 15)


def test_the_last_day_of_a_month_is_valid():
    assert is_valid_date(2024, 1, 31)


def test_parse_rejects_impossible_dates():
    with pytest.raises(ValueError):
        parse_date("2023-02-29")
    with pytest.raises(ValueError):
        parse_date("2023-13-01")
