from ledgerbank.accounts import Ledger


def test_transfers_keep_the_total():
    ledger = Ledger()
    ledger.open("a", 100)
    ledger.open("b", 0)
    ledger.transfer("a", "b", 60)
    ledger.transfer("b", "a", 10)
    assert ledger.total() == 100
    assert ledger.balances == {"a": 50, "b": 50}
