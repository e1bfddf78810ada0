from stockroom.valuation import low_stock, merge_counts, stock_value, unpriced

STOCK = {"BOLT-M6": 400, "NUT-M6": 1000, "GLUE-50ML": 12}
PRICES = {"BOLT-M6": 0.12, "NUT-M6": 0.04}


def test_stock_value():
    assert stock_value(STOCK, PRICES) == 88.0


def test_unpriced_items():
    assert unpriced(STOCK, PRICES) == ["GLUE-50ML"]


def test_low_stock():
    assert low_stock(STOCK, 500) == ["BOLT-M6", "GLUE-50ML"]


def test_merge_counts():
    assert merge_counts({"a": 1}, {"a": 2, "b": 5}) == {"a": 3, "b": 5}
