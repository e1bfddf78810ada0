import pytest

from timeutil.durations import format_duration, parse


def test_parse_hours_and_minutes():
    assert parse("1h30m") == 5400


def test_parse_rejects_garbage():
    with pytest.raises(ValueError):
        parse("soon")
    with pytest.raises(ValueError):
        parse("")


def test_format():
    assert format_duration(5400) == "1h30m"
    assert format_duration(0) == "0s"
    assert format_duration(90061) == "1d1h1m1s"
