from inventory.reorder import Product, purchase_order, stock_value

BOLTS = Product("BOLT-M6", on_hand=40, reorder_point=50, reorder_quantity=500)
NUTS = Product("NUT-M6", on_hand=900, reorder_point=200, reorder_quantity=1000)
WASHERS = Product("WSH-M6", 10, 100, 400, discontinued=True)


def test_well_stocked_products_are_not_ordered():
    assert purchase_order([NUTS]) == {}


def test_low_stock_is_ordered():
    assert purchase_order([BOLTS, NUTS]) == {"BOLT-M6": 500}


def test_stock_value():
    assert stock_value([BOLTS, NUTS], {"BOLT-M6": 0.1, "NUT-M6": 0.05}) == 49.0
