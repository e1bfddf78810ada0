from inventory.reorder import Product, needs_reorder, purchase_order


def test_discontinued_products_are_never_reordered():
    washers = Product("WSH-M6", 10, 100, 400, discontinued=True)
    assert not needs_reorder(washers)
    assert purchase_order([washers]) == {}


def test_exactly_at_the_reorder_point():
    assert needs_reorder(Product("A", 50, 50, 10))


def test_mixed_order():
    items = [Product("A", 0, 5, 10), Product("B", 0, 5, 20, True), Product("C", 9, 5, 30)]
    assert purchase_order(items) == {"A": 10}
