"""The Coder checks its own proposal in the sandbox before proposing it.

A proposal is written into the scratch worktree and checked, cheapest first:

1. every changed Python file parses;
2. a stub job's function is no longer a placeholder;
3. the job's tests run (in the sandbox, short per-test limits): the failing tests it
   should fix must pass, the passing tests that execute the code must still pass; a
   requirement job runs the whole suite, and must add tests that pass with the change
   and fail without it (else they do not test the requirement).

The result says what failed, in words the next prompt can use. Only the Director's
ratchet, after a full measurement, accepts a change.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from myagent.agents.base import AgentContext
from myagent.agents.coder.jobs import REQUIREMENT_TASK, STUB_TASK, Job
from myagent.agents.coder.splice import functions_of
from myagent.protocol import TestOutcome, TestStatus
from myagent.quality.stubs import stub_kind
from myagent.sandbox.paths import delete_safely, write_text_safely

STARTUP_ALLOWANCE_S = 60.0  # for the sandbox and pytest to start, on top of the tests' limits
TRACE_CHARS = 1200


@dataclass(frozen=True)
class CheckResult:
    passed: bool
    detail: str  # one paragraph: what failed (with a traceback tail) or what passed
    fixed: int = 0  # failing tests of the job that now pass
    broken: int = 0  # passing tests that no longer pass


def is_placeholder(source: str, qualname: str) -> bool:
    """True when `qualname`'s body only raises NotImplementedError, or is `...`/`pass`."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    body = functions_of(tree).get(qualname)
    if body is None:
        return False
    return stub_kind(list(body.body)) is not None


def _describe(outcome: TestOutcome) -> str:
    text = f"{outcome.nodeid}: {outcome.status.value} {outcome.message}".strip()
    if outcome.traceback:
        tail = outcome.traceback[-TRACE_CHARS:]
        text += f"\n{tail}"
    return text


def _per_test_limit(ctx: AgentContext) -> float:
    finished = [t.duration_s for t in ctx.report.tests if t.status != TestStatus.TIMEOUT]
    return min(ctx.settings.project.test_timeout_s, max(2.0, 10 * max(finished, default=0.1)))


def _run(ctx: AgentContext, nodeids: Sequence[str] | None) -> list[TestOutcome]:
    per_test = _per_test_limit(ctx)
    count = len(nodeids) if nodeids is not None else max(len(ctx.report.tests), 1) + 10
    return ctx.tests.run_tests_only(
        ctx.workspace,
        nodeids,
        timeout_s=STARTUP_ALLOWANCE_S + per_test * count,
        test_timeout_s=per_test,
    )


def _syntax(files: dict[str, str | None]) -> str:
    for path, content in sorted(files.items()):
        if content is None or not path.endswith(".py"):
            continue
        try:
            ast.parse(content)
        except SyntaxError as exc:
            return f"{path} does not parse: {exc.msg} (line {exc.lineno})"
    return ""


def is_test_path(path: str, test_dirs: Sequence[str]) -> bool:
    """A test file or a file in a test folder (conftest.py and helpers included)."""
    name = Path(path).name
    in_dir = any(path.startswith(d.rstrip("/") + "/") for d in test_dirs)
    return in_dir or name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"


def write_files(workspace: Path, files: dict[str, str | None]) -> None:
    for path, content in files.items():
        if content is None:
            delete_safely(workspace, path)
        else:
            write_text_safely(workspace, path, content)


def check_proposal(
    job: Job, files: dict[str, str | None], ctx: AgentContext, base: dict[str, str | None]
) -> CheckResult:
    """Check `files` (already written into `ctx.workspace`); `base` holds the old contents."""
    broken_syntax = _syntax(files)
    if broken_syntax:
        return CheckResult(False, broken_syntax)
    if job.kind == STUB_TASK and job.function is not None:
        path, qualname = job.function
        content = files.get(path) or base.get(path) or ""
        if is_placeholder(content, qualname):
            return CheckResult(False, f"{qualname} is still a placeholder (no implementation)")
    if job.kind == REQUIREMENT_TASK:
        return _check_requirement(files, ctx, base)
    nodeids = [*job.failing, *job.covering]
    if not nodeids and not ctx.report.tests:
        return CheckResult(True, "no test runs this code yet; parses")
    outcomes = _run(ctx, nodeids or None)
    by_id = {o.nodeid: o for o in outcomes}
    expected = (
        job.covering
        if nodeids
        else tuple(t.nodeid for t in ctx.report.tests if t.status == TestStatus.PASSED)
    )
    broken = [by_id[n] for n in expected if n in by_id and by_id[n].status != TestStatus.PASSED]
    fixed = [n for n in job.failing if n in by_id and by_id[n].status == TestStatus.PASSED]
    still = [by_id[n] for n in job.failing if n in by_id and by_id[n].status != TestStatus.PASSED]
    if broken:
        return CheckResult(
            False, "breaks a test that passed:\n" + _describe(broken[0]), len(fixed), len(broken)
        )
    if still:
        return CheckResult(
            False,
            f"{len(still)} of {len(job.failing)} test(s) still fail:\n" + _describe(still[0]),
            len(fixed),
        )
    return CheckResult(True, f"{len(fixed)} failing test(s) now pass, none broken", len(fixed))


def _check_requirement(
    files: dict[str, str | None], ctx: AgentContext, base: dict[str, str | None]
) -> CheckResult:
    new_tests = [
        p for p, c in files.items() if c is not None and base.get(p) is None
        and is_test_path(p, ctx.test_dirs) and p.endswith(".py")
    ]  # fmt: skip
    if not new_tests:
        return CheckResult(False, "no new test file: add pytest tests for the requirement")
    outcomes = _run(ctx, None)
    bad = [o for o in outcomes if o.status not in (TestStatus.PASSED, TestStatus.SKIPPED)]
    before = ctx.report.test_status()
    regressed = [o for o in bad if before.get(o.nodeid) == TestStatus.PASSED]
    if regressed:
        return CheckResult(False, "a test fails:\n" + _describe(regressed[0]), broken=1)
    added = [o for o in outcomes if _in(o.nodeid, new_tests)]
    if not added:
        return CheckResult(False, f"pytest collected no test from {', '.join(new_tests)}")
    failing_new = [o for o in added if o.status != TestStatus.PASSED]
    if failing_new:
        return CheckResult(False, "a new test fails:\n" + _describe(failing_new[0]))
    # The new tests must fail without the change: else they do not test it.
    source_changes = {p: base.get(p) for p in files if p not in new_tests}
    write_files(ctx.workspace, source_changes)
    try:
        without = _run(ctx, [o.nodeid for o in added])
    finally:
        write_files(ctx.workspace, {p: files[p] for p in source_changes})
    if all(o.status == TestStatus.PASSED for o in without):
        return CheckResult(
            False, "the new tests pass without the change too: they do not test the requirement"
        )
    return CheckResult(True, f"{len(added)} new test(s) pass with the change and fail without it")


def _in(nodeid: str, paths: Sequence[str]) -> bool:
    return nodeid.split("::", 1)[0] in paths
