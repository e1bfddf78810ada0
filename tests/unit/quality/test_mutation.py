"""Mutants from the fix templates, and the mutation run, with a fake test runner.

The fake decides each test's outcome from the file text it finds in the workspace, as
real tests would: a strong test fails on any change, a weak one passes whatever the
code, a hanging one times out on a mutant.
"""

from __future__ import annotations

import textwrap
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from myagent.agents.testing import FakeTestRunner, RunRequest
from myagent.protocol import CoverageData, TestOutcome, TestStatus, ToolStatus
from myagent.quality.mutants import EXCLUDED_TEMPLATES, PER_LINE, Mutant, generate_mutants
from myagent.quality.mutation import MutationResult, run_mutants, survivors, tool_run

CALC = "pkg/calc.py"
SOURCE = textwrap.dedent(
    """
    def price(quantity, unit):
        total = quantity * unit
        if quantity > 10:
            total = total - 5
        return total


    def label(name, count):
        if count == 1:
            return name
        return name + "s"
    """
).lstrip()
PASSING = "tests/test_calc.py::test_price"
FAILING = "tests/test_calc.py::test_label"


def covered(path: str, lines: Sequence[int], *tests: str) -> dict[str, list[str]]:
    return {f"{path}:{n}": list(tests) for n in lines}


def module(index: int) -> str:
    """A module of three small functions, distinct per `index`."""
    return textwrap.dedent(
        f"""
        def add{index}(a, b):
            if a > {index}:
                return a + b
            return a - b


        def scale{index}(values, factor):
            result = []
            for value in values:
                result.append(value * factor + {index})
            return result


        def pick{index}(items, n):
            if n < len(items):
                return items[n]
            return None
        """
    ).lstrip()


def body_lines(source: str) -> list[int]:
    """The lines inside function bodies (what tests execute)."""
    return [n for n, t in enumerate(source.splitlines(), 1) if t.startswith("    ")]


# ------------------------------------------------------------------ generation


def test_only_lines_a_passing_test_executes_are_mutated():
    coverage = CoverageData(
        covered_by={
            **covered(CALC, [2, 3, 4], PASSING),
            **covered(CALC, [9, 10, 11], FAILING),
            "tests/test_calc.py:5": [PASSING],
        }
    )
    sources = {CALC: SOURCE, "tests/test_calc.py": "x = 1\n" * 6}
    mutants = generate_mutants(sources, coverage, passing={PASSING}, max_mutants=100)
    assert mutants, "the covered lines of price are mutable"
    assert {m.line for m in mutants} <= {2, 3, 4}
    assert all(m.path == CALC and m.tests == (PASSING,) for m in mutants)
    for mutant in mutants:
        assert mutant.new_source != SOURCE
        compile(mutant.new_source, CALC, "exec")
        pairs = zip(SOURCE.splitlines(), mutant.new_source.splitlines(), strict=True)
        changed = [n for n, (a, b) in enumerate(pairs, 1) if a != b]
        assert changed == [mutant.line]


def test_without_passing_every_covering_test_counts():
    coverage = CoverageData(covered_by=covered(CALC, [10], PASSING, FAILING))
    mutants = generate_mutants({CALC: SOURCE}, coverage, max_mutants=10)
    assert mutants and all(m.tests == tuple(sorted([PASSING, FAILING])) for m in mutants)


def test_at_most_a_few_mutants_per_line_of_different_operators_and_never_guards():
    coverage = CoverageData(covered_by=covered(CALC, body_lines(SOURCE), PASSING))
    mutants = generate_mutants({CALC: SOURCE}, coverage, max_mutants=100)
    by_line: dict[int, list[Mutant]] = {}
    for mutant in mutants:
        by_line.setdefault(mutant.line, []).append(mutant)
    assert len(by_line) >= 5
    for line_mutants in by_line.values():
        assert len(line_mutants) <= PER_LINE
        assert len({m.operator for m in line_mutants}) == len(line_mutants)
    assert not {m.operator for m in mutants} & EXCLUDED_TEMPLATES
    assert not any(" is not None and " in m.new_source for m in mutants)
    assert not any(" is None or " in m.new_source for m in mutants)
    assert len({m.id for m in mutants}) == len(mutants)


