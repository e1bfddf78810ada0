from pricing.discount import Tier, discount_percent, line_total


def test_every_boundary():
    assert discount_percent(9) == 0.0
    assert discount_percent(10) == 5.0
    assert discount_percent(49) == 5.0
    assert discount_percent(99) == 10.0
    assert discount_percent(100) == 15.0
    assert discount_percent(1000) == 15.0


def test_line_total_at_the_top_tier():
    assert line_total(1.0, 100) == 85.0


def test_unordered_custom_tiers():
    tiers = (Tier(5, 1.0), Tier(1, 20.0))
    assert discount_percent(1, tiers) == 20.0
    assert discount_percent(5, tiers) == 20.0
    assert discount_percent(0, tiers) == 0.0
