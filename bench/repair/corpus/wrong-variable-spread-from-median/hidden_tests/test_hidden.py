import pytest

from stats.summary import summarize


def test_constant_sample():
    assert summarize([5.0, 5.0, 5.0]).stdev == 0.0


def test_stdev_of_a_sales_week():
    week = [120.0, 80.0, 95.0, 300.0, 110.0]
    assert summarize(week).stdev == pytest.approx(80.6474, abs=1e-4)


def test_single_value():
    s = summarize([3.5])
    assert (s.mean, s.median, s.stdev) == (3.5, 3.5, 0.0)
