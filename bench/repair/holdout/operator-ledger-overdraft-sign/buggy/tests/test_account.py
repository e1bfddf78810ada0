from decimal import Decimal

import pytest

from ledger.account import Account, InsufficientFunds


def test_deposits_and_withdrawals_make_the_balance():
    account = Account("ada")
    account.deposit(Decimal("100.00"))
    account.withdraw(Decimal("30.50"))
    assert account.balance == Decimal("69.50")


def test_without_an_overdraft_the_balance_cannot_go_negative():
    account = Account("ada")
    account.deposit(Decimal("20"))
    with pytest.raises(InsufficientFunds):
        account.withdraw(Decimal("20.01"))
    assert account.balance == Decimal("20")


def test_an_overdraft_lets_the_balance_go_negative():
    account = Account("bob", overdraft_limit=Decimal("100"))
    account.deposit(Decimal("50"))
    account.withdraw(Decimal("120"))
    assert account.balance == Decimal("-70")


def test_the_statement_shows_a_running_balance():
    account = Account("ada")
    account.deposit(Decimal("10"), memo="salary")
    account.deposit(Decimal("5"), memo="refund")
    assert [line.split()[-1] for line in account.statement()] == ["10", "15"]
