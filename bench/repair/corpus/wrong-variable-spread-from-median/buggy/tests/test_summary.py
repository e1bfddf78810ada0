import pytest

from stats.summary import summarize


def test_symmetric_sample():
    s = summarize([2.0, 4.0, 6.0])
    assert (s.count, s.mean, s.median, s.low, s.high) == (3, 4.0, 4.0, 2.0, 6.0)
    assert s.stdev == pytest.approx(1.63299, abs=1e-5)


def test_even_count_median():
    assert summarize([1.0, 2.0, 10.0, 20.0]).median == 6.0


def test_skewed_sample_stdev():
    assert summarize([1.0, 1.0, 1.0, 9.0]).stdev == pytest.approx(3.4641, abs=1e-4)


def test_empty_is_an_error():
    with pytest.raises(ValueError):
        summarize([])
