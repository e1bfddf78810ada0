"""The error knowledge graph on SQLite and PostgreSQL: counts, known fixes, patterns, migration."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, insert, inspect, make_url

from myagent.memory.error_graph import ErrorGraph, UnknownSolutionError
from myagent.memory.error_signature import ErrorSignature, patch_key_of
from myagent.memory.ledger import Ledger
from myagent.storage import models
from myagent.storage.db import Database, open_database
from myagent.storage.error_graph_repo import TRACEBACK_LIMIT
from myagent.storage.migrate import alembic_config, current_revision

pytestmark = pytest.mark.integration

ZERO = ErrorSignature("ZeroDivisionError", "division by zero", "pkg/calc.py:mean")
DIFF = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-    return a / b\n+    return a / b if b else 0.0\n"
GRAPH_TABLES = {"error_nodes", "solution_nodes", "pattern_nodes", "error_patterns", "solution_patterns"}  # fmt: skip


@pytest.fixture
def graph(ledger: Ledger, database: Database, tmp_path: Path) -> ErrorGraph:
    return ErrorGraph(database, ledger.ensure_project(tmp_path, "demo"))


def _try(
    graph: ErrorGraph, sig: ErrorSignature, diff: str, ok: bool, strategy: str = "llm"
) -> None:
    graph.record_attempt(sig, strategy, f"fix {diff!r}", diff, patch_key_of(diff), ok)


def test_observing_an_error_upserts_one_node_per_signature(graph: ErrorGraph) -> None:
    first = graph.observe(ZERO, "division by zero", "Traceback 1")
    assert (first.occurrences, first.first_seen) == (1, first.last_seen)
    again = graph.observe(ZERO, "ZeroDivisionError: division by zero", "x" * (3 * TRACEBACK_LIMIT))
    assert again.id == first.id and again.occurrences == 2
    assert again.first_seen == first.first_seen and again.last_seen >= first.last_seen
    assert again.example_message == "ZeroDivisionError: division by zero"  # the latest example
    assert (
        again.example_traceback.endswith("x") and len(again.example_traceback) < 2 * TRACEBACK_LIMIT
    )
    other = graph.observe(ErrorSignature("KeyError", "<str>", "pkg/calc.py:mean"), "'a'", "")
    assert [e.id for e in graph.errors()] == [other.id, first.id]  # most recent first
    assert graph.find(ZERO) == again
    assert graph.find(ErrorSignature("KeyError", "<str>", "elsewhere")) is None


def test_projects_and_the_user_level_store_are_separate(
    graph: ErrorGraph, ledger: Ledger, database: Database, tmp_path: Path
) -> None:
    other = ErrorGraph(database, ledger.ensure_project(tmp_path / "other", "other"))
    user = ErrorGraph(database, None)
    graph.observe(ZERO, "m", "")
    assert other.observe(ZERO, "m", "").occurrences == 1
    assert [user.observe(ZERO, "m", "").occurrences for _ in range(3)] == [1, 2, 3]
    _try(user, ZERO, DIFF, True)
    user.link_pattern(ZERO, "empty-input")
    assert user.link_pattern(ZERO, "empty-input").error_count == 1  # unique without a project
    assert graph.known_fixes(ZERO) == [] and other.patterns() == []
    assert [len(g.errors()) for g in (graph, other, user)] == [1, 1, 1]


def test_every_outcome_updates_the_counts_of_one_fix(graph: ErrorGraph) -> None:
    graph.observe(ZERO, "division by zero", "")
    first = graph.record_attempt(
        ZERO, "template:guard-zero", "guard b", DIFF, "", False, run_id="r1"
    )
    assert (first.attempts, first.successes, first.commit) == (1, 0, None)
    assert first.patch_key == patch_key_of(DIFF)  # the default patch key
    reused = graph.record_attempt(
        ZERO, "known-fix", "reuse", DIFF, first.patch_key, True, run_id=None, commit="c" * 40
    )
    assert reused.id == first.id and (reused.attempts, reused.successes) == (2, 1)
    assert reused.strategy == "template:guard-zero" and reused.description == "guard b"
    assert (reused.run_id, reused.commit) == ("r1", "c" * 40)
    failed = graph.record_attempt(ZERO, "llm", "x", DIFF, first.patch_key, False, run_id="r2")
    assert (failed.attempts, failed.successes, failed.run_id, failed.commit) == (
        3,
        1,
        "r2",
        "c" * 40,
    )
    assert abs(failed.success_rate - 1 / 3) < 1e-9 and failed.estimate == 0.4
    _try(graph, ZERO, DIFF.replace("0.0", "None"), True, strategy="llm")
    assert graph.strategy_stats() == {"llm": (1, 1), "template:guard-zero": (3, 1)}
    node = graph.find(ZERO)
    assert node is not None
    assert [s.strategy for s in graph.solutions(node.id)] == ["llm", "template:guard-zero"]


def test_an_attempt_on_an_unobserved_error_creates_its_node(graph: ErrorGraph) -> None:
    solution = graph.record_attempt(ZERO, "llm", "x", DIFF, "", True)
    node = graph.find(ZERO)
    assert node is not None and node.id == solution.error_id and node.occurrences == 1
    assert graph.observe(ZERO, "division by zero", "").occurrences == 2


def test_known_fixes_try_the_same_error_first_then_similar_ones(graph: ErrorGraph) -> None:
    same_place = ErrorSignature("ZeroDivisionError", "float division by zero", ZERO.location)
    same_text = ErrorSignature("ZeroDivisionError", ZERO.message_pattern, "pkg/stats.py:var")
    unrelated = [
        ErrorSignature("ValueError", ZERO.message_pattern, ZERO.location),  # other type
        ErrorSignature("ZeroDivisionError", "other", "pkg/other.py:f"),  # nothing shared
    ]
    _try(graph, same_text, "-a\n+text-best\n", True)
    _try(graph, same_text, "-a\n+text-best\n", True)
    _try(graph, same_place, "-a\n+place\n", True)
    _try(graph, ZERO, "-a\n+exact-weak\n", True)
    _try(graph, ZERO, "-a\n+exact-weak\n", False)
    _try(graph, ZERO, "-a\n+exact-failed\n", False)
    for sig in unrelated:
        _try(graph, sig, "-a\n+unrelated\n", True)
    ranked = [s.diff for s in graph.known_fixes(ZERO)]
    assert ranked == ["-a\n+exact-weak\n", "-a\n+place\n", "-a\n+text-best\n"]
    assert len(graph.known_fixes(ZERO, limit=2)) == 2
    only_failed = ErrorSignature("ZeroDivisionError", "never fixed", "pkg/new.py:g")
    _try(graph, only_failed, "-a\n+tried\n", False)
    assert [s.diff for s in graph.known_fixes(only_failed)] == ["-a\n+tried\n"]
    assert graph.known_fixes(ErrorSignature("OSError", "x", "y")) == []


def test_patterns_link_errors_and_fixes_and_keep_their_text(graph: ErrorGraph) -> None:
    other = ErrorSignature("ZeroDivisionError", "float division by zero", "pkg/stats.py:var")
    fix = graph.record_attempt(ZERO, "template:guard-zero", "guard", DIFF, "", True)
    pattern = graph.link_pattern(
        ZERO, "empty-input", "an empty list reaches a mean", "guard len() == 0", fix.patch_key
    )
    assert (pattern.error_count, pattern.solution_count) == (1, 1)
    again = graph.link_pattern(ZERO, "empty-input", "", "")  # no double count, text kept
    assert (again.error_count, again.causes, again.prevention) == (
        1, "an empty list reaches a mean", "guard len() == 0",
    )  # fmt: skip
    updated = graph.link_pattern(other, "empty-input", prevention="validate inputs")
    assert (updated.error_count, updated.solution_count) == (2, 1)
    assert updated.prevention == "validate inputs" and updated.id == pattern.id
    graph.link_pattern(other, "float-zero")
    node = graph.find(other)
    assert node is not None
    assert [p.name for p in graph.patterns(node.id)] == ["empty-input", "float-zero"]
    assert [p.name for p in graph.patterns()] == ["empty-input", "float-zero"]
    with pytest.raises(UnknownSolutionError):
        graph.link_pattern(other, "float-zero", patch_key="never-recorded")


def test_concurrent_writers_lose_no_count(graph: ErrorGraph) -> None:
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def work() -> None:
        barrier.wait()
        try:
            for i in range(10):
                graph.observe(ZERO, "division by zero", "")
                _try(graph, ZERO, DIFF, i % 2 == 0)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    node = graph.find(ZERO)
    assert node is not None and node.occurrences == 40
    assert [(s.attempts, s.successes) for s in graph.solutions(node.id)] == [(40, 20)]


def test_migration_0002_upgrades_a_0001_database_and_keeps_its_data(db_url: str) -> None:
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        Path(url.database or "").parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        assert current_revision(conn) == "0001"
        conn.execute(insert(models.Project).values(root="/p", name="p", created_at=now))
        conn.execute(
            insert(models.Run).values(
                id="r1", project_id=1, branch="myagent/r1", base_commit="a", head_commit="a",
                status="stalled", config={}, llm_model="none", started_at=now, iterations=2,
                accepted=1, rejected=1,
            )
        )  # fmt: skip
    assert GRAPH_TABLES.isdisjoint(inspect(engine).get_table_names())
    with open_database(db_url) as db:
        ledger = Ledger(db)
        project = ledger.find_project(Path("/p"))
        run = ledger.get_run("r1")
        assert project is not None and project.name == "p"
        assert run is not None and (run.status, run.accepted) == ("stalled", 1)
        graph = ErrorGraph(db, project.id)
        assert graph.observe(ZERO, "division by zero", "").occurrences == 1
    assert set(inspect(engine).get_table_names()) >= GRAPH_TABLES
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0001")
    assert GRAPH_TABLES.isdisjoint(inspect(engine).get_table_names())
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM projects").scalars().all() == ["p"]
    engine.dispose()
