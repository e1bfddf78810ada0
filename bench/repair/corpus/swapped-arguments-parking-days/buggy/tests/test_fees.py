import pytest

from parking.fees import billable_hours, fee


def test_billable_hours():
    assert billable_hours(30) == 0
    assert billable_hours(31) == 1
    assert billable_hours(125) == 3


def test_short_stays_are_free():
    assert fee(20) == 0.0


def test_two_hours():
    assert fee(120) == 5.0


def test_negative_stay_is_rejected():
    with pytest.raises(ValueError):
        fee(-5)
