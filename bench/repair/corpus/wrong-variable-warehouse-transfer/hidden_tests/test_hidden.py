from warehouse.bins import Warehouse


def test_transfer_into_an_existing_bin():
    w = Warehouse()
    w.receive("A1", "desk", 5)
    w.receive("C2", "desk", 1)
    w.transfer("desk", 5, "A1", "C2")
    assert (w.quantity("A1", "desk"), w.quantity("C2", "desk")) == (0, 6)


def test_transfer_there_and_back():
    w = Warehouse()
    w.receive("A1", "lamp", 2)
    w.transfer("lamp", 2, "A1", "B1")
    w.transfer("lamp", 1, "B1", "A1")
    assert (w.quantity("A1", "lamp"), w.quantity("B1", "lamp")) == (1, 1)
