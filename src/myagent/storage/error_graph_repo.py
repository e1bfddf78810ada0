"""Reads and writes of the error knowledge graph. The caller owns the session.

Every function takes an open `Session`, scopes by `project_id` (None: the user-level
store) and returns frozen records from `storage.error_graph_records`. Counters are
updated in the database (`INSERT ... ON CONFLICT DO UPDATE SET n = n + 1`), so two
processes recording outcomes at once never lose one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from myagent.storage.error_graph_models import (
    ErrorNode,
    ErrorPattern,
    PatternNode,
    SolutionNode,
    SolutionPattern,
)
from myagent.storage.error_graph_records import (
    ErrorNodeRecord,
    FixCandidate,
    PatternRecord,
    Signature,
    SolutionRecord,
    UnknownSolutionError,
)
from myagent.storage.repositories import insert_for, now

TRACEBACK_LIMIT = 8000  # characters of the example traceback kept (its innermost end)
_FRESH = {"populate_existing": True}


def _scope(
    column: InstrumentedAttribute[int | None], project_id: int | None
) -> ColumnElement[bool]:
    return column.is_(None) if project_id is None else column == project_id


def _target(
    model: type[ErrorNode] | type[PatternNode], project_id: int | None, column: str
) -> dict[str, Any]:
    """The ON CONFLICT target: the per-project unique constraint, or the partial unique
    index of the rows without a project."""
    if project_id is None:
        return {"index_elements": [column], "index_where": model.project_id.is_(None)}
    return {"index_elements": ["project_id", column]}


def cap_traceback(traceback: str) -> str:
    """The last `TRACEBACK_LIMIT` characters (the innermost frames and the error)."""
    if len(traceback) <= TRACEBACK_LIMIT:
        return traceback
    return "... (truncated)\n" + traceback[-TRACEBACK_LIMIT:]


# --------------------------------------------------------------------------- error nodes


def upsert_error(
    session: Session,
    project_id: int | None,
    signature: Signature,
    message: str,
    traceback: str,
    seen: bool = True,
) -> ErrorNodeRecord:
    """The error node of `signature` (key, error_type, message_pattern, location).

    `seen=True` counts one more occurrence and keeps `message`/`traceback` as the
    latest example; `seen=False` only makes sure the node exists.
    """
    t = now()
    stmt = insert_for(session, ErrorNode).values(
        project_id=project_id,
        key=signature.key,
        error_type=signature.error_type,
        message_pattern=signature.message_pattern,
        location=signature.location,
        example_message=message,
        example_traceback=cap_traceback(traceback),
        first_seen=t,
        last_seen=t,
        occurrences=1,
    )
    changes: dict[str, Any] = {"key": stmt.excluded.key}  # a no-op update: RETURNING the row
    if seen:
        changes = {
            "occurrences": ErrorNode.occurrences + 1,
            "last_seen": t,
            "example_message": stmt.excluded.example_message,
            "example_traceback": stmt.excluded.example_traceback,
        }
    upsert = stmt.on_conflict_do_update(**_target(ErrorNode, project_id, "key"), set_=changes)
    row = session.scalars(upsert.returning(ErrorNode), execution_options=_FRESH).one()
    return ErrorNodeRecord.of(row)


def find_error(session: Session, project_id: int | None, key: str) -> ErrorNodeRecord | None:
    stmt = select(ErrorNode).where(_scope(ErrorNode.project_id, project_id), ErrorNode.key == key)
    row = session.scalars(stmt).first()
    return None if row is None else ErrorNodeRecord.of(row)


def errors(session: Session, project_id: int | None) -> list[ErrorNodeRecord]:
    """Every error node, the most recently seen first."""
    stmt = (
        select(ErrorNode)
        .where(_scope(ErrorNode.project_id, project_id))
        .order_by(ErrorNode.last_seen.desc(), ErrorNode.id.desc())
    )
    return [ErrorNodeRecord.of(r) for r in session.scalars(stmt)]


# --------------------------------------------------------------------------- solutions


def record_attempt(
    session: Session,
    error_id: int,
    fix: tuple[str, str, str, str],
    succeeded: bool,
    run_id: str | None,
    commit: str | None,
) -> SolutionRecord:
    """Count one attempt of a fix: `fix` is (strategy, description, diff, patch_key).

    The first attempt creates the node; later ones add to its counts and keep the
    strategy, description and diff it was first recorded with. `commit` is kept only
    for a success (the checkpoint the fix landed in).
    """
    t = now()
    landed = commit if succeeded else None
    strategy, description, diff, patch_key = fix
    stmt = insert_for(session, SolutionNode).values(
        error_id=error_id,
        strategy=strategy,
        description=description,
        diff=diff,
        patch_key=patch_key,
        attempts=1,
        successes=int(succeeded),
        created_at=t,
        last_used=t,
        run_id=run_id,
        commit=landed,
    )
    changes: dict[str, Any] = {
        "attempts": SolutionNode.attempts + 1,
        "successes": SolutionNode.successes + int(succeeded),
        "last_used": t,
        "run_id": func.coalesce(stmt.excluded.run_id, SolutionNode.run_id),
        "commit": func.coalesce(stmt.excluded.commit, SolutionNode.commit),
    }
    upsert = stmt.on_conflict_do_update(index_elements=["error_id", "patch_key"], set_=changes)
    row = session.scalars(upsert.returning(SolutionNode), execution_options=_FRESH).one()
    return SolutionRecord.of(row)


def solution_id(session: Session, error_id: int, patch_key: str) -> int:
    """The id of the fix `patch_key` of an error; `UnknownSolutionError` if none."""
    stmt = select(SolutionNode.id).where(
        SolutionNode.error_id == error_id, SolutionNode.patch_key == patch_key
    )
    found = session.scalars(stmt).first()
    if found is None:
        raise UnknownSolutionError(f"no fix {patch_key!r} recorded for error node {error_id}")
    return found


def solutions(session: Session, error_id: int) -> list[SolutionRecord]:
    """The fixes tried for one error, the best success estimate first."""
    stmt = select(SolutionNode).where(SolutionNode.error_id == error_id).order_by(SolutionNode.id)
    found = [SolutionRecord.of(r) for r in session.scalars(stmt)]
    return sorted(found, key=lambda s: (-s.estimate, -s.successes, s.id))


def fix_candidates(
    session: Session, project_id: int | None, signature: Signature
) -> list[FixCandidate]:
    """Solutions of the same signature and of similar errors: the same error type and
    either the same location or the same message pattern."""
    similar = [
        ErrorNode.key == signature.key,
        ErrorNode.message_pattern == signature.message_pattern,
    ]
    if signature.location:
        similar.append(ErrorNode.location == signature.location)
    stmt = (
        select(SolutionNode, ErrorNode.key, ErrorNode.location)
        .join(ErrorNode, SolutionNode.error_id == ErrorNode.id)
        .where(
            _scope(ErrorNode.project_id, project_id),
            ErrorNode.error_type == signature.error_type,
            or_(*similar),
        )
    )
    found: list[FixCandidate] = []
    for row, key, location in session.execute(stmt):
        tier = 0 if key == signature.key else 1 if location == signature.location else 2
        found.append(FixCandidate(tier, SolutionRecord.of(row)))
    return found


def strategy_stats(session: Session, project_id: int | None) -> dict[str, tuple[int, int]]:
    """{strategy: (attempts, successes)} over every solution in the scope."""
    stmt = (
        select(
            SolutionNode.strategy, func.sum(SolutionNode.attempts), func.sum(SolutionNode.successes)
        )
        .join(ErrorNode, SolutionNode.error_id == ErrorNode.id)
        .where(_scope(ErrorNode.project_id, project_id))
        .group_by(SolutionNode.strategy)
        .order_by(SolutionNode.strategy)
    )
    return {str(s): (int(a or 0), int(n or 0)) for s, a, n in session.execute(stmt)}


# --------------------------------------------------------------------------- patterns


def link_pattern(
    session: Session,
    project_id: int | None,
    error_id: int,
    pattern: tuple[str, str, str],
    solution_id: int | None = None,
) -> PatternRecord:
    """Link an error (and optionally one of its solutions) to a pattern: `pattern` is
    (name, causes, prevention), created on first use. Non-empty causes or prevention replace
    the stored text; empty ones keep it. Linking again changes no count."""
    t = now()
    name, causes, prevention = pattern
    stmt = insert_for(session, PatternNode).values(
        project_id=project_id,
        name=name,
        causes=causes,
        prevention=prevention,
        error_count=0,
        solution_count=0,
        created_at=t,
        updated_at=t,
    )
    changes = {
        "causes": func.coalesce(func.nullif(stmt.excluded.causes, ""), PatternNode.causes),
        "prevention": func.coalesce(
            func.nullif(stmt.excluded.prevention, ""), PatternNode.prevention
        ),
        "updated_at": t,
    }
    upsert = stmt.on_conflict_do_update(**_target(PatternNode, project_id, "name"), set_=changes)
    pattern_id = session.scalars(upsert.returning(PatternNode.id)).one()
    edge = insert_for(session, ErrorPattern).values(pattern_id=pattern_id, error_id=error_id)
    session.execute(edge.on_conflict_do_nothing())
    if solution_id is not None:
        edge = insert_for(session, SolutionPattern).values(
            pattern_id=pattern_id, solution_id=solution_id
        )
        session.execute(edge.on_conflict_do_nothing())
    errors_linked = select(func.count()).where(ErrorPattern.pattern_id == pattern_id)
    solutions_linked = select(func.count()).where(SolutionPattern.pattern_id == pattern_id)
    recount = (
        update(PatternNode)
        .where(PatternNode.id == pattern_id)
        .values(
            error_count=errors_linked.scalar_subquery(),
            solution_count=solutions_linked.scalar_subquery(),
        )
        .returning(PatternNode)
    )
    row = session.scalars(recount, execution_options=_FRESH).one()
    return PatternRecord.of(row)


def patterns(
    session: Session, project_id: int | None, error_id: int | None = None
) -> list[PatternRecord]:
    """Every pattern in the scope by name, or only those an error is linked to."""
    stmt = select(PatternNode).where(_scope(PatternNode.project_id, project_id))
    if error_id is not None:
        stmt = stmt.join(ErrorPattern, ErrorPattern.pattern_id == PatternNode.id).where(
            ErrorPattern.error_id == error_id
        )
    return [PatternRecord.of(r) for r in session.scalars(stmt.order_by(PatternNode.name))]
