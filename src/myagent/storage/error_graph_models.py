"""The error knowledge graph's tables: error, solution and pattern nodes and their edges.

Created by migration 0002. `project_id` is null for a user-level store (knowledge that
is not tied to one project); uniqueness then holds through a partial unique index,
because SQL treats nulls in a unique constraint as distinct. These classes never
leave `myagent.storage`: `error_graph_repo` hands out frozen records.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from myagent.storage.base import Base

_NO_PROJECT = text("project_id IS NULL")


def _project_fk() -> Mapped[int | None]:
    return mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))


def _user_scope_unique(name: str, column: str) -> Index:
    """A unique index on `column` among rows without a project (the user-level store)."""
    return Index(name, column, unique=True, sqlite_where=_NO_PROJECT, postgresql_where=_NO_PROJECT)


class ErrorNode(Base):
    """One normalised error signature and how often it was seen."""

    __tablename__ = "error_nodes"
    __table_args__ = (
        UniqueConstraint("project_id", "key"),
        _user_scope_unique("ux_error_nodes_key_no_project", "key"),
        Index(None, "project_id", "error_type"),
        CheckConstraint("occurrences >= 0", name="occurrences"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int | None] = _project_fk()
    key: Mapped[str]
    error_type: Mapped[str]
    message_pattern: Mapped[str]
    location: Mapped[str]
    example_message: Mapped[str]
    example_traceback: Mapped[str]
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    occurrences: Mapped[int]


class SolutionNode(Base):
    """One fix tried for an error (the same change counts once: `patch_key`)."""

    __tablename__ = "solution_nodes"
    __table_args__ = (
        UniqueConstraint("error_id", "patch_key"),
        CheckConstraint("successes >= 0 AND attempts >= successes", name="counts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    error_id: Mapped[int] = mapped_column(ForeignKey("error_nodes.id", ondelete="CASCADE"))
    strategy: Mapped[str]  # how the fix was first found: "template:...", "llm", "known-fix"
    description: Mapped[str]
    diff: Mapped[str]
    patch_key: Mapped[str]
    attempts: Mapped[int]
    successes: Mapped[int]
    created_at: Mapped[datetime]
    last_used: Mapped[datetime]
    run_id: Mapped[str | None]  # not a foreign key: the graph outlives runs
    commit: Mapped[str | None]  # the checkpoint of the last success


class PatternNode(Base):
    """A family of errors: common causes and how to prevent them."""

    __tablename__ = "pattern_nodes"
    __table_args__ = (
        UniqueConstraint("project_id", "name"),
        _user_scope_unique("ux_pattern_nodes_name_no_project", "name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int | None] = _project_fk()
    name: Mapped[str]
    causes: Mapped[str]
    prevention: Mapped[str]
    error_count: Mapped[int]
    solution_count: Mapped[int]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ErrorPattern(Base):
    """Edge: an error belongs to a pattern."""

    __tablename__ = "error_patterns"

    error_id: Mapped[int] = mapped_column(
        ForeignKey("error_nodes.id", ondelete="CASCADE"), primary_key=True
    )
    pattern_id: Mapped[int] = mapped_column(
        ForeignKey("pattern_nodes.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class SolutionPattern(Base):
    """Edge: a solution is an instance of a pattern's fix."""

    __tablename__ = "solution_patterns"

    solution_id: Mapped[int] = mapped_column(
        ForeignKey("solution_nodes.id", ondelete="CASCADE"), primary_key=True
    )
    pattern_id: Mapped[int] = mapped_column(
        ForeignKey("pattern_nodes.id", ondelete="CASCADE"), primary_key=True, index=True
    )
