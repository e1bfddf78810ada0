import pytest

from latency.percentiles import median, percentile


def test_percentiles():
    samples = [float(ms) for ms in range(1, 101)]
    assert percentile(samples, 95) == 95.0
    assert percentile(samples, 100) == 100.0


def test_percentile_bounds():
    with pytest.raises(ValueError):
        percentile([1.0], 0)


def test_median_of_an_odd_count():
    assert median([30.0, 10.0, 20.0]) == 20.0


def test_median_of_nothing():
    with pytest.raises(ValueError):
        median([])
