from logfilter.levels import filter_lines, threshold


def test_default_threshold():
    assert threshold({}) == 30


def test_default_keeps_critical_drops_info():
    lines = ["t1 CRITICAL disk full", "t2 info hello", "t3 warning low memory"]
    assert filter_lines(lines, {}) == ["t1 CRITICAL disk full", "t3 warning low memory"]


def test_debug_keeps_everything():
    lines = ["t1 DEBUG a", "t2 TRACE b"]
    assert filter_lines(lines, {"level": "debug"}) == ["t1 DEBUG a"]
