import pytest

from ledgerbank.accounts import InsufficientFunds, Ledger


def make() -> Ledger:
    ledger = Ledger()
    ledger.open("club", 10_000)
    ledger.open("bar", 500)
    return ledger


def test_withdraw():
    ledger = make()
    ledger.withdraw("bar", 200)
    assert ledger.balances["bar"] == 300


def test_overdraft_is_refused():
    with pytest.raises(InsufficientFunds):
        make().transfer("bar", "club", 501)


def test_transfer_moves_money():
    ledger = make()
    ledger.transfer("club", "bar", 2_500)
    assert ledger.balances == {"club": 7_500, "bar": 3_000}
    assert ledger.history == [("club", "bar", 2_500)]


def test_opening_twice_is_an_error():
    with pytest.raises(ValueError):
        make().open("bar")
