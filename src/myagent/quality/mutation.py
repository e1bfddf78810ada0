"""The mutation run: how many sampled mutants (`mutants.py`) the tests kill.

`run_mutants` writes each mutant's file into a scratch workspace, runs only the tests
that execute the mutated line (in the sandbox, through a `TestRunner`, with a short
limit per test), and puts the file back (`repair.prevalidate.applied` and
`run_briefly`, shared with the Debugger's fix checks). A mutant is

- **killed** when any of its tests does not come back PASSED (failed, error, crashed,
  or timeout: a mutant that makes a test hang is killed by the per-test limit);
- **survived** when every one of its tests passes: a behaviour the suite does not check;
- **not run** when the time budget was spent before its turn (neither killed nor
  survived; the budget is checked before each mutant starts, a started one finishes).

Mutants run in order, as many at once as there are workspaces (one thread each).
`score = killed / (killed + survived)`, None when none ran.

`measure_mutation` is the Quality Monitor's step for the `mutation_score` gate: it
makes extra git worktrees beside the measured one (the measured tree's uncommitted
files copied in, as a candidate's edits are not committed when it is measured), runs
the sample, and removes them. The sample is deterministic (see `mutants.py`); a
candidate is measured on the baseline's sample (`MutationPlan.keep`: its mutants that
still exist come first, new lines fill the room left), and the ratchet compares the
two on the mutants both ran (`director.ratchet`): newly covered lines bring new mutants,
some of which survive, and that must not count against the tests that cover them.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from myagent.agents.base import TestRunner
from myagent.errors import GitError, MyAgentError, UnsafePathError
from myagent.memory import git
from myagent.protocol import (
    CoverageData,
    LintIssue,
    MutantOutcome,
    TestStatus,
    ToolRun,
    ToolStatus,
)
from myagent.quality.mutants import Mutant, generate_mutants
from myagent.repair.prevalidate import applied, run_briefly
from myagent.sandbox.paths import delete_safely, safe_join

TOOL = "mutation"
Clock = Callable[[], float]


@dataclass(frozen=True)
class MutationResult:
    killed: list[Mutant]
    survived: list[Mutant]
    not_run: list[Mutant]
    duration_s: float

    @property
    def score(self) -> float | None:
        """Share of the mutants that ran which the tests killed (None: none ran)."""
        ran = len(self.killed) + len(self.survived)
        return len(self.killed) / ran if ran else None


def run_mutants(
    mutants: Sequence[Mutant],
    tests: TestRunner,
    workspaces: Sequence[Path],
    *,
    per_test_timeout_s: float,
    budget_s: float,
    clock: Clock = time.monotonic,
) -> MutationResult:
    """Run `mutants` in `workspaces` within `budget_s` seconds (see the module docstring)."""
    started = clock()
    deadline = started + budget_s
    pending = list(enumerate(mutants))
    lock = threading.Lock()
    verdicts: dict[int, bool] = {}  # index -> killed

    def next_mutant() -> tuple[int, Mutant] | None:
        with lock:
            if not pending or clock() >= deadline:
                return None
            return pending.pop(0)

    def work(workspace: Path) -> None:
        while (item := next_mutant()) is not None:
            index, mutant = item
            verdicts[index] = is_killed(mutant, tests, workspace, per_test_timeout_s)

    with ThreadPoolExecutor(max_workers=max(1, len(workspaces))) as pool:
        list(pool.map(work, workspaces))
    killed = [m for i, m in enumerate(mutants) if verdicts.get(i) is True]
    survived = [m for i, m in enumerate(mutants) if verdicts.get(i) is False]
    not_run = [m for i, m in enumerate(mutants) if i not in verdicts]
    return MutationResult(killed, survived, not_run, round(clock() - started, 3))


def is_killed(mutant: Mutant, tests: TestRunner, workspace: Path, test_timeout_s: float) -> bool:
    """Whether a test that executes the mutated line fails on the mutant (a test with no
    outcome counts as not passed)."""
    with applied(workspace, {mutant.path: mutant.new_source}):
        outcomes = run_briefly(tests, workspace, mutant.tests, test_timeout_s)
    status = {o.nodeid: o.status for o in outcomes}
    return any(status.get(nodeid) != TestStatus.PASSED for nodeid in mutant.tests)


def survivors(result: MutationResult) -> list[LintIssue]:
    """The surviving mutants as issues: code = the operator, message = what changed."""
    return [
        LintIssue(path=m.path, line=m.line, code=m.operator, message=m.description)
        for m in result.survived
    ]


def outcomes(result: MutationResult) -> list[MutantOutcome]:
    """Every mutant that ran, killed or not, for the report."""
    ran = [(m, True) for m in result.killed] + [(m, False) for m in result.survived]
    return [
        MutantOutcome(key=m.key, path=m.path, line=m.line, operator=m.operator, killed=killed)
        for m, killed in sorted(ran, key=lambda item: (item[0].path, item[0].line, item[0].key))
    ]


def tool_run(result: MutationResult | None, total: int, detail: str = "") -> ToolRun:
    """How the step ran: ok with "K of N mutants killed", skipped with no mutant,
    timeout when the budget ran out before any mutant ran."""
    if result is None:
        return ToolRun(tool=TOOL, status=ToolStatus.SKIPPED, detail=detail)
    ran = len(result.killed) + len(result.survived)
    if ran == 0:
        why = f"budget spent before any of {total} mutants ran"
        return ToolRun(
            tool=TOOL, status=ToolStatus.TIMEOUT, duration_s=result.duration_s, detail=why
        )
    text = f"{len(result.killed)} of {ran} mutants killed"
    if result.not_run:
        text += f"; {len(result.not_run)} not run (time budget)"
    return ToolRun(tool=TOOL, status=ToolStatus.OK, duration_s=result.duration_s, detail=text)


def read_sources(root: Path, coverage: CoverageData) -> dict[str, str]:
    """The text of the Python files `coverage` names under `root` (never through a
    symbolic link: sandboxed code may have planted one)."""
    paths = {entry.rpartition(":")[0] for entry in coverage.covered_by}
    found: dict[str, str] = {}
    for path in sorted(p for p in paths if p.endswith(".py")):
        try:
            target = safe_join(root, path)
            if target.is_file():
                found[path] = target.read_text(encoding="utf-8")
        except (UnsafePathError, OSError, UnicodeDecodeError):
            continue
    return found


@dataclass(frozen=True)
class MutationPlan:
    """What the monitor's mutation step needs."""

    tests: TestRunner
    workspace: Path
    sources: Mapping[str, str]
    coverage: CoverageData
    passing: frozenset[str]
    max_mutants: int
    parallel: int
    per_test_timeout_s: float
    budget_s: float
    seed: int = 0
    keep: frozenset[str] = frozenset()  # keys of the baseline's sample, taken first


