from datetime import date

from billing.invoices import days_overdue, due_date


def test_terms_stored_as_null():
    assert due_date(date(2024, 6, 1), {"payment_terms_days": None}) == date(2024, 7, 1)


def test_cash_on_delivery_means_zero_days():
    assert due_date(date(2024, 6, 1), {"payment_terms_days": 0}) == date(2024, 6, 1)


def test_overdue_with_default_terms():
    assert days_overdue(date(2024, 1, 1), {}, date(2024, 2, 10)) == 10
