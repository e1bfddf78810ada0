"""Due dates and reminders for customer invoices."""

from datetime import date, timedelta
from typing import Any

DEFAULT_TERMS_DAYS = 30


def due_date(issued: date, customer: dict[str, Any]) -> date:
    """The issue date plus the customer's payment terms (net 30 when none are agreed)."""
    terms = customer.get("payment_terms_days")
    return issued + timedelta(days=terms)


def days_overdue(issued: date, customer: dict[str, Any], today: date) -> int:
    """0 until the due date has passed, then the number of days since."""
    return max(0, (today - due_date(issued, customer)).days)


def reminder_level(overdue: int) -> str:
    """none, friendly (1-14 days), firm (15-44) or final (45 and more)."""
    if overdue <= 0:
        return "none"
    if overdue < 15:
        return "friendly"
    if overdue < 45:
        return "firm"
    return "final"
