import pytest

from timing.clock import format_elapsed, parse_elapsed


def test_parse():
    assert parse_elapsed("1:02:05") == 3725
    assert parse_elapsed("45") == 45


def test_parse_rejects_sixty_minutes():
    with pytest.raises(ValueError):
        parse_elapsed("1:60:00")


def test_negative_times_are_rejected():
    with pytest.raises(ValueError):
        format_elapsed(-1)


def test_under_an_hour():
    assert format_elapsed(125) == "2:05"


def test_over_an_hour():
    assert format_elapsed(3725) == "1:02:05"
