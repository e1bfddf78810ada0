"""Frozen records of the error knowledge graph: plain values, never live ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from myagent.errors import StorageError
from myagent.storage.error_graph_models import ErrorNode, PatternNode, SolutionNode


class UnknownSolutionError(StorageError, LookupError):
    """A pattern link named a fix that was never recorded for the error (a bug)."""


class Signature(Protocol):
    """What the graph stores of an error signature (`memory.error_signature`)."""

    @property
    def key(self) -> str: ...
    @property
    def error_type(self) -> str: ...
    @property
    def message_pattern(self) -> str: ...
    @property
    def location(self) -> str: ...


def success_estimate(attempts: int, successes: int) -> float:
    """The mean of the Beta(1, 1) posterior: (successes + 1) / (attempts + 2).

    Respects counts: 1 success in 1 attempt (0.67) ranks below 9 in 10 (0.83), and a
    fix never tried is an even bet (0.5).
    """
    return (successes + 1) / (attempts + 2)


@dataclass(frozen=True, slots=True)
class ErrorNodeRecord:
    """An error signature, its latest example, and how often it was seen."""

    id: int
    project_id: int | None
    key: str
    error_type: str
    message_pattern: str
    location: str
    example_message: str
    example_traceback: str
    first_seen: datetime
    last_seen: datetime
    occurrences: int

    @classmethod
    def of(cls, row: ErrorNode) -> ErrorNodeRecord:
        return cls(
            id=row.id,
            project_id=row.project_id,
            key=row.key,
            error_type=row.error_type,
            message_pattern=row.message_pattern,
            location=row.location,
            example_message=row.example_message,
            example_traceback=row.example_traceback,
            first_seen=row.first_seen,
            last_seen=row.last_seen,
            occurrences=row.occurrences,
        )


@dataclass(frozen=True, slots=True)
class SolutionRecord:
    """A fix tried for an error, with its attempts and successes."""

    id: int
    error_id: int
    strategy: str
    description: str
    diff: str
    patch_key: str
    attempts: int
    successes: int
    created_at: datetime
    last_used: datetime
    run_id: str | None
    commit: str | None

    @property
    def success_rate(self) -> float:
        """Observed successes / attempts (0.0 before any attempt)."""
        return self.successes / self.attempts if self.attempts else 0.0

    @property
    def estimate(self) -> float:
        """The success estimate used for ranking (`success_estimate`)."""
        return success_estimate(self.attempts, self.successes)

    @classmethod
    def of(cls, row: SolutionNode) -> SolutionRecord:
        return cls(
            id=row.id,
            error_id=row.error_id,
            strategy=row.strategy,
            description=row.description,
            diff=row.diff,
            patch_key=row.patch_key,
            attempts=row.attempts,
            successes=row.successes,
            created_at=row.created_at,
            last_used=row.last_used,
            run_id=row.run_id,
            commit=row.commit,
        )


@dataclass(frozen=True, slots=True)
class PatternRecord:
    """A family of errors with its causes and prevention, and how many nodes link to it."""

    id: int
    project_id: int | None
    name: str
    causes: str
    prevention: str
    error_count: int
    solution_count: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: PatternNode) -> PatternRecord:
        return cls(
            id=row.id,
            project_id=row.project_id,
            name=row.name,
            causes=row.causes,
            prevention=row.prevention,
            error_count=row.error_count,
            solution_count=row.solution_count,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


@dataclass(frozen=True, slots=True)
class FixCandidate:
    """A solution found for a signature and how closely its error matches (0: the same
    signature, 1: same type and location, 2: same type and message elsewhere)."""

    tier: int
    solution: SolutionRecord
