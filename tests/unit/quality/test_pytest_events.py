"""Reading the pytest plugin's events, recorded from a real run (samples/events.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

from myagent.protocol import TestOutcome, TestStatus
from myagent.quality.pytest_events import parse_events, pass_rate, summary
from myagent.quality.tests_runner import pytest_args

SAMPLES = Path(__file__).parent / "samples"


def test_every_outcome_kind_is_read_with_its_message():
    events = parse_events((SAMPLES / "events.jsonl").read_text())
    status = {n: o.status for n, o in events.results.items()}
    assert status == {
        "tests/test_bad_import.py": TestStatus.ERROR,  # collection error
        "tests/test_calc.py::test_add": TestStatus.PASSED,
        "tests/test_calc.py::test_fail": TestStatus.FAILED,
        "tests/test_calc.py::test_p[1]": TestStatus.PASSED,
        "tests/test_calc.py::test_p[2]": TestStatus.PASSED,
        "tests/test_more.py::test_loop": TestStatus.TIMEOUT,
        "tests/test_more.py::test_sleep": TestStatus.TIMEOUT,
        "tests/test_more.py::test_xf": TestStatus.XFAILED,
        "tests/test_more.py::test_sk": TestStatus.SKIPPED,
        "tests/test_more.py::test_fixture": TestStatus.ERROR,
    }
    assert events.results["tests/test_more.py::test_loop"].message == "timeout after 1s"
    assert events.results["tests/test_calc.py::test_fail"].message.startswith("assert 2 == 3")
    assert "No module named 'nonexistent_mod'" in events.results["tests/test_bad_import.py"].message
    assert events.collected == 9
    assert events.exitstatus == 1
    assert events.running is None


def test_a_killed_run_names_the_test_that_was_running_and_ignores_a_cut_line():
    events = parse_events((SAMPLES / "events_died.jsonl").read_text())
    assert list(events.results) == ["tests/test_c.py::test_a"]
    assert events.running == "tests/test_c.py::test_exit"
    assert events.exitstatus is None


def outcomes(*statuses: TestStatus) -> list[TestOutcome]:
    return [TestOutcome(nodeid=f"t::{i}", status=s) for i, s in enumerate(statuses)]


def test_pass_rate_counts_only_tests_that_ran():
    P, F, S, X, T = (
        TestStatus.PASSED, TestStatus.FAILED, TestStatus.SKIPPED, TestStatus.XFAILED,
        TestStatus.TIMEOUT,
    )  # fmt: skip
    assert pass_rate(outcomes(P, P, F, T)) == 0.5
    assert pass_rate(outcomes(P, S, X)) == 1.0
    assert pass_rate(outcomes(TestStatus.XPASSED, TestStatus.ERROR)) == 0.5


def test_no_tests_or_only_skipped_tests_pass_nothing():
    assert pass_rate([]) == 0.0
    assert pass_rate(outcomes(TestStatus.SKIPPED)) == 0.0
    assert summary([]) == "no tests collected"


def test_summary_counts_outcomes_most_common_first():
    text = summary(outcomes(TestStatus.PASSED, TestStatus.PASSED, TestStatus.TIMEOUT))
    assert text == "3 tests: 2 passed, 1 timeout"


def test_pytest_arguments_come_from_the_test_command():
    assert pytest_args(["pytest"]) == []
    assert pytest_args(["pytest", "-x", "tests/unit"]) == ["-x", "tests/unit"]
    assert pytest_args([".venv/bin/pytest", "-q"]) == ["-q"]
    assert pytest_args(["python3", "-m", "pytest", "tests"]) == ["tests"]
    assert pytest_args(["make", "test"]) is None


def test_a_failures_type_frames_and_traceback_are_read():
    line = json.dumps(
        {
            "event": "result",
            "nodeid": "tests/test_a.py::test_div",
            "outcome": "failed",
            "duration": 0.01,
            "message": "ZeroDivisionError: division by zero",
            "error_type": "ZeroDivisionError",
            "frames": ["tests/test_a.py:4", "src/pkg/mod.py:9"],
            "traceback": "Traceback (most recent call last):\n...",
        }
    )
    unmatched = json.dumps({"event": "unmatched", "nodeids": ["tests/test_a.py::test_gone"]})
    events = parse_events(f"{line}\n{unmatched}\n")
    outcome = events.results["tests/test_a.py::test_div"]
    assert outcome.error_type == "ZeroDivisionError"
    assert outcome.frames == ["tests/test_a.py:4", "src/pkg/mod.py:9"]
    assert outcome.traceback.startswith("Traceback")
    assert events.unmatched == ["tests/test_a.py::test_gone"]


def test_a_passing_test_has_no_failure_details():
    events = parse_events((SAMPLES / "events.jsonl").read_text())
    passed = events.results["tests/test_calc.py::test_add"]
    assert (passed.error_type, passed.frames, passed.traceback) == ("", [], "")
