from datetime import date

from invoices.due_dates import due_date, next_business_day


def test_holiday_after_a_weekend():
    whit_monday = date(2024, 5, 20)
    assert next_business_day(date(2024, 5, 17), frozenset({whit_monday})) == date(2024, 5, 21)


def test_ten_business_days():
    assert due_date(date(2024, 6, 3), 10) == date(2024, 6, 17)


def test_from_a_saturday():
    assert next_business_day(date(2024, 6, 8)) == date(2024, 6, 10)