def project(files: int) -> tuple[dict[str, str], CoverageData]:
    sources = {f"pkg/mod{i}.py": module(i) for i in range(files)}
    covered_by: dict[str, list[str]] = {}
    for path, text in sources.items():
        covered_by.update(covered(path, body_lines(text), f"tests/test_{path[4:-3]}.py::t"))
    return sources, CoverageData(covered_by=covered_by)


def test_the_sample_is_capped_and_spread_over_the_files():
    sources, coverage = project(files=6)
    everything = generate_mutants(sources, coverage, max_mutants=1000)
    sample = generate_mutants(sources, coverage, max_mutants=12)
    assert len(everything) > 60
    assert len(sample) == 12
    assert len({m.path for m in sample}) >= 4  # not the first file only
    assert {m.id for m in sample} <= {m.id for m in everything}


def test_the_sample_is_deterministic_and_seeded():
    sources, coverage = project(files=4)
    first = generate_mutants(sources, coverage, max_mutants=10, seed=0)
    again = generate_mutants(dict(reversed(sources.items())), coverage, max_mutants=10, seed=0)
    other = generate_mutants(sources, coverage, max_mutants=10, seed=1)
    assert first == again
    assert [m.id for m in first] != [m.id for m in other]


def with_line_on_top(
    sources: dict[str, str], coverage: CoverageData, top: str
) -> tuple[dict[str, str], CoverageData]:
    """The project with `top` added above pkg/mod0.py's first line."""
    shifted = {p: (top + t if p == "pkg/mod0.py" else t) for p, t in sources.items()}
    shifted_coverage = CoverageData(
        covered_by={
            (f"pkg/mod0.py:{int(k.rpartition(':')[2]) + 1}" if k.startswith("pkg/mod0") else k): v
            for k, v in coverage.covered_by.items()
        }
    )
    return shifted, shifted_coverage


def test_an_edit_elsewhere_in_a_file_keeps_the_other_mutants():
    sources, coverage = project(files=3)
    before = generate_mutants(sources, coverage, max_mutants=12)
    top = "import math\n"
    shifted, shifted_coverage = with_line_on_top(sources, coverage, top)
    after = generate_mutants(shifted, shifted_coverage, max_mutants=12)
    assert any(m.path == "pkg/mod0.py" for m in before)
    assert [(m.path, m.line + (m.path == "pkg/mod0.py"), m.operator) for m in before] == [
        (m.path, m.line, m.operator) for m in after
    ]
    for old, new in zip(before, after, strict=True):
        assert new.new_source == (
            top + old.new_source if old.path == "pkg/mod0.py" else old.new_source
        )


def test_no_covered_line_gives_no_mutant():
    assert generate_mutants({CALC: SOURCE}, CoverageData(), max_mutants=10) == []


# ------------------------------------------------------------------ running

Decide = Callable[[str], TestStatus]  # file text -> outcome


class FakeTests(FakeTestRunner):
    """A TestRunner whose tests judge the text of `CALC` in the workspace."""

    def __init__(self, tests: dict[str, Decide], *, barrier: threading.Barrier | None = None):
        super().__init__()
        self.tests = tests
        self.barrier = barrier
        self.lock = threading.Lock()
        self.on_call: Callable[[], None] = lambda: None

    def respond(self, run: RunRequest) -> list[TestOutcome]:
        text = (run.workspace / CALC).read_text(encoding="utf-8")
        with self.lock:
            self.on_call()
        if self.barrier is not None:
            self.barrier.wait()  # every workspace busy at once, or this times out
        return [TestOutcome(nodeid=n, status=self.tests[n](text)) for n in run.nodeids or []]


