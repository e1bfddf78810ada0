from datetime import date

from billing.invoices import days_overdue, due_date, reminder_level


def test_agreed_terms():
    assert due_date(date(2024, 3, 1), {"payment_terms_days": 14}) == date(2024, 3, 15)


def test_not_yet_due():
    customer = {"payment_terms_days": 10}
    assert days_overdue(date(2024, 1, 1), customer, date(2024, 1, 5)) == 0


def test_reminder_levels():
    assert [reminder_level(d) for d in (0, 1, 14, 15, 44, 45)] == [
        "none", "friendly", "friendly", "firm", "firm", "final",
    ]


def test_net_thirty_when_no_terms_are_agreed():
    assert due_date(date(2024, 1, 31), {"name": "Acme"}) == date(2024, 3, 1)
