import pytest

from downloader.progress import percent, seconds_left, status_line


def test_percent():
    assert percent(250, 1000) == 25.0
    assert percent(0, 0) == 100.0


def test_nothing_downloaded_yet():
    assert seconds_left(0, 1000, 2.0) is None
    assert status_line(0, 1000, 0.0) == "  0.0% ETA --"


def test_seconds_left_at_a_round_rate():
    assert seconds_left(500, 1500, 5.0) == 10.0


def test_seconds_left_at_an_uneven_rate():
    assert seconds_left(1000, 4000, 3.0) == pytest.approx(9.0)
