from latency.percentiles import median, report


def test_median_of_an_even_count():
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5


def test_report():
    assert report([120.0, 80.0, 95.0, 300.0, 110.0]) == {"p50": 110.0, "p95": 300.0, "max": 300.0}
