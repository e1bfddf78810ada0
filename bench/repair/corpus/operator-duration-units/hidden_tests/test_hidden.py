import pytest

from timeutil.durations import format_duration, parse


def test_seconds_only():
    assert parse("45s") == 45
    assert parse("1s") == 1


def test_days_with_spaces():
    assert parse("2d 4h") == 2 * 86400 + 4 * 3600


def test_round_trip():
    for seconds in (59, 61, 3600, 86399, 200000):
        assert parse(format_duration(seconds)) == seconds


def test_format_rejects_negative():
    with pytest.raises(ValueError):
        format_duration(-1)
