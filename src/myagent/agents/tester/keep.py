"""Only good generated tests are kept.

A generated test file is written into the scratch worktree and its tests are run in the
sandbox three times (the first time under coverage, with per-test contexts). A test is
kept only if it

1. passes on the current code, in all three runs (not flaky);
2. runs in under a second: its faster time of the two runs without coverage (tracing
   slows the first run down several times, so it gets a longer limit; the better of two
   times, so that one busy moment of the machine does not drop a fast test);
3. covers a line the suite left uncovered, or kills a mutant the suite let live (a
   behaviour no test checked): the surviving mutants at the lines the test runs are
   put in, one at a time, and the test must fail on at least one of them.

Every dropped test gets its reason. The file is then rewritten with the kept tests only
(`prune`), so the candidate holds nothing that was not checked.

A test that passes alone can still fail beside the others (it changes module state
another test reads, or reads state another test left behind). So the kept files are
then run together with the whole suite, under coverage with the project's limits, as
the measurement will run them (`check_together`): a new test that does not pass there
is dropped, and a file that makes a test of the suite fail is dropped whole.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from myagent.agents.base import TestRunner
from myagent.protocol import TestOutcome, TestStatus
from myagent.quality.mutants import Mutant
from myagent.repair.prevalidate import applied, run_briefly
from myagent.sandbox.paths import delete_safely, write_text_safely

RUNS = 3
MAX_SECONDS = 1.0
COVERAGE_SLOWDOWN = 3.0
STARTUP_ALLOWANCE_S = 60.0


@dataclass(frozen=True)
class Verdicts:
    kept: tuple[str, ...]  # node ids
    dropped: dict[str, str] = field(default_factory=dict)  # node id -> why
    new_lines: frozenset[str] = frozenset()  # "path:line" the kept tests newly cover
    maybe: dict[str, set[str]] = field(default_factory=dict)  # to check against mutants


def _test_names(nodeids: Sequence[str]) -> list[str]:
    return [n.split("::", 1)[1].split("[", 1)[0] for n in nodeids if "::" in n]


def judge_file(
    tests: TestRunner,
    workspace: Path,
    path: str,
    content: str,
    uncovered: Collection[str],
    survivors: Sequence[Mutant] = (),
    *,
    test_timeout_s: float = 5.0,
) -> Verdicts:
    """Write `path`, run its tests three times and judge each (see the module docstring).

    `uncovered` holds "path:line" strings (lines no test ran); `survivors` the mutants
    the suite let live. The file is removed from the workspace afterwards."""
    write_text_safely(workspace, path, content)
    try:
        verdicts = _judge(tests, workspace, path, uncovered, survivors, test_timeout_s)
        return _kills(tests, workspace, verdicts, survivors, test_timeout_s)
    finally:
        delete_safely(workspace, path)


def _judge(
    tests: TestRunner,
    workspace: Path,
    path: str,
    uncovered: Collection[str],
    survivors: Sequence[Mutant],
    test_timeout_s: float,
) -> Verdicts:
    weak_lines = {f"{m.path}:{m.line}" for m in survivors}
    budget = STARTUP_ALLOWANCE_S + 20 * test_timeout_s
    traced = test_timeout_s * COVERAGE_SLOWDOWN  # tracing slows a test several times
    first = tests.run_selected(
        workspace, [path], timeout_s=budget + 20 * traced, test_timeout_s=traced, coverage=True
    )
    dropped: dict[str, str] = {}
    alive: list[str] = []
    for outcome in first.tests:
        if outcome.status != TestStatus.PASSED:
            dropped[outcome.nodeid] = f"{outcome.status.value} on the current code: " + (
                outcome.message.splitlines()[0][:200] if outcome.message else "no message"
            )
        else:
            alive.append(outcome.nodeid)  # timed in the next runs, without coverage's tracing
    fastest: dict[str, float] = {}
    for run in range(2, RUNS + 1):
        if not alive:
            break
        again = {
            o.nodeid: o
            for o in tests.run_tests_only(
                workspace, alive, timeout_s=budget, test_timeout_s=test_timeout_s
            )
        }
        for nodeid in list(alive):
            result = again.get(nodeid)
            if result is None or result.status != TestStatus.PASSED:
                dropped[nodeid] = f"flaky: did not pass in run {run} of {RUNS}"
                alive.remove(nodeid)
            else:
                fastest[nodeid] = min(fastest.get(nodeid, result.duration_s), result.duration_s)
    for nodeid in list(alive):
        if fastest[nodeid] >= MAX_SECONDS:
            dropped[nodeid] = f"too slow ({fastest[nodeid]:.2f} s at best)"
            alive.remove(nodeid)
    covered = _lines_by_test(first.coverage.covered_by if first.coverage else {})
    kept: list[str] = []
    new_lines: set[str] = set()
    maybe: dict[str, set[str]] = {}  # tests that may kill a survivor: the lines they run
    for nodeid in alive:
        lines = covered.get(nodeid, set())
        gain = lines.intersection(uncovered)
        if gain:
            kept.append(nodeid)
            new_lines.update(gain)
        elif lines.intersection(weak_lines):
            maybe[nodeid] = lines
        else:
            dropped[nodeid] = "adds no coverage and runs no line a mutant survived on"
    return Verdicts(tuple(kept), dropped, frozenset(new_lines), maybe)


def _kills(
    tests: TestRunner,
    workspace: Path,
    verdicts: Verdicts,
    survivors: Sequence[Mutant],
    test_timeout_s: float,
) -> Verdicts:
    """Keep the tests that fail on a surviving mutant at a line they run."""
    kept, dropped = list(verdicts.kept), dict(verdicts.dropped)
    waiting = dict(verdicts.maybe)
    for mutant in survivors:
        where = f"{mutant.path}:{mutant.line}"
        runs = [n for n, lines in waiting.items() if where in lines]
        if not runs:
            continue
        with applied(workspace, {mutant.path: mutant.new_source}):
            outcomes = run_briefly(tests, workspace, runs, test_timeout_s)
        for outcome in outcomes:
            if outcome.nodeid in waiting and outcome.status != TestStatus.PASSED:
                kept.append(outcome.nodeid)
                del waiting[outcome.nodeid]
    for nodeid in waiting:
        dropped[nodeid] = "adds no coverage and kills no surviving mutant"
    return Verdicts(tuple(kept), dropped, verdicts.new_lines)


def _lines_by_test(covered_by: dict[str, list[str]]) -> dict[str, set[str]]:
    by_test: dict[str, set[str]] = {}
    for line, nodeids in covered_by.items():
        for nodeid in nodeids:
            by_test.setdefault(nodeid, set()).add(line)
    return by_test


def prune(content: str, keep: Sequence[str]) -> str:
    """`content` with only the test functions named by the node ids `keep`."""
    names = set(_test_names(keep))
    tree = ast.parse(content)
    lines = content.splitlines(keepends=True)
    drop: list[tuple[int, int]] = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if node.name.startswith("test") and node.name not in names:
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            drop.append((start, node.end_lineno or node.lineno))
    for start, end in reversed(drop):
        del lines[start - 1 : end]
    text = "".join(lines)
    while "\n\n\n\n" in text:
        text = text.replace("\n\n\n\n", "\n\n\n")
    return text.rstrip("\n") + "\n"


@dataclass(frozen=True)
class Together:
    """What is left after running the kept files with the whole suite."""

    files: dict[str, str]  # path -> content, failing tests pruned, breaking files gone
    dropped: dict[str, str]  # node id or path -> why


def check_together(
    tests: TestRunner,
    workspace: Path,
    files: Mapping[str, str],
    passed_before: Collection[str],
    *,
    timeout_s: float,
    rounds: int = 4,
) -> Together:
    """Run the whole suite with `files` added (see the module docstring). `passed_before`
    names the suite's tests that passed without them."""
    kept, dropped = dict(files), {}
    for _ in range(rounds):
        if not kept:
            break
        outcomes = _run_with(tests, workspace, kept, timeout_s)
        failing_new = [o for o in outcomes if _file_of(o.nodeid, kept) and not _passed(o)]
        broken = [o.nodeid for o in outcomes if o.nodeid in passed_before and not _passed(o)]
        if broken:
            culprit = _culprit(tests, workspace, kept, broken, timeout_s)
            for path in culprit:
                dropped[path] = f"makes {broken[0]} fail when run with the suite"
                del kept[path]
            if culprit:
                continue
            for path in list(kept):  # no single file is to blame: keep none
                dropped[path] = f"{broken[0]} fails when these tests run with the suite"
            return Together({}, dropped)
        if not failing_new:
            return Together(kept, dropped)
        for outcome in failing_new:
            dropped[outcome.nodeid] = f"{outcome.status.value} when run with the whole suite"
        for path in {p for o in failing_new if (p := _file_of(o.nodeid, kept))}:
            failing = set(_test_names(_names_in(failing_new, path, kept)))
            names = [
                n for n in _names_in(outcomes, path, kept) if not failing & set(_test_names([n]))
            ]
            if names:
                kept[path] = prune(kept[path], names)
            else:
                del kept[path]
    for path in kept:  # never ran clean with the suite in `rounds` runs
        dropped[path] = f"did not pass with the whole suite in {rounds} runs"
    return Together({}, dropped)


