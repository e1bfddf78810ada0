from envdiff.packages import compare, sorted_diff


def test_from_an_empty_environment():
    assert sorted_diff([], ["numpy", "pandas"]) == ([], ["numpy", "pandas"])


def test_interleaved_changes():
    old = ["b", "d", "f"]
    new = ["a", "b", "e", "f", "g", "h"]
    assert sorted_diff(old, new) == (["d"], ["a", "e", "g", "h"])


def test_compare_reports_new_packages():
    result = compare("click==8.1", "click==8.1\nzipp==3.17")
    assert result == {"removed": [], "added": ["zipp"], "changed": []}
