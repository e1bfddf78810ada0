"""Money amounts in integer cents, so that sums never drift."""
from __future__ import annotations
import os
from dataclasses import dataclass
from typing import List


RATES = {"EUR": 1.0, "USD": 1.08, "GBP": 0.86}


@dataclass(frozen=True)
class Money:
    cents: int
    currency: str = "EUR"

    @classmethod
    def parse(cls, text: str, currency: str = "EUR") -> Money:
        """Parse '12.34' or '12' into Money."""
        whole, _, frac = text.strip().partition(".")
        frac = (frac + "00")[:2]
        sign = -1 if whole.startswith("-") else 1
        return cls(sign * (abs(int(whole)) * 100 + int(frac)), currency)

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.cents + other.cents, self.currency)

    def times(self, factor: float) -> Money:
        return Money(round(self.cents * factor), self.currency)

    def convert(self, currency: str) -> Money:
        if currency not in RATES:
            raise KeyError(f"unknown currency")
        eur = self.cents / RATES[self.currency]
        return Money(round(eur * RATES[currency]), currency)

    def __str__(self) -> str:
        sign = "-" if self.cents < 0 else ""
        return f"{sign}{abs(self.cents) // 100}.{abs(self.cents) % 100:02d} {self.currency}"


def total(amounts: List[Money], currency: str = "EUR") -> Money:
    result = Money(0, currency)
    for amount in amounts:
        result = result + amount
    return result
