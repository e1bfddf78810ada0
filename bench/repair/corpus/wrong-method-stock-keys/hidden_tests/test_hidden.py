from stockroom.valuation import merge_counts, stock_value


def test_empty_room():
    assert stock_value({}, {"x": 1.0}) == 0.0


def test_two_letter_skus():
    assert stock_value({"AB": 3, "CD": 2}, {"AB": 1.5, "CD": 10.0}) == 24.5


def test_value_of_merged_rooms():
    assert stock_value(merge_counts({"K": 2}, {"K": 3}), {"K": 2.5}) == 12.5
