from timeline.lookup import first_at_or_after


def test_exact_match_gives_the_first_equal():
    assert first_at_or_after([1.0, 2.5, 2.5, 4.0], 2.5) == 1


def test_every_position_in_a_long_timeline():
    times = [float(t) for t in range(0, 200, 2)]
    for i, t in enumerate(times):
        assert first_at_or_after(times, t) == i
        assert first_at_or_after(times, t + 1) == i + 1
