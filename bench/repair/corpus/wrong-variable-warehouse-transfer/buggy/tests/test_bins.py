import pytest

from warehouse.bins import InsufficientStock, Warehouse


def make() -> Warehouse:
    w = Warehouse()
    w.receive("A1", "chair", 10)
    return w


def test_receive_and_pick():
    w = make()
    w.pick("A1", "chair", 4)
    assert w.quantity("A1", "chair") == 6


def test_cannot_pick_more_than_there_is():
    with pytest.raises(InsufficientStock):
        make().pick("A1", "chair", 11)


def test_transfer_moves_stock():
    w = make()
    w.transfer("chair", 3, "A1", "B7")
    assert w.quantity("B7", "chair") == 3
    assert w.quantity("A1", "chair") == 7


def test_transfer_keeps_the_total():
    w = make()
    w.transfer("chair", 3, "A1", "B7")
    assert w.total("chair") == 10
