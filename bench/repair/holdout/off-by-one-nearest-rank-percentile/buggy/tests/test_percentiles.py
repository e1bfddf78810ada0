import pytest

from latency.percentiles import percentile, summary


def test_no_samples_is_an_error():
    with pytest.raises(ValueError):
        percentile([], 50)


def test_the_percentile_must_be_in_range():
    with pytest.raises(ValueError):
        percentile([1.0, 2.0], 0)


def test_summary_labels():
    assert set(summary(range(1, 101))) == {"p50", "p90", "p99"}


def test_the_median_of_ten_samples():
    samples = [12, 15, 11, 30, 18, 14, 13, 16, 20, 17]
    assert percentile(samples, 50) == 15


def test_p100_is_the_slowest_sample():
    assert percentile([120.0, 80.5, 95.0], 100) == 120.0
