"""The pattern store's tables: strategy outcomes and learned patterns.

Created by migration 0003. A *problem* is a kind and a key (`error` + an exception
type, `task` + a task kind); a *strategy* is what was tried for it (a fix template, an
agent). `strategy_outcomes` keeps one row of counts per (problem, strategy), which is
what ranking reads; `learned_patterns` keeps one row per concrete solution (a diff or
a description) with its own counts and the anti-pattern flag (it broke tests).

`project_id` is null in a user-level store; uniqueness then holds through a partial
unique index (SQL treats nulls in a unique constraint as distinct), as in the error
graph. These classes never leave `myagent.storage`: `pattern_repo` hands out records.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from myagent.storage.base import Base

OUTCOME_KEY = ("kind", "problem", "strategy")
PATTERN_KEY = (*OUTCOME_KEY, "solution_key")
_NO_PROJECT = text("project_id IS NULL")


def _user_scope_unique(name: str, *columns: str) -> Index:
    """A unique index on `columns` among rows without a project (the user-level store)."""
    return Index(
        name, *columns, unique=True, sqlite_where=_NO_PROJECT, postgresql_where=_NO_PROJECT
    )


class StrategyOutcome(Base):
    """How often one strategy worked and failed for one kind of problem."""

    __tablename__ = "strategy_outcomes"
    __table_args__ = (
        UniqueConstraint("project_id", *OUTCOME_KEY, name="uq_strategy_outcomes_key"),
        _user_scope_unique("ux_strategy_outcomes_no_project", *OUTCOME_KEY),
        CheckConstraint(
            "successes >= 0 AND failures >= 0 AND broke >= 0 AND broke <= failures",
            name="counts",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    kind: Mapped[str]  # "error" | "task"
    problem: Mapped[str]  # an exception type, a task kind
    strategy: Mapped[str]  # "template:off-by-one", "debugger", ...
    successes: Mapped[int]
    failures: Mapped[int]
    broke: Mapped[int]  # failures that broke passing tests (anti-pattern evidence)
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]


class LearnedPattern(Base):
    """One concrete solution of a strategy for a kind of problem, and how it fared."""

    __tablename__ = "learned_patterns"
    __table_args__ = (
        UniqueConstraint("project_id", *PATTERN_KEY, name="uq_learned_patterns_key"),
        _user_scope_unique("ux_learned_patterns_no_project", *PATTERN_KEY),
        CheckConstraint("successes >= 0 AND failures >= 0", name="counts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    kind: Mapped[str]
    problem: Mapped[str]
    strategy: Mapped[str]
    solution_key: Mapped[str]  # identifies the same solution (a hash of its text)
    description: Mapped[str]
    solution: Mapped[str]  # the diff or a longer description
    successes: Mapped[int]
    failures: Mapped[int]
    anti_pattern: Mapped[bool]  # it broke passing tests at least once
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
