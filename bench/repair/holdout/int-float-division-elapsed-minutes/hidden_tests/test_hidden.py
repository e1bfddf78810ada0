from timing.clock import format_elapsed, pace, parse_elapsed


def test_round_trip():
    for seconds in (0, 59, 60, 61, 3599, 3600, 86399, 90061):
        assert parse_elapsed(format_elapsed(seconds)) == seconds


def test_marathon_pace():
    assert pace(3 * 3600 + 30 * 60, 42.195) == "4:59 /km"


def test_exact_hour():
    assert format_elapsed(7200) == "2:00:00"
