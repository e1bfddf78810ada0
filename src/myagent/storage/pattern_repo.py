"""Reads and writes of the pattern store. The caller owns the session.

Every function takes an open `Session`, scopes by `project_id` (None: the user-level
store) and returns frozen records. Counters are updated in the database
(`INSERT ... ON CONFLICT DO UPDATE SET n = n + 1`), so two processes learning at once
never lose an outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from myagent.storage.pattern_models import (
    OUTCOME_KEY,
    PATTERN_KEY,
    LearnedPattern,
    StrategyOutcome,
)
from myagent.storage.repositories import insert_for, now

SOLUTION_LIMIT = 20_000  # characters of a solution's text kept
_FRESH = {"populate_existing": True}


@dataclass(frozen=True, slots=True)
class OutcomeKey:
    """Which strategy for which problem: (kind, problem, strategy)."""

    kind: str
    problem: str
    strategy: str


@dataclass(frozen=True, slots=True)
class OutcomeRecord:
    """The counts of one strategy for one kind of problem."""

    key: OutcomeKey
    successes: int
    failures: int
    broke: int
    first_seen: datetime
    last_seen: datetime

    @classmethod
    def of(cls, row: StrategyOutcome) -> OutcomeRecord:
        key = OutcomeKey(row.kind, row.problem, row.strategy)
        return cls(key, row.successes, row.failures, row.broke, row.first_seen, row.last_seen)


@dataclass(frozen=True, slots=True)
class PatternRecord:
    """One concrete solution of a strategy for a kind of problem."""

    key: OutcomeKey
    solution_key: str
    description: str
    solution: str
    successes: int
    failures: int
    anti_pattern: bool
    first_seen: datetime
    last_seen: datetime

    @classmethod
    def of(cls, row: LearnedPattern) -> PatternRecord:
        return cls(
            OutcomeKey(row.kind, row.problem, row.strategy),
            row.solution_key,
            row.description,
            row.solution,
            row.successes,
            row.failures,
            row.anti_pattern,
            row.first_seen,
            row.last_seen,
        )


def _scope(project_id: int | None, model: type[StrategyOutcome] | type[LearnedPattern]) -> Any:
    column = model.project_id
    return column.is_(None) if project_id is None else column == project_id


def _target(
    project_id: int | None,
    model: type[StrategyOutcome] | type[LearnedPattern],
    columns: tuple[str, ...],
) -> dict[str, Any]:
    """The ON CONFLICT target: the per-project unique constraint, or the partial unique
    index of the rows without a project."""
    if project_id is None:
        return {"index_elements": list(columns), "index_where": model.project_id.is_(None)}
    return {"index_elements": ["project_id", *columns]}


def record_outcome(
    session: Session, project_id: int | None, key: OutcomeKey, succeeded: bool, broke: bool
) -> OutcomeRecord:
    """Count one outcome of a strategy; `broke` (a failure that broke passing tests)
    counts as a failure too."""
    t = now()
    failed = int(not succeeded)
    broken = int(broke and not succeeded)
    stmt = insert_for(session, StrategyOutcome).values(
        project_id=project_id,
        kind=key.kind,
        problem=key.problem,
        strategy=key.strategy,
        successes=int(succeeded),
        failures=failed,
        broke=broken,
        first_seen=t,
        last_seen=t,
    )
    changes = {
        "successes": StrategyOutcome.successes + int(succeeded),
        "failures": StrategyOutcome.failures + failed,
        "broke": StrategyOutcome.broke + broken,
        "last_seen": t,
    }
    target = _target(project_id, StrategyOutcome, OUTCOME_KEY)
    upsert = stmt.on_conflict_do_update(**target, set_=changes)
    row = session.scalars(upsert.returning(StrategyOutcome), execution_options=_FRESH).one()
    return OutcomeRecord.of(row)


def record_pattern(
    session: Session,
    project_id: int | None,
    key: OutcomeKey,
    solution: tuple[str, str, str],
    succeeded: bool,
    broke: bool,
) -> PatternRecord:
    """Count one outcome of a concrete solution: `solution` is (solution_key,
    description, text). The first outcome stores the text; `broke` marks it an
    anti-pattern for good."""
    t = now()
    solution_key, description, text = solution
    broken = broke and not succeeded
    stmt = insert_for(session, LearnedPattern).values(
        project_id=project_id,
        kind=key.kind,
        problem=key.problem,
        strategy=key.strategy,
        solution_key=solution_key,
        description=description,
        solution=text[:SOLUTION_LIMIT],
        successes=int(succeeded),
        failures=int(not succeeded),
        anti_pattern=broken,
        first_seen=t,
        last_seen=t,
    )
    changes: dict[str, Any] = {
        "successes": LearnedPattern.successes + int(succeeded),
        "failures": LearnedPattern.failures + int(not succeeded),
        "last_seen": t,
    }
    if broken:
        changes["anti_pattern"] = True
    target = _target(project_id, LearnedPattern, PATTERN_KEY)
    upsert = stmt.on_conflict_do_update(**target, set_=changes)
    row = session.scalars(upsert.returning(LearnedPattern), execution_options=_FRESH).one()
    return PatternRecord.of(row)


def _problem(
    model: type[StrategyOutcome] | type[LearnedPattern], kind: str, problem: str
) -> list[ColumnElement[bool]]:
    return [model.kind == kind, model.problem == problem]


def outcomes(
    session: Session, project_id: int | None, kind: str, problem: str
) -> list[OutcomeRecord]:
    """The counts of every strategy tried for one problem, by strategy name."""
    stmt = (
        select(StrategyOutcome)
        .where(_scope(project_id, StrategyOutcome), *_problem(StrategyOutcome, kind, problem))
        .order_by(StrategyOutcome.strategy)
    )
    return [OutcomeRecord.of(r) for r in session.scalars(stmt)]


def patterns(
    session: Session, project_id: int | None, kind: str, problem: str
) -> list[PatternRecord]:
    """Every concrete solution recorded for one problem, the most recent first."""
    stmt = (
        select(LearnedPattern)
        .where(_scope(project_id, LearnedPattern), *_problem(LearnedPattern, kind, problem))
        .order_by(LearnedPattern.last_seen.desc(), LearnedPattern.id.desc())
    )
    return [PatternRecord.of(r) for r in session.scalars(stmt)]
