from envdiff.packages import compare, parse_freeze, sorted_diff


def test_parse_freeze():
    text = "# generated\nRequests==2.31.0\ntyping_extensions==4.9.0  # pinned\n-e .\n"
    assert parse_freeze(text) == {"requests": "2.31.0", "typing-extensions": "4.9.0"}


def test_identical_lists():
    assert sorted_diff(["a", "b"], ["a", "b"]) == ([], [])


def test_removed_at_the_end():
    assert sorted_diff(["attrs", "pytest", "tox"], ["attrs"]) == (["pytest", "tox"], [])


def test_version_changes():
    result = compare("django==4.2\nrich==13.0", "django==5.0\nrich==13.0")
    assert result["changed"] == ["django 4.2 -> 5.0"]


def test_added_at_the_end():
    assert sorted_diff(["attrs"], ["attrs", "pytest", "tox"]) == ([], ["pytest", "tox"])