def strong(text: str) -> TestStatus:
    return TestStatus.PASSED if text == SOURCE else TestStatus.FAILED


def weak(text: str) -> TestStatus:
    return TestStatus.PASSED


def hangs_on_mutants(text: str) -> TestStatus:
    return TestStatus.PASSED if text == SOURCE else TestStatus.TIMEOUT


def workspace(root: Path, name: str = "ws") -> Path:
    (root / name / "pkg").mkdir(parents=True)
    (root / name / CALC).write_text(SOURCE, encoding="utf-8")
    return root / name


def mutant(index: int, tests: Sequence[str]) -> Mutant:
    new = SOURCE.replace("quantity > 10", f"quantity > {10 + index + 1}")
    return Mutant(f"m{index}", CALC, 3, "wrong-literal", f"change {index}", new, tuple(tests))


def test_a_mutant_a_test_notices_is_killed_one_no_test_notices_survives(tmp_path):
    ws = workspace(tmp_path)
    tests = FakeTests({"t::strong": strong, "t::weak": weak})
    killed, lived = mutant(0, ["t::weak", "t::strong"]), mutant(1, ["t::weak"])
    result = run_mutants([killed, lived], tests, [ws], per_test_timeout_s=2.0, budget_s=60)
    assert result.killed == [killed] and result.survived == [lived] and result.not_run == []
    assert result.score == 0.5
    # only the tests covering the line ran, with a short limit per test
    assert [c.nodeids for c in tests.calls] == [["t::weak", "t::strong"], ["t::weak"]]
    assert all(c.test_timeout_s == 2.0 for c in tests.calls)
    assert (ws / CALC).read_text(encoding="utf-8") == SOURCE


def test_a_mutant_that_makes_a_test_hang_is_killed_by_the_timeout(tmp_path):
    ws = workspace(tmp_path)
    tests = FakeTests({"t::loop": hangs_on_mutants})
    result = run_mutants([mutant(0, ["t::loop"])], tests, [ws], per_test_timeout_s=1.0, budget_s=60)
    assert len(result.killed) == 1 and result.score == 1.0


def test_a_covering_test_without_an_outcome_counts_as_not_passed(tmp_path):
    ws = workspace(tmp_path)

    class NoOutcome(FakeTests):
        def run_tests_only(self, workspace, nodeids, **limits):  # the run broke down
            return []

    result = run_mutants(
        [mutant(0, ["t::weak"])], NoOutcome({}), [ws], per_test_timeout_s=1.0, budget_s=9
    )
    assert len(result.killed) == 1


def test_the_budget_stops_the_run_and_the_rest_is_not_run(tmp_path):
    ws = workspace(tmp_path)
    now = [0.0]
    tests = FakeTests({"t::strong": strong, "t::weak": weak})

    def advance() -> None:
        now[0] += 10.0  # every mutant takes ten seconds

    tests.on_call = advance
    mutants = [mutant(i, ["t::strong"] if i % 2 else ["t::weak"]) for i in range(6)]
    result = run_mutants(
        mutants, tests, [ws], per_test_timeout_s=1.0, budget_s=25.0, clock=lambda: now[0]
    )
    assert len(tests.calls) == 3  # started at 0, 10 and 20 seconds
    assert result.survived == [mutants[0], mutants[2]] and result.killed == [mutants[1]]
    assert result.not_run == mutants[3:]
    assert result.score == pytest.approx(1 / 3)  # the mutants not run are not survivors
    assert result.duration_s == 30.0


def test_mutants_run_in_parallel_workspaces_and_every_file_is_restored(tmp_path):
    spaces = [workspace(tmp_path, f"ws{i}") for i in range(2)]
    tests = FakeTests({"t::strong": strong}, barrier=threading.Barrier(2, timeout=10))
    mutants = [mutant(i, ["t::strong"]) for i in range(4)]
    result = run_mutants(mutants, tests, spaces, per_test_timeout_s=1.0, budget_s=60)
    assert result.killed == mutants  # in the mutants' order, whichever thread ran them
    assert {c.workspace for c in tests.calls} == set(spaces)
    for space in spaces:
        assert (space / CALC).read_text(encoding="utf-8") == SOURCE


