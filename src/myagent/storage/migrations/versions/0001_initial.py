"""The initial ledger schema: projects, runs, iterations, actions, messages,
milestones, checkpoints, rollbacks and score history.

Revision ID: 0001
Revises:
Create Date: 2026-11-27

Plain SQLAlchemy types only (no imports from `myagent`), so this file keeps meaning
the same schema whatever later versions of the models look like. Text columns are
unbounded TEXT and times are TIMESTAMP WITH TIME ZONE on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUN_CHILDREN = (
    "actions",
    "checkpoints",
    "iterations",
    "messages",
    "milestones",
    "rollbacks",
    "score_history",
)


def _text(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.Text(), nullable=nullable)


def _time(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _json(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.JSON(), nullable=False)


def _int(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.Integer(), nullable=False)


def _float(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.Float(), nullable=nullable)


def _run_child(table: str, *columns: sa.Column[Any], unique: str | None = None) -> None:
    """A table that belongs to a run: id, run_id (indexed, cascading FK), `columns`."""
    constraints: list[sa.Constraint] = [
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f(f"fk_{table}_run_id_runs"), ondelete="CASCADE"
        ),
    ]
    if unique is not None:
        constraints.append(
            sa.UniqueConstraint("run_id", unique, name=op.f(f"uq_{table}_run_id_{unique}"))
        )
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        _text("run_id"),
        *columns,
        *constraints,
    )
    op.create_index(op.f(f"ix_{table}_run_id"), table, ["run_id"])


def upgrade() -> None:
    """Create every ledger table."""
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("root"),
        _text("name"),
        _time("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
        sa.UniqueConstraint("root", name=op.f("uq_projects_root")),
    )
    op.create_table(
        "runs",
        _text("id"),
        sa.Column("project_id", sa.Integer(), nullable=False),
        _text("branch"),
        _text("base_commit"),
        _text("head_commit"),
        _text("status"),
        _json("config"),
        _text("llm_model"),
        _time("started_at"),
        _time("ended_at", nullable=True),
        _int("iterations"),
        _int("accepted"),
        _int("rejected"),
        sa.CheckConstraint(
            "status IN ('running', 'gates_met', 'budget_exhausted', 'stalled', 'error')",
            name=op.f("ck_runs_status"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_runs_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    op.create_index(op.f("ix_runs_project_id"), "runs", ["project_id"])
    op.create_index(op.f("ix_runs_started_at"), "runs", ["started_at"])

    _run_child(
        "iterations",
        _int("number"),
        _time("started_at"),
        _time("ended_at", nullable=True),
        _float("score", nullable=True),
        _json("metrics"),
        unique="number",
    )
    _run_child(
        "actions",
        _int("iteration"),
        _text("agent"),
        _text("action"),
        _text("task_id", nullable=True),
        _text("candidate_id", nullable=True),
        _json("details"),
        _json("metrics_before"),
        _json("metrics_after"),
        sa.Column("accepted", sa.Boolean(), nullable=True),
        _text("reason"),
        _time("created_at"),
    )
    _run_child(
        "messages",
        _text("type"),
        _text("sender"),
        _text("recipient"),
        _json("payload"),
        _int("priority"),
        _time("timestamp"),
        _text("correlation_id"),
    )
    op.create_index(op.f("ix_messages_correlation_id"), "messages", ["correlation_id"])
    _run_child(
        "milestones",
        _text("gate"),
        _float("value"),
        _float("target"),
        _int("iteration"),
        _text("commit"),
        _time("reached_at"),
        unique="gate",
    )
    _run_child(
        "checkpoints",
        _int("iteration"),
        _text("commit"),
        _text("parent"),
        _text("summary"),
        _text("candidate_id", nullable=True),
        _time("created_at"),
        unique="commit",
    )
    _run_child(
        "rollbacks",
        _text("from_commit"),
        _text("to_commit"),
        _text("reason"),
        _text("preserved_ref"),
        _time("created_at"),
    )
    _run_child(
        "score_history",
        _int("iteration"),
        _float("score"),
        _json("metrics"),
        _time("created_at"),
        unique="iteration",
    )


def downgrade() -> None:
    """Drop every ledger table (children first)."""
    for table in RUN_CHILDREN:
        op.drop_table(table)
    op.drop_table("runs")
    op.drop_table("projects")