def measure_mutation(plan: MutationPlan) -> tuple[MutationResult | None, ToolRun]:
    """Sample mutants of the measured tree and run them: the result (None when there was
    no mutant, or the run crashed) and how the step ran."""
    started = time.monotonic()
    try:
        return _measure(plan)
    except MyAgentError as exc:  # the sandbox failed, or a link was planted in the tree
        detail = (str(exc).splitlines() or [type(exc).__name__])[0]
        duration = round(time.monotonic() - started, 3)
        return None, ToolRun(
            tool=TOOL, status=ToolStatus.CRASHED, duration_s=duration, detail=detail
        )


def _measure(plan: MutationPlan) -> tuple[MutationResult | None, ToolRun]:
    mutants = generate_mutants(
        plan.sources, plan.coverage, passing=plan.passing,
        max_mutants=plan.max_mutants, seed=plan.seed, keep=plan.keep,
    )  # fmt: skip
    if not mutants:
        return None, tool_run(None, 0, "no mutant: no source line a passing test executes")
    count = min(plan.parallel, len(mutants))
    with worktrees(plan.workspace, count) as workspaces:
        result = run_mutants(
            mutants, plan.tests, workspaces,
            per_test_timeout_s=plan.per_test_timeout_s, budget_s=plan.budget_s,
        )  # fmt: skip
    return result, tool_run(result, len(mutants))


@contextmanager
def worktrees(workspace: Path, count: int) -> Iterator[list[Path]]:
    """`workspace` and up to `count - 1` copies of it: detached git worktrees of its HEAD
    beside it, with its uncommitted files copied in; removed afterwards. Fewer (down to
    `workspace` alone) when it is not a git worktree."""
    made: list[Path] = []
    try:
        for index in range(1, count if _is_worktree_root(workspace) else 1):
            path = workspace.parent / f"{workspace.name}-mut{index}"
            if path.exists():  # left behind by a killed run
                git.remove_worktree(workspace, path)
                shutil.rmtree(path, ignore_errors=True)
            try:
                git.add_worktree(workspace, path, "HEAD")
            except GitError:
                break
            made.append(path)
            _copy_uncommitted(workspace, path)
        yield [workspace, *made]
    finally:
        for path in made:
            git.remove_worktree(workspace, path)
            shutil.rmtree(path, ignore_errors=True)


def _is_worktree_root(workspace: Path) -> bool:
    try:
        return git.repo_root(workspace).resolve() == workspace.resolve()
    except MyAgentError:
        return False


def _copy_uncommitted(workspace: Path, clone: Path) -> None:
    """Make `clone` (a worktree of `workspace`'s HEAD) hold what `workspace` holds."""
    for path in git.dirty_paths(workspace):
        source = workspace / path
        if source.is_symlink():
            continue
        if source.is_dir():
            shutil.copytree(source, clone / path, symlinks=True, dirs_exist_ok=True)
        elif source.is_file():
            target = safe_join(clone, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        elif (clone / path).is_file():
            delete_safely(clone, path)