def _passed(outcome: TestOutcome) -> bool:
    return outcome.status == TestStatus.PASSED


def _file_of(nodeid: str, files: Mapping[str, str]) -> str | None:
    """The file of `files` that holds the test `nodeid`."""
    where = nodeid.split("::", 1)[0]
    return next((p for p in files if p == where or p.endswith("/" + where)), None)


def _names_in(outcomes: Sequence[TestOutcome], path: str, files: Mapping[str, str]) -> list[str]:
    return [o.nodeid for o in outcomes if _file_of(o.nodeid, files) == path]


def _run_with(
    tests: TestRunner, workspace: Path, files: Mapping[str, str], timeout_s: float
) -> list[TestOutcome]:
    for path, content in files.items():
        write_text_safely(workspace, path, content)
    try:
        # under coverage, as the measurement runs them (tracing slows some tests down)
        return tests.run_selected(workspace, None, timeout_s=timeout_s, coverage=True).tests
    finally:
        for path in files:
            delete_safely(workspace, path)


def _culprit(
    tests: TestRunner,
    workspace: Path,
    files: Mapping[str, str],
    broken: Sequence[str],
    timeout_s: float,
) -> list[str]:
    """The files that make a `broken` test fail on their own ([] when none does)."""
    if len(files) == 1:
        return list(files)
    guilty = []
    for path in sorted(files):
        status = {o.nodeid: o for o in _run_with(tests, workspace, {path: files[path]}, timeout_s)}
        if not all(n in status and _passed(status[n]) for n in broken):
            guilty.append(path)
    return guilty
