"""Imports the bank's CSV statement: date;description;amount, European style."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

DATE_FORMAT = "%m/%d/%Y"


@dataclass(frozen=True)
class Transaction:
    day: date
    description: str
    amount: float


def parse_amount(text: str) -> float:
    """ "1.234,56" -> 1234.56 and "-12,30" -> -12.3 (decimal comma)."""
    return float(text.strip().replace(".", "").replace(",", "."))


def read_statement(text: str) -> list[Transaction]:
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    transactions = []
    for row in rows[1:]:
        if not row:
            continue
        day = datetime.strptime(row[0].strip(), DATE_FORMAT).date()
        transactions.append(Transaction(day, row[1].strip(), parse_amount(row[2])))
    return transactions


def balance(transactions: list[Transaction]) -> float:
    return round(sum(t.amount for t in transactions), 2)
