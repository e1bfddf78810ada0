import pytest

from retrying.backoff import attempts_until_cap, schedule, total_wait


def test_schedule_is_capped():
    assert schedule(5, 0.5, 2.0, 4.0) == [0.5, 1.0, 2.0, 4.0, 4.0]


def test_total_wait():
    assert total_wait(3, 1.0, 3.0, 100.0) == 13.0


def test_bad_parameters():
    with pytest.raises(ValueError):
        attempts_until_cap(1.0, 1.0, 10.0)


def test_attempts_until_cap():
    assert attempts_until_cap(0.5, 2.0, 4.0) == 3
