from decimal import Decimal

import pytest

from ledger.account import Account, InsufficientFunds


def test_a_withdrawal_up_to_the_limit_is_allowed():
    account = Account("cy", overdraft_limit=Decimal("250"))
    account.withdraw(Decimal("250"))
    assert account.balance == Decimal("-250")
    assert account.available == Decimal("0")


def test_one_cent_past_the_limit_is_refused():
    account = Account("cy", overdraft_limit=Decimal("250"))
    with pytest.raises(InsufficientFunds):
        account.withdraw(Decimal("250.01"))
    assert account.entries == []


def test_a_large_balance_with_an_overdraft():
    account = Account("di", overdraft_limit=Decimal("100"))
    account.deposit(Decimal("500"))
    account.withdraw(Decimal("450"))
    assert account.available == Decimal("150")
