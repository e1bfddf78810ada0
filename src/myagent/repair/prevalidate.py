"""Check fixes fast before proposing one: failing tests first, then the covering tests.

A fix is written into a scratch worktree and checked in stages, each in the sandbox
with a short per-test timeout (buggy code often loops forever):

1. the failing tests: at least one must now pass, none may newly hang;
2. the tests that execute the changed lines and passed before: all must still pass.

Fixes are checked in order, as many at once as there are worktrees (one per core).
Only the Director's ratchet, after the whole suite, accepts a fix.

`applied` (files written for a `with` block, then restored) and `run_briefly` (chosen
tests with short per-test limits) are shared with the mutation run
(`myagent.quality.mutation`), which checks mutants the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Literal

from myagent.agents.base import TestRunner
from myagent.protocol import TestOutcome, TestStatus
from myagent.repair.strategy import Fix
from myagent.sandbox.paths import delete_safely, write_text_safely

Stage = Literal["failing", "covering", "ok"]
STARTUP_ALLOWANCE_S = 60.0  # for the sandbox and pytest to start, on top of the tests' limits


@dataclass(frozen=True)
class Check:
    fix: Fix
    passed: bool
    stage: Stage  # where it stopped ("ok" when it passed every stage)
    detail: str
    fixed: tuple[str, ...] = ()  # failing tests it makes pass


class StagedValidator:
    def __init__(
        self,
        tests: TestRunner,
        workspaces: Sequence[Path],
        failing: Sequence[str],
        covering: Callable[[Fix], list[str]],
        timeout_s: float,
    ) -> None:
        self.tests = tests
        self.workspaces = list(workspaces)
        self.failing = list(failing)
        self.covering = covering
        self.timeout_s = timeout_s

    def first_passing(self, fixes: Iterable[Fix], limit: int) -> tuple[Check | None, list[Check]]:
        """Check fixes in order until one passes or `limit` were checked.

        Returns the passing check (None if none) and every check made, in order."""
        checks: list[Check] = []
        batch_size = max(1, len(self.workspaces))
        source = iter(fixes)
        with ThreadPoolExecutor(max_workers=batch_size) as pool:
            while len(checks) < limit:
                batch = list(islice(source, min(batch_size, limit - len(checks))))
                if not batch:
                    break
                results = list(pool.map(self._check, batch, self.workspaces[: len(batch)]))
                for check in results:
                    checks.append(check)
                    if check.passed:
                        return check, checks
        return None, checks

    def _run(self, workspace: Path, nodeids: list[str]) -> list[TestOutcome]:
        return run_briefly(self.tests, workspace, nodeids, self.timeout_s)

    def _check(self, fix: Fix, workspace: Path) -> Check:
        with applied(workspace, fix.files):
            outcomes = self._run(workspace, self.failing)
            fixed = tuple(o.nodeid for o in outcomes if o.status == TestStatus.PASSED)
            if not fixed:
                worst = next((o for o in outcomes if o.status != TestStatus.PASSED), None)
                why = (
                    f"{worst.nodeid}: {worst.status} {worst.message}".strip()
                    if worst
                    else "no result"
                )
                return Check(fix, False, "failing", f"failing tests still fail ({why})")
            covering = [n for n in self.covering(fix) if n not in self.failing]
            if covering:
                after = self._run(workspace, covering)
                broken = [o for o in after if o.status != TestStatus.PASSED]
                if broken:
                    b = broken[0]
                    return Check(fix, False, "covering", f"breaks {b.nodeid} ({b.status})", fixed)
            return Check(
                fix, True, "ok", f"fixes {len(fixed)} of {len(self.failing)} failing test(s)", fixed
            )


def run_briefly(
    tests: TestRunner, workspace: Path, nodeids: Sequence[str], test_timeout_s: float
) -> list[TestOutcome]:
    """Run `nodeids` in `workspace` with a short limit per test (changed code often loops
    forever: such a test comes back TIMEOUT), but room for the sandbox and pytest to
    start however busy the machine is (`STARTUP_ALLOWANCE_S`)."""
    budget = STARTUP_ALLOWANCE_S + test_timeout_s * len(nodeids)
    return tests.run_tests_only(
        workspace, list(nodeids), timeout_s=budget, test_timeout_s=test_timeout_s
    )


@contextmanager
def applied(workspace: Path, files: Mapping[str, str]) -> Iterator[None]:
    """Write `files` (path -> new content) into `workspace` for the duration of a `with`
    block, then put back what was there (and delete the files that were not)."""
    saved: dict[str, str | None] = {}
    try:
        for path, content in files.items():
            target = workspace / path
            saved[path] = target.read_text(encoding="utf-8") if target.is_file() else None
            write_text_safely(workspace, path, content)
        yield
    finally:
        for path, old in saved.items():
            if old is None:
                with suppress(FileNotFoundError):  # its write failed
                    delete_safely(workspace, path)
            else:
                write_text_safely(workspace, path, old)
