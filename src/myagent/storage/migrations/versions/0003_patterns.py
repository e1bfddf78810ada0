"""The pattern store: strategy outcomes and learned patterns (the Learning Engine).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08

Plain SQLAlchemy types only (see 0001). `project_id` is nullable (a user-level store);
among rows without a project, a partial unique index keeps the keys unique.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NO_PROJECT = "project_id IS NULL"
_OUTCOME_KEY = ["kind", "problem", "strategy"]
_PATTERN_KEY = [*_OUTCOME_KEY, "solution_key"]


def _text(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.Text(), nullable=False)


def _int(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.Integer(), nullable=False)


def _times() -> tuple[sa.Column[Any], sa.Column[Any]]:
    return (
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    )


def _scoped(table: str, key: list[str], *columns: Any) -> None:
    """A table with an id, a nullable project and `key` unique per project and among
    the rows without a project."""
    op.create_table(
        table,
        _int("id"),
        sa.Column("project_id", sa.Integer(), nullable=True),
        *(_text(c) for c in key),
        *columns,
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f(f"fk_{table}_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("project_id", *key, name=op.f(f"uq_{table}_key")),
    )
    op.create_index(
        f"ux_{table}_no_project",
        table,
        key,
        unique=True,
        sqlite_where=sa.text(_NO_PROJECT),
        postgresql_where=sa.text(_NO_PROJECT),
    )


def upgrade() -> None:
    """Create the pattern store's tables."""
    _scoped(
        "strategy_outcomes",
        _OUTCOME_KEY,
        _int("successes"),
        _int("failures"),
        _int("broke"),
        *_times(),
        sa.CheckConstraint(
            "successes >= 0 AND failures >= 0 AND broke >= 0 AND broke <= failures",
            name=op.f("ck_strategy_outcomes_counts"),
        ),
    )
    _scoped(
        "learned_patterns",
        _PATTERN_KEY,
        _text("description"),
        _text("solution"),
        _int("successes"),
        _int("failures"),
        sa.Column("anti_pattern", sa.Boolean(), nullable=False),
        *_times(),
        sa.CheckConstraint(
            "successes >= 0 AND failures >= 0", name=op.f("ck_learned_patterns_counts")
        ),
    )


def downgrade() -> None:
    """Drop the pattern store; the ledger and the error graph stay."""
    op.drop_table("learned_patterns")
    op.drop_table("strategy_outcomes")
