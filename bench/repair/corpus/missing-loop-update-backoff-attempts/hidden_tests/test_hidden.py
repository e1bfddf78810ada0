from retrying.backoff import attempts_until_cap


def test_base_already_at_the_cap():
    assert attempts_until_cap(5.0, 2.0, 5.0) == 0


def test_slow_growth():
    assert attempts_until_cap(1.0, 1.5, 10.0) == 6
