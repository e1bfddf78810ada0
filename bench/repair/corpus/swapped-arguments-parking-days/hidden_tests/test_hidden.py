from parking.fees import fee, receipt_line


def test_the_daily_cap():
    assert fee(23 * 60) == 18.0


def test_several_days():
    assert fee(2 * 24 * 60 + 90) == 2 * 18.0 + 5.0
    assert fee(24 * 60) == 18.0


def test_zero_and_receipt():
    assert fee(0) == 0.0
    assert receipt_line(95) == "1h35 parked: 5.00 EUR"