def test_the_score_is_none_when_nothing_ran():
    result = MutationResult(killed=[], survived=[], not_run=[mutant(0, ["t"])], duration_s=0.0)
    assert result.score is None
    run = tool_run(result, 1)
    assert run.status is ToolStatus.TIMEOUT and "before any of 1 mutants" in run.detail


def test_the_step_reports_kills_and_lists_the_survivors_as_issues():
    killed, lived = mutant(0, ["t"]), mutant(1, ["t"])
    result = MutationResult([killed, killed], [lived], [mutant(2, ["t"])], 3.5)
    run = tool_run(result, 4)
    assert run.status is ToolStatus.OK and run.duration_s == 3.5
    assert run.detail == "2 of 3 mutants killed; 1 not run (time budget)"
    [issue] = survivors(result)
    assert (issue.path, issue.line, issue.code, issue.message) == (
        CALC,
        3,
        "wrong-literal",
        "change 1",
    )
    assert tool_run(None, 0, "no coverage data").status is ToolStatus.SKIPPED


def test_mutant_keys_survive_a_shift_of_lines():
    sources, coverage = project(files=3)
    before = generate_mutants(sources, coverage, max_mutants=12)
    top = "import math\n"
    shifted, shifted_coverage = with_line_on_top(sources, coverage, top)
    after = generate_mutants(shifted, shifted_coverage, max_mutants=12)
    assert all(m.key for m in before)
    assert len({m.key for m in before}) == len(before)
    assert [m.key for m in before] == [m.key for m in after]
    assert [m.id for m in before] != [m.id for m in after]  # ids follow the whole file


def test_a_kept_sample_comes_first_and_new_lines_only_fill_the_room_left():
    sources, coverage = project(files=6)
    baseline_coverage = CoverageData(
        covered_by={k: v for k, v in coverage.covered_by.items() if not k.startswith("pkg/mod5")}
    )
    baseline = generate_mutants(sources, baseline_coverage, max_mutants=12)
    fresh = generate_mutants(sources, coverage, max_mutants=12)
    kept = generate_mutants(sources, coverage, max_mutants=12, keep={m.key for m in baseline})
    assert not any(m.path == "pkg/mod5.py" for m in baseline)
    # a fresh sample of the wider coverage swaps some of the baseline's mutants out
    assert {m.key for m in fresh} != {m.key for m in baseline}
    # the baseline's mutants all still exist and fill the sample
    assert sorted(kept, key=lambda m: m.key) == sorted(baseline, key=lambda m: m.key)
    bigger = generate_mutants(sources, coverage, max_mutants=20, keep={m.key for m in baseline})
    assert {m.key for m in bigger[:12]} == {m.key for m in baseline}
    assert len(bigger) == 20 and len({m.key for m in bigger}) == 20


def test_a_kept_mutant_whose_line_changed_is_gone():
    sources, coverage = project(files=2)
    baseline = generate_mutants(sources, coverage, max_mutants=6)
    victim = baseline[0]
    text = sources[victim.path].splitlines()
    text[victim.line - 1] = text[victim.line - 1] + "  # changed"
    edited = {**sources, victim.path: "\n".join(text) + "\n"}
    again = generate_mutants(edited, coverage, max_mutants=6, keep={m.key for m in baseline})
    same_line = [m for m in baseline if m.key.partition(":")[0] == victim.key.partition(":")[0]]
    assert all(m.key not in {a.key for a in again} for m in same_line)
    assert {m.key for m in baseline} - {m.key for m in same_line} <= {m.key for m in again}
    assert len(again) == 6
