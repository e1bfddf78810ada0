import pytest

from downloader.progress import seconds_left, status_line


def test_slow_start():
    assert seconds_left(10, 100, 4.0) == pytest.approx(36.0)


def test_status_line():
    assert status_line(1, 3, 0.4) == " 33.3% ETA 1s"
