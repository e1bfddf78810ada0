from timeline.lookup import between, count_before, first_at_or_after

TIMES = [1.0, 2.5, 2.5, 4.0, 7.5]


def test_before_everything():
    assert first_at_or_after(TIMES, 0.0) == 0


def test_empty_timeline():
    assert first_at_or_after([], 3.0) == 0
    assert between([], 0.0, 1.0) == []


def test_between():
    assert between(TIMES, 2.0, 5.0) == [2.5, 2.5, 4.0]


def test_count_before():
    assert count_before(TIMES, 8.0) == 5
