from logscan.entries import error_rate, last_error, parse

LOG = [
    "2024-05-01 12:00:01 INFO started",
    "2024-05-01 12:00:02 ERROR disk full",
    "garbage",
    "2024-05-01 12:00:03 WARNING retrying",
    "2024-05-01 12:00:04 ERROR disk still full",
]


def test_parse_skips_garbage():
    assert len(parse(LOG)) == 4


def test_last_error():
    assert last_error(parse(LOG)).message == "disk still full"


def test_a_clean_log_has_no_last_error():
    assert last_error(parse(LOG[:1])) is None


def test_error_rate():
    assert error_rate(parse(LOG)) == 0.5
    assert error_rate([]) == 0.0
