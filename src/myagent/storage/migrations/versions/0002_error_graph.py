"""The error knowledge graph: error, solution and pattern nodes and their edges.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

Plain SQLAlchemy types only (see 0001). `project_id` is nullable (a user-level store);
among rows without a project, a partial unique index keeps keys and names unique.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NO_PROJECT = "project_id IS NULL"


def _text(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.Text(), nullable=nullable)


def _time(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _int(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete="CASCADE",
    )


def _no_project_unique(name: str, table: str, column: str) -> None:
    op.create_index(
        name,
        table,
        [column],
        unique=True,
        sqlite_where=sa.text(_NO_PROJECT),
        postgresql_where=sa.text(_NO_PROJECT),
    )


def _edge(table: str, node: str, node_table: str) -> None:
    """A link table `node_id` -> `pattern_id`, both cascading."""
    op.create_table(
        table,
        _int(f"{node}_id"),
        _int("pattern_id"),
        _fk(table, f"{node}_id", node_table),
        _fk(table, "pattern_id", "pattern_nodes"),
        sa.PrimaryKeyConstraint(f"{node}_id", "pattern_id", name=op.f(f"pk_{table}")),
    )
    op.create_index(op.f(f"ix_{table}_pattern_id"), table, ["pattern_id"])


def upgrade() -> None:
    """Create the error knowledge graph's tables."""
    op.create_table(
        "error_nodes",
        _int("id"),
        _int("project_id", nullable=True),
        *(_text(c) for c in ("key", "error_type", "message_pattern", "location")),
        _text("example_message"),
        _text("example_traceback"),
        _time("first_seen"),
        _time("last_seen"),
        _int("occurrences"),
        sa.CheckConstraint("occurrences >= 0", name=op.f("ck_error_nodes_occurrences")),
        _fk("error_nodes", "project_id", "projects"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_error_nodes")),
        sa.UniqueConstraint("project_id", "key", name=op.f("uq_error_nodes_project_id_key")),
    )
    op.create_index(
        op.f("ix_error_nodes_project_id_error_type"), "error_nodes", ["project_id", "error_type"]
    )
    _no_project_unique("ux_error_nodes_key_no_project", "error_nodes", "key")

    op.create_table(
        "solution_nodes",
        _int("id"),
        _int("error_id"),
        *(_text(c) for c in ("strategy", "description", "diff", "patch_key")),
        _int("attempts"),
        _int("successes"),
        _time("created_at"),
        _time("last_used"),
        _text("run_id", nullable=True),
        _text("commit", nullable=True),
        sa.CheckConstraint(
            "successes >= 0 AND attempts >= successes", name=op.f("ck_solution_nodes_counts")
        ),
        _fk("solution_nodes", "error_id", "error_nodes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_solution_nodes")),
        sa.UniqueConstraint(
            "error_id", "patch_key", name=op.f("uq_solution_nodes_error_id_patch_key")
        ),
    )

    op.create_table(
        "pattern_nodes",
        _int("id"),
        _int("project_id", nullable=True),
        *(_text(c) for c in ("name", "causes", "prevention")),
        _int("error_count"),
        _int("solution_count"),
        _time("created_at"),
        _time("updated_at"),
        _fk("pattern_nodes", "project_id", "projects"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pattern_nodes")),
        sa.UniqueConstraint("project_id", "name", name=op.f("uq_pattern_nodes_project_id_name")),
    )
    _no_project_unique("ux_pattern_nodes_name_no_project", "pattern_nodes", "name")

    _edge("error_patterns", "error", "error_nodes")
    _edge("solution_patterns", "solution", "solution_nodes")


def downgrade() -> None:
    """Drop the error knowledge graph (edges first); the ledger's tables stay."""
    for table in ("solution_patterns", "error_patterns", "pattern_nodes", "solution_nodes"):
        op.drop_table(table)
    op.drop_table("error_nodes")
