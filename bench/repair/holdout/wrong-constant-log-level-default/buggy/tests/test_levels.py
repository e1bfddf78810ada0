import pytest

from logfilter.levels import count_by_level, filter_lines, parse_line, threshold

LOG = [
    "2024-05-01T10:00:00 DEBUG cache warmed",
    "2024-05-01T10:00:01 INFO listening on :8080",
    "2024-05-01T10:00:02 WARNING slow query (1.2 s)",
    "",
    "2024-05-01T10:00:03 ERROR payment failed",
]


def test_parse_line():
    assert parse_line(LOG[4]) == ("2024-05-01T10:00:03", "ERROR", "payment failed")


def test_configured_level():
    assert threshold({"level": " error "}) == 40
    assert filter_lines(LOG, {"level": "info"}) == LOG[1:3] + LOG[4:]


def test_unknown_level():
    with pytest.raises(ValueError):
        threshold({"level": "LOUD"})


def test_count_by_level():
    assert count_by_level(LOG) == {"DEBUG": 1, "INFO": 1, "WARNING": 1, "ERROR": 1}


def test_warnings_and_worse_by_default():
    assert filter_lines(LOG, {}) == [LOG[2], LOG[4]]
