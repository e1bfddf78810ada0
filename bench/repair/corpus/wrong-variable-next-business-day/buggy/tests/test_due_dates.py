from datetime import date

from invoices.due_dates import due_date, is_business_day, next_business_day

MONDAY = date(2024, 6, 3)
FRIDAY = date(2024, 6, 7)


def test_weekdays_and_weekends():
    assert is_business_day(MONDAY)
    assert not is_business_day(date(2024, 6, 8))


def test_next_business_day_midweek():
    assert next_business_day(MONDAY) == date(2024, 6, 4)


def test_next_business_day_skips_the_weekend():
    assert next_business_day(FRIDAY) == date(2024, 6, 10)


def test_zero_terms():
    assert due_date(FRIDAY, 0) == FRIDAY
