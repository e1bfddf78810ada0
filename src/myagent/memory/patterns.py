"""The pattern store: what worked, and what failed, for each kind of problem.

A *problem* is a kind and a key: `Problem.error("ZeroDivisionError")` (what the
Debugger fixes; strategies are fix strategies such as "template:none-guard"),
`Problem.task("fix_failing_test")` (strategies are agent names). For every (problem,
strategy) the store counts successes and failures (`StrategyStats`); for every
concrete solution (a diff or a description) it keeps a `Pattern` with its own counts
and an anti-pattern flag, set once the solution broke passing tests.

Success rates are counts read as Beta posteriors (`learning.posterior`), so a
strategy seen once is not trusted like one seen a hundred times. A failure that broke
tests counts twice (`ANTI_PATTERN_WEIGHT`). Every call is one short transaction.

    store = PatternStore(db, project_id)      # project_id None: a user-level store
    store.record(Problem.error("KeyError"), "template:none-guard", True, solution=fix)
    store.stats(Problem.error("KeyError"))["template:none-guard"].posterior.mean
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from myagent.learning.posterior import Posterior
from myagent.memory.error_signature import patch_key_of
from myagent.storage import pattern_repo as repo
from myagent.storage.db import Database

ANTI_PATTERN_WEIGHT = 1.0  # extra failures a test-breaking failure counts for
_EMPTY_KEY = patch_key_of("")


class ProblemKind(StrEnum):
    ERROR = "error"  # an exception type; strategies are fix strategies
    TASK = "task"  # a task kind; strategies are agent names


@dataclass(frozen=True, slots=True)
class Problem:
    """A kind of problem that learning generalises over."""

    kind: ProblemKind
    key: str

    @classmethod
    def error(cls, error_type: str) -> Problem:
        return cls(ProblemKind.ERROR, error_type or "unknown")

    @classmethod
    def task(cls, task_kind: str) -> Problem:
        return cls(ProblemKind.TASK, task_kind)

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


@dataclass(frozen=True, slots=True)
class Solution:
    """A concrete solution: a one-line description and its text (a diff, or empty)."""

    description: str
    text: str = ""

    @property
    def key(self) -> str:
        """The same change has the same key (a diff: its changed lines, as the error
        graph's `patch_key_of`; otherwise the description and text)."""
        key = patch_key_of(self.text)
        if key != _EMPTY_KEY:
            return key
        return hashlib.sha256(f"{self.description}\0{self.text}".encode()).hexdigest()[:24]


@dataclass(frozen=True, slots=True)
class StrategyStats:
    """The outcomes of one strategy for one problem (counts may be weighted sums)."""

    strategy: str
    successes: float = 0.0
    failures: float = 0.0
    broke: float = 0.0  # failures that broke passing tests
    last_seen: datetime | None = None

    @property
    def posterior(self) -> Posterior:
        return Posterior(self.successes, self.failures + ANTI_PATTERN_WEIGHT * self.broke)

    def plus(self, other: StrategyStats, weight: float = 1.0) -> StrategyStats:
        """These counts with `other`'s added at `weight`."""
        seen = [t for t in (self.last_seen, other.last_seen) if t is not None]
        return StrategyStats(
            self.strategy,
            self.successes + weight * other.successes,
            self.failures + weight * other.failures,
            self.broke + weight * other.broke,
            max(seen, default=None),
        )


@dataclass(frozen=True, slots=True)
class Pattern:
    """One solution of a strategy for a problem, and how it fared."""

    problem: Problem
    strategy: str
    solution: Solution
    successes: int
    failures: int
    anti_pattern: bool
    last_seen: datetime

    @property
    def posterior(self) -> Posterior:
        return Posterior(self.successes, self.failures)


class PatternStore:
    """Facade over the pattern store of one project (None: the user-level store)."""

    def __init__(self, db: Database, project_id: int | None) -> None:
        self._db = db
        self.project_id = project_id

    def record(
        self,
        problem: Problem,
        strategy: str,
        succeeded: bool,
        *,
        solution: Solution | None = None,
        broke_tests: bool = False,
    ) -> StrategyStats:
        """Count one outcome of `strategy` for `problem` (and of `solution`, if given);
        return the strategy's counts after it."""
        key = repo.OutcomeKey(str(problem.kind), problem.key, strategy)
        with self._db.writing() as s:
            row = repo.record_outcome(s, self.project_id, key, succeeded, broke_tests)
            if solution is not None:
                fix = (solution.key, solution.description, solution.text)
                repo.record_pattern(s, self.project_id, key, fix, succeeded, broke_tests)
        return _stats(row)

    def stats(self, problem: Problem) -> dict[str, StrategyStats]:
        """{strategy: counts} of every strategy tried for `problem`."""
        with self._db.reading() as s:
            rows = repo.outcomes(s, self.project_id, str(problem.kind), problem.key)
        return {r.key.strategy: _stats(r) for r in rows}

    def patterns(self, problem: Problem) -> list[Pattern]:
        """Every solution recorded for `problem`, the most recently seen first."""
        with self._db.reading() as s:
            rows = repo.patterns(s, self.project_id, str(problem.kind), problem.key)
        return [
            Pattern(
                problem,
                r.key.strategy,
                Solution(r.description, r.solution),
                r.successes,
                r.failures,
                r.anti_pattern,
                r.last_seen,
            )
            for r in rows
        ]


def _stats(row: repo.OutcomeRecord) -> StrategyStats:
    return StrategyStats(row.key.strategy, row.successes, row.failures, row.broke, row.last_seen)
