"""Values that cross module boundaries: messages, tasks, candidates, quality reports.

All are frozen pydantic models so they can be logged, stored in the ledger as JSON and
replayed. Nothing in here does I/O.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


def new_id() -> str:
    """A short random identifier (12 hex characters)."""
    return uuid.uuid4().hex[:12]


def utcnow() -> datetime:
    return datetime.now(UTC)


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --------------------------------------------------------------------------- messages


class MessageType(StrEnum):
    TASK = "task"
    STATUS = "status"
    RESULT = "result"
    ERROR = "error"


class AgentMessage(Frozen):
    """The one message type on the bus (the seed's protocol)."""

    type: MessageType
    sender: str
    recipient: str
    payload: dict[str, Any] = Field(default_factory=dict)
    priority: int = Field(default=5, ge=1, le=10)
    timestamp: datetime = Field(default_factory=utcnow)
    correlation_id: str = Field(default_factory=new_id)


# --------------------------------------------------------------------------- quality


class TestStatus(StrEnum):
    __test__ = False  # not a pytest class

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    SKIPPED = "skipped"
    XFAILED = "xfailed"
    XPASSED = "xpassed"
    TIMEOUT = "timeout"


class TestOutcome(Frozen):
    """One test's result. `nodeid` is pytest's node id.

    For a failing test (failed, error, timeout): `error_type` is the exception's class
    name ("AssertionError", "ZeroDivisionError"; "Timeout" for a test stopped by its
    time limit, "Crash" for one that ended the test process); `frames` are the
    traceback's "path:line" entries, outermost first and innermost LAST, without
    pytest's own frames, workspace-relative inside the workspace (absolute outside it);
    for a timeout the last entry is the project line the test was stopped at.
    `traceback` is the failure's text (Python's format, at most ~4000 characters).
    """

    __test__ = False  # not a pytest class

    nodeid: str
    status: TestStatus
    duration_s: float = 0.0
    message: str = ""  # failure/skip reason, or "timeout after Ns"
    assertions: int | None = None  # number of assert statements in the test body, if known
    error_type: str = ""
    frames: list[str] = Field(default_factory=list)
    traceback: str = ""


class ToolStatus(StrEnum):
    OK = "ok"  # the tool ran and reported
    MISSING = "missing"  # the tool is not installed
    CRASHED = "crashed"  # the tool ran but failed to report
    TIMEOUT = "timeout"
    SKIPPED = "skipped"  # not configured / nothing to check


class ToolRun(Frozen):
    """How one measuring tool ran."""

    tool: str
    status: ToolStatus
    duration_s: float = 0.0
    detail: str = ""  # one line: why missing / crashed


class LintIssue(Frozen):
    path: str
    line: int
    code: str
    message: str
    fixable: bool = False


class CoverageData(Frozen):
    """Line and branch coverage, with which test covered which line.

    `covered_by` maps "path:line" to the test node ids that executed it (per-test
    coverage contexts); `uncovered` maps a path to its missing lines;
    `missing_branches` maps a path to the branches no test took, as (from_line,
    to_line) arcs (a negative to_line -N is an exit from the code object that starts
    at line N, as in coverage's JSON report).
    """

    line_rate: float = 0.0
    branch_rate: float = 0.0
    lines_total: int = 0
    lines_covered: int = 0
    branches_total: int = 0
    branches_covered: int = 0
    uncovered: dict[str, list[int]] = Field(default_factory=dict)
    missing_branches: dict[str, list[tuple[int, int]]] = Field(default_factory=dict)
    covered_by: dict[str, list[str]] = Field(default_factory=dict)


class MutantOutcome(Frozen):
    """One sampled mutant that ran (myagent.quality.mutation): `key` identifies it
    across trees (free of line numbers, `myagent.quality.mutants`)."""

    key: str
    path: str
    line: int
    operator: str
    killed: bool


class QualityReport(Frozen):
    """Everything the quality model measured on one tree.

    `metrics` holds the gate metrics by name (see `myagent.quality.gates`); a metric is
    absent when the tool that produces it did not run, never silently zero.
    """

    commit: str = ""
    tests: list[TestOutcome] = Field(default_factory=list)
    coverage: CoverageData | None = None
    lint: list[LintIssue] = Field(default_factory=list)
    type_errors: list[LintIssue] = Field(default_factory=list)
    security: list[LintIssue] = Field(default_factory=list)  # bandit; code = severity
    complexity: dict[str, int] = Field(default_factory=dict)  # "path:function" -> cyclomatic
    # unfinished functions (myagent.quality.stubs): line = the def line, code = the kind
    # ("not-implemented", "ellipsis", "pass"), message = the qualified name
    stubs: list[LintIssue] = Field(default_factory=list)
    # mutants the tests let live (myagent.quality.mutation, only with the mutation_score
    # gate): path and line of the change, code = the operator, message = what changed
    mutants_survived: list[LintIssue] = Field(default_factory=list)
    # every sampled mutant that ran, killed or not (the sample the ratchet compares on)
    mutants: list[MutantOutcome] = Field(default_factory=list)
    # accessibility findings (myagent.quality.a11y, only with the a11y_violations gate):
    # code = the rule id (axe-core's where one matches), static and axe findings merged
    a11y: list[LintIssue] = Field(default_factory=list)
    tools: list[ToolRun] = Field(default_factory=list)
    metrics: dict[str, float] = Field(default_factory=dict)
    score: float = 0.0
    duration_s: float = 0.0

    def test_status(self) -> dict[str, TestStatus]:
        return {t.nodeid: t.status for t in self.tests}

    def tool(self, name: str) -> ToolRun | None:
        return next((t for t in self.tools if t.tool == name), None)


class GateResult(Frozen):
    name: str
    target: float
    value: float | None  # None: not measured (tool missing or crashed)
    met: bool
    direction: Literal["min", "max"]  # "min": value must be >= target; "max": <= target


# --------------------------------------------------------------------------- work


class Task(Frozen):
    """A unit of work the Coordinator gives an agent, derived from a gate gap."""

    id: str = Field(default_factory=new_id)
    kind: str  # e.g. "lint_fix", "format", "fix_failing_test", "raise_coverage"
    agent: str  # agent name that should do it
    gate: str  # the gate metric this task targets
    priority: int = Field(default=5, ge=1, le=10)
    description: str = ""
    targets: list[str] = Field(default_factory=list)  # files or node ids in scope


class FileEdit(Frozen):
    """The whole new content of one file (None deletes it). Paths are workspace-relative."""

    path: str
    content: str | None


class Candidate(Frozen):
    """A proposed change: a set of file edits, by an agent, for a task."""

    id: str = Field(default_factory=new_id)
    task_id: str
    agent: str
    summary: str
    edits: list[FileEdit]
    strategy: str = ""  # e.g. "ruff-fix", "ruff-format", "template:off-by-one"


class Verdict(Frozen):
    """The ratchet's decision on one candidate."""

    accepted: bool
    reason: str
    metrics_before: dict[str, float] = Field(default_factory=dict)
    metrics_after: dict[str, float] = Field(default_factory=dict)
