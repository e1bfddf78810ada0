"""Accounts of the club's bank ledger, in cents."""

from __future__ import annotations


class InsufficientFunds(Exception):
    pass


class Ledger:
    def __init__(self) -> None:
        self.balances: dict[str, int] = {}
        self.history: list[tuple[str, str, int]] = []

    def open(self, account: str, initial: int = 0) -> None:
        if account in self.balances:
            raise ValueError(f"{account} already exists")
        self.balances[account] = initial

    def withdraw(self, account: str, amount: int) -> None:
        if amount > self.balances[account]:
            raise InsufficientFunds(account)
        self.balances[account] -= amount

    def transfer(self, source: str, target: str, amount: int) -> None:
        if amount <= 0:
            raise ValueError("transfer a positive amount")
        if amount > self.balances[source]:
            raise InsufficientFunds(source)
        self.balances[source] -= amount
        self.balances[target] += amount
        self.history.append((source, target, amount))

    def total(self) -> int:
        return sum(self.balances.values())
