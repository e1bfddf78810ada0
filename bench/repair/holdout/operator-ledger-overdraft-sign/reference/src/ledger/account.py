"""A bank account ledger with an arranged overdraft."""

from dataclasses import dataclass, field
from decimal import Decimal


class InsufficientFunds(Exception):
    """A withdrawal would take the account past its overdraft limit."""


@dataclass
class Account:
    owner: str
    overdraft_limit: Decimal = Decimal("0")
    entries: list[tuple[str, Decimal]] = field(default_factory=list)

    @property
    def balance(self) -> Decimal:
        return sum((amount for _, amount in self.entries), Decimal("0"))

    @property
    def available(self) -> Decimal:
        """What can still be withdrawn, overdraft included."""
        return self.balance + self.overdraft_limit

    def deposit(self, amount: Decimal, memo: str = "deposit") -> None:
        if amount <= 0:
            raise ValueError("a deposit must be positive")
        self.entries.append((memo, amount))

    def withdraw(self, amount: Decimal, memo: str = "withdrawal") -> None:
        if amount <= 0:
            raise ValueError("a withdrawal must be positive")
        if self.balance - amount < -self.overdraft_limit:
            raise InsufficientFunds(f"{self.owner}: {amount} exceeds {self.available}")
        self.entries.append((memo, -amount))

    def statement(self) -> list[str]:
        """One line per entry: memo, amount and the running balance."""
        lines, running = [], Decimal("0")
        for memo, amount in self.entries:
            running += amount
            lines.append(f"{memo:<12}{amount:>10}{running:>10}")
        return lines
