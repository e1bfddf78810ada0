from datetime import date

import pytest

from recurrence.weekly import occurrences, parse_days, rule


def test_parse_days():
    assert parse_days("mo, TH") == {0, 3}


def test_unknown_weekday():
    with pytest.raises(ValueError):
        parse_days("MO,XX")


def test_rule_text():
    assert rule({3, 0}, 2) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH"


def test_no_occurrences_asked():
    assert occurrences(date(2024, 5, 1), {0}, 0) == []


def test_mondays_and_thursdays_from_a_wednesday():
    assert occurrences(date(2024, 5, 1), {0, 3}, 3) == [
        date(2024, 5, 2),
        date(2024, 5, 6),
        date(2024, 5, 9),
    ]
