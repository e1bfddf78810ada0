"""Spectrum-based fault localisation on hand-built quality reports."""

from __future__ import annotations

import math

import pytest

from myagent.protocol import CoverageData, QualityReport, TestOutcome, TestStatus
from myagent.repair.localize import TRACEBACK_FACTOR, localize
from myagent.repair.types import SuspiciousLine

PASS, FAIL = TestStatus.PASSED, TestStatus.FAILED
P1, P2, P3 = (
    "tests/test_calc.py::test_p1",
    "tests/test_calc.py::test_p2",
    "tests/test_calc.py::test_p3",
)
F1, F2 = "tests/test_calc.py::test_f1", "tests/test_calc.py::test_f2"


def report(statuses: dict[str, TestStatus], covered_by: dict[str, list[str]]) -> QualityReport:
    tests = [TestOutcome(nodeid=n, status=s) for n, s in statuses.items()]
    return QualityReport(tests=tests, coverage=CoverageData(covered_by=covered_by))


STATUSES = {P1: PASS, P2: PASS, P3: PASS, F1: FAIL, F2: FAIL}
# calc.py: line 3 runs for every test, 4 for one passing and both failing tests, 5 (the
# bug) only for the failing tests, 7 only for passing tests; the test file is not ranked.
SPECTRUM = {
    "src/calc.py:3": [P1, P2, P3, F1, F2],
    "src/calc.py:4": [P1, F1, F2],
    "src/calc.py:5": [F1, F2],
    "src/calc.py:7": [P2, P3],
    "tests/test_calc.py:10": [F1, F2],
    "tests/conftest.py:2": [F1, F2],
}


def ranked(lines: tuple[SuspiciousLine, ...]) -> list[str]:
    return [f"{s.path}:{s.line}" for s in lines]


def test_the_line_only_failing_tests_run_ranks_first() -> None:
    result = localize(report(STATUSES, SPECTRUM))
    assert ranked(result.lines) == ["src/calc.py:5", "src/calc.py:4", "src/calc.py:3"]
    top = result.lines[0]
    assert (top.failed, top.passed, top.in_traceback) == (2, 0, False)
    assert top.score == pytest.approx(1.0)
    assert result.failing_tests == (F1, F2)
    assert result.passing_tests == 3
    assert result.formula == "ochiai"


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        # line 3: ef=2 ep=3; line 4: ef=2 ep=1; line 5: ef=2 ep=0 (F=2, P=3)
        ("ochiai", {3: 2 / math.sqrt(2 * 5), 4: 2 / math.sqrt(2 * 3), 5: 1.0}),
        ("dstar", {3: 4 / 3, 4: 4 / 1, 5: 4 / 0.01}),
        ("tarantula", {3: 1 / (1 + 1), 4: 1 / (1 + 1 / 3), 5: 1.0}),
    ],
)
def test_formulas_give_the_documented_values(formula: str, expected: dict[int, float]) -> None:
    result = localize(report(STATUSES, SPECTRUM), formula)  # type: ignore[arg-type]
    scores = {s.line: s.score for s in result.lines}
    assert scores == pytest.approx(expected)
    assert all(s.formula_score == s.score for s in result.lines)
    assert ranked(result.lines)[0] == "src/calc.py:5"


def test_ochiai_counts_tests_that_miss_the_line() -> None:
    # ef=1 of F=2, ep=0: 1 / sqrt(2 * 1)
    spectrum = {"src/calc.py:9": [F1], "src/calc.py:5": [F1, F2]}
    result = localize(report(STATUSES, spectrum))
    scores = {s.line: s.score for s in result.lines}
    assert scores[9] == pytest.approx(1 / math.sqrt(2))
    assert localize(report(STATUSES, spectrum), "dstar").lines[-1].score == pytest.approx(1.0)


def test_a_traceback_breaks_a_tie_and_is_boosted() -> None:
    spectrum = {**SPECTRUM, "src/calc.py:6": [F1, F2]}  # same spectrum as line 5
    frames = {F1: ["tests/test_calc.py:10", "src/calc.py:6"]}
    result = localize(report(STATUSES, spectrum), frames=frames)
    assert ranked(result.lines)[:2] == ["src/calc.py:6", "src/calc.py:5"]
    boosted = result.lines[0]
    assert boosted.in_traceback and boosted.traceback_depth == 0
    assert boosted.formula_score == pytest.approx(1.0)
    assert boosted.score == pytest.approx(1.0 * TRACEBACK_FACTOR)
    assert not result.lines[1].in_traceback and result.lines[1].traceback_depth is None


def test_equal_traceback_lines_rank_innermost_first() -> None:
    spectrum = {"src/a.py:20": [F1, F2], "src/b.py:3": [F1, F2]}
    frames = {
        F1: ["tests/test_calc.py:10", "src/a.py:20", "/usr/lib/python3.11/re.py:9", "src/b.py:3"]
    }
    result = localize(report(STATUSES, spectrum), frames=frames)
    assert ranked(result.lines) == ["src/b.py:3", "src/a.py:20"]
    assert [s.traceback_depth for s in result.lines] == [0, 1]


def test_traceback_lines_count_as_executed_when_coverage_missed_them() -> None:
    statuses = {**STATUSES, F2: TestStatus.TIMEOUT}
    frames = {F2: ["tests/test_calc.py:12", "src/calc.py:40"]}
    result = localize(report(statuses, SPECTRUM), frames=frames)
    line = next(s for s in result.lines if s.line == 40)
    assert (line.failed, line.passed, line.in_traceback) == (1, 0, True)
    assert F2 in result.failing_tests


def test_error_and_timeout_fail_skipped_tests_are_ignored() -> None:
    statuses = {P1: PASS, F1: TestStatus.ERROR, F2: TestStatus.TIMEOUT, P2: TestStatus.SKIPPED}
    spectrum = {"src/calc.py:5": [F1, F2, P2], "src/calc.py:6": [P1, F1]}
    result = localize(report(statuses, spectrum))
    assert result.failing_tests == (F1, F2) and result.passing_tests == 1
    first = result.lines[0]
    assert (first.line, first.failed, first.passed) == (5, 2, 0)


def test_source_dirs_restrict_the_ranked_files() -> None:
    spectrum = {**SPECTRUM, "scripts/tool.py:1": [F1, F2], "src/other/mod.py:2": [F1, F2]}
    everywhere = {s.path for s in localize(report(STATUSES, spectrum)).lines}
    assert everywhere == {"src/calc.py", "scripts/tool.py", "src/other/mod.py"}
    only_calc = localize(report(STATUSES, spectrum), source_dirs=["src/calc.py", "lib/"])
    assert {s.path for s in only_calc.lines} == {"src/calc.py"}
    in_src = localize(report(STATUSES, spectrum), source_dirs=["./src"])
    assert {s.path for s in in_src.lines} == {"src/calc.py", "src/other/mod.py"}


def test_ties_are_ordered_by_path_then_line() -> None:
    spectrum = {"src/b.py:1": [F1, F2], "src/a.py:9": [F1, F2], "src/a.py:2": [F1, F2]}
    result = localize(report(STATUSES, spectrum))
    assert ranked(result.lines) == ["src/a.py:2", "src/a.py:9", "src/b.py:1"]


def test_no_failing_test_or_no_coverage_gives_no_suspect() -> None:
    assert localize(report({P1: PASS}, {"src/calc.py:3": [P1]})).lines == ()
    no_coverage = QualityReport(tests=[TestOutcome(nodeid=F1, status=FAIL)])
    assert localize(no_coverage).lines == ()
    assert localize(no_coverage).failing_tests == (F1,)
