from myagent.director.test_strength import check_counts, is_test_file, weakened_tests

BEFORE = """
import pytest

def test_a():
    assert f(1) == 2
    assert f(2) == 3

class TestB:
    def test_b(self):
        with pytest.raises(ValueError):
            f(-1)
        self.assertEqual(1, 1)

def helper():
    assert True
"""


def test_counts_checks_per_test():
    assert check_counts(BEFORE) == {"test_a": 2, "TestB.test_b": 2}


def test_removing_an_assert_weakens():
    after = BEFORE.replace("    assert f(2) == 3\n", "")
    assert weakened_tests("tests/test_x.py", BEFORE, after) == [
        "tests/test_x.py::test_a (2 -> 1 checks)"
    ]


def test_removing_a_test_or_the_file_weakens():
    after = BEFORE.replace("def test_a", "def not_a_test")
    assert weakened_tests("t.py", BEFORE, after) == ["t.py::test_a (removed)"]
    assert len(weakened_tests("t.py", BEFORE, None)) == 2


def test_adding_checks_or_files_is_fine():
    assert weakened_tests("t.py", BEFORE, BEFORE + "\ndef test_c():\n    assert 1\n") == []
    assert weakened_tests("t.py", None, "def test_new():\n    assert 1\n") == []


def test_unparsable_result_weakens():
    assert weakened_tests("t.py", BEFORE, "def test_a(:\n") == ["t.py (no longer parses)"]


def test_is_test_file():
    assert is_test_file("tests/test_money.py")
    assert is_test_file("pkg/money_test.py")
    assert is_test_file("checks/helpers.py", ["checks"])
    assert not is_test_file("src/pkg/money.py", ["tests"])
