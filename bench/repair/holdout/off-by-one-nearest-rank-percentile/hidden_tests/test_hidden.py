from latency.percentiles import percentile, slow_requests, summary


def test_a_single_sample_is_every_percentile():
    assert percentile([42.0], 1) == 42.0
    assert percentile([42.0], 100) == 42.0


def test_summary_of_one_to_a_hundred():
    assert summary(range(1, 101)) == {"p50": 50, "p90": 90, "p99": 99}


def test_slow_requests_above_p80():
    latencies = {"a": 10, "b": 20, "c": 30, "d": 40, "e": 50}
    assert slow_requests(latencies, 80) == ["e"]
