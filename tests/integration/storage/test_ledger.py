"""Round trips of every ledger record, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from myagent.memory.ledger import Ledger, RunExistsError, RunRecord, UnknownRunError
from myagent.protocol import AgentMessage, MessageType

pytestmark = pytest.mark.integration


def _run(ledger: Ledger, tmp_path: Path, run_id: str = "r1") -> RunRecord:
    project = ledger.ensure_project(tmp_path, "demo")
    return ledger.start_run(
        project, run_id, f"myagent/{run_id}", "a" * 40, "none", {"gates": {"lint_errors": 0}}
    )


def test_a_project_is_created_once_per_folder(ledger: Ledger, tmp_path: Path) -> None:
    first = ledger.ensure_project(tmp_path, "demo")
    assert ledger.ensure_project(tmp_path / ".", "demo") == first
    other = ledger.ensure_project(tmp_path / "other", "other")
    assert other != first
    found = ledger.find_project(tmp_path)
    assert found is not None and found.id == first and found.name == "demo"
    assert found.root == str(tmp_path.resolve())
    assert ledger.get_project(other) is not None
    assert ledger.find_project(tmp_path / "never") is None


def test_a_run_round_trips_and_updates(ledger: Ledger, tmp_path: Path) -> None:
    run = _run(ledger, tmp_path)
    assert run.status == "running" and run.head_commit == run.base_commit == "a" * 40
    assert run.config == {"gates": {"lint_errors": 0}}
    assert run.ended_at is None and (run.iterations, run.accepted, run.rejected) == (0, 0, 0)
    assert ledger.get_run("r1") == run

    updated = ledger.update_run(
        "r1", head_commit="b" * 40, status="gates_met", ended=True, iterations=3, accepted=2
    )
    assert ledger.get_run("r1") == updated
    assert updated.status == "gates_met" and updated.head_commit == "b" * 40
    assert (updated.iterations, updated.accepted, updated.rejected) == (3, 2, 0)
    assert updated.ended_at is not None and updated.ended_at >= updated.started_at

    second = ledger.start_run(run.project_id, "r2", "myagent/r2", "b" * 40, "local", {})
    assert [r.id for r in ledger.list_runs(run.project_id)] == ["r1", "r2"]
    assert ledger.latest_run(run.project_id) == second
    assert ledger.get_run("missing") is None
    with pytest.raises(RunExistsError):
        ledger.start_run(run.project_id, "r1", "myagent/r1", "c" * 40, "none", {})


def test_bad_run_updates_are_refused(ledger: Ledger, tmp_path: Path) -> None:
    _run(ledger, tmp_path)
    with pytest.raises(ValueError, match="unknown run status"):
        ledger.update_run("r1", status="paused")  # type: ignore[arg-type]
    with pytest.raises(UnknownRunError):
        ledger.update_run("nope", iterations=1)
    with pytest.raises(UnknownRunError):
        ledger.record_action("nope", 1, "coder", "fix", {}, {}, {}, True, "")
    after = ledger.get_run("r1")
    assert after is not None and after.status == "running"


def test_iterations_begin_end_and_restart(ledger: Ledger, tmp_path: Path) -> None:
    _run(ledger, tmp_path)
    ledger.begin_iteration("r1", 1)
    ledger.end_iteration("r1", 1, 71.5, {"coverage_line": 0.75, "lint_errors": 3.0})
    ledger.begin_iteration("r1", 2)
    first, second = ledger.iterations("r1")
    assert (first.number, first.score, first.metrics) == (
        1,
        71.5,
        {"coverage_line": 0.75, "lint_errors": 3.0},
    )
    assert first.ended_at is not None and second.ended_at is None and second.score is None

    ledger.begin_iteration("r1", 1)  # a resumed run redoes iteration 1
    redone = ledger.iterations("r1")[0]
    assert redone.ended_at is None and redone.score is None and redone.metrics == {}
    ledger.end_iteration("r1", 3, None, {})  # never begun: recorded anyway
    assert [i.number for i in ledger.iterations("r1")] == [1, 2, 3]


def test_an_action_round_trips_every_field(ledger: Ledger, tmp_path: Path) -> None:
    _run(ledger, tmp_path)
    details = {"files": ["src/a.py"], "diff": {"lines": 3}, "strategy": "ruff-fix"}
    action_id = ledger.record_action(
        "r1",
        2,
        "coder",
        "lint_fix",
        details,
        {"lint_errors": 4.0, "coverage_line": math.nan},
        {"lint_errors": 0.0},
        True,
        "lint_errors 4 -> 0\x00",
        task_id="t1",
        candidate_id="c1",
    )
    rejected_id = ledger.record_action("r1", 2, "tester", "add_tests", {}, {}, {}, False, "flaky")
    pending_id = ledger.record_action("r1", 3, "debugger", "localize", {}, {}, {}, None, "")
    action, rejected, pending = ledger.actions("r1")
    assert (action.id, rejected.id, pending.id) == (action_id, rejected_id, pending_id)
    assert (action.run_id, action.iteration, action.agent, action.action) == (
        "r1",
        2,
        "coder",
        "lint_fix",
    )
    assert (action.task_id, action.candidate_id, action.accepted) == ("t1", "c1", True)
    assert action.details == details
    assert action.metrics_before == {"lint_errors": 4.0}  # NaN: stored as null, read as absent
    assert action.metrics_after == {"lint_errors": 0.0}
    assert action.reason == "lint_errors 4 -> 0\ufffd"  # NUL is not storable in PostgreSQL
    assert rejected.accepted is False and pending.accepted is None
    assert action.created_at.tzinfo is not None
    assert abs((datetime.now(UTC) - action.created_at).total_seconds()) < 60


def test_a_message_is_a_ledger_record_and_replays(ledger: Ledger, tmp_path: Path) -> None:
    _run(ledger, tmp_path)
    sent = AgentMessage(
        type=MessageType.RESULT,
        sender="coder",
        recipient="director",
        payload={"candidate": "c1", "edits": [{"path": "a.py"}], "score": 81.5},
        priority=8,
        correlation_id="corr-1",
    )
    other = AgentMessage(type=MessageType.STATUS, sender="director", recipient="ui")
    ledger.record_message("r1", sent)
    ledger.message_recorder("r1")(other)

    records = ledger.messages("r1")
    assert [m.to_message() for m in records] == [sent, other]
    assert records[0].type == "result" and records[0].priority == 8
    assert [m.sender for m in ledger.messages("r1", correlation_id="corr-1")] == ["coder"]


def test_a_milestone_is_recorded_only_the_first_time(ledger: Ledger, tmp_path: Path) -> None:
    _run(ledger, tmp_path)
    _run(ledger, tmp_path, "r2")
    assert ledger.record_milestone("r1", "coverage_line", 0.81, 0.8, 3, "c3") is True
    assert ledger.record_milestone("r1", "coverage_line", 0.9, 0.8, 5, "c5") is False
    assert ledger.record_milestone("r1", "lint_errors", 0, 0, 4, "c4") is True
    assert ledger.record_milestone("r2", "coverage_line", 0.85, 0.8, 1, "d1") is True
    first, lint = ledger.milestones("r1")
    assert (first.gate, first.value, first.target, first.iteration, first.commit) == (
        "coverage_line",
        0.81,
        0.8,
        3,
        "c3",
    )
    assert lint.gate == "lint_errors" and len(ledger.milestones("r2")) == 1


def test_checkpoints_and_rollbacks_round_trip(ledger: Ledger, tmp_path: Path) -> None:
    _run(ledger, tmp_path)
    ledger.record_checkpoint("r1", 1, "c1", "a" * 40, "ruff fix", "cand1")
    ledger.record_checkpoint("r1", 2, "c2", "c1", "add tests", None)
    ledger.record_checkpoint("r1", 2, "c2", "c1", "add tests", None)  # repeated after a resume
    one, two = ledger.checkpoints("r1")
    assert (one.iteration, one.commit, one.parent, one.summary, one.candidate_id) == (
        1,
        "c1",
        "a" * 40,
        "ruff fix",
        "cand1",
    )
    assert (two.commit, two.candidate_id) == ("c2", None)

    rollback_id = ledger.record_rollback("r1", "c2", "c1", "tests regressed", "refs/rb/1")
    (rollback,) = ledger.rollbacks("r1")
    assert rollback.id == rollback_id
    assert (rollback.from_commit, rollback.to_commit, rollback.reason, rollback.preserved_ref) == (
        "c2",
        "c1",
        "tests regressed",
        "refs/rb/1",
    )


def test_score_history_keeps_one_score_per_iteration(ledger: Ledger, tmp_path: Path) -> None:
    _run(ledger, tmp_path)
    ledger.record_score("r1", 0, 40.0, {"coverage_line": 0.4})
    ledger.record_score("r1", 2, 70.0, {"coverage_line": 0.7})
    ledger.record_score("r1", 1, 55.0, {"coverage_line": 0.5})
    ledger.record_score("r1", 1, 60.0, {"coverage_line": 0.6})  # redone after a resume
    history = ledger.score_history("r1")
    assert [(s.iteration, s.score) for s in history] == [(0, 40.0), (1, 60.0), (2, 70.0)]
    assert history[1].metrics == {"coverage_line": 0.6}


def test_history_reads_across_runs(ledger: Ledger, tmp_path: Path) -> None:
    run = _run(ledger, tmp_path)
    ledger.begin_iteration("r1", 1)
    ledger.record_action("r1", 1, "coder", "lint_fix", {}, {}, {}, True, "4 -> 0")
    ledger.record_checkpoint("r1", 1, "c" * 40, "a" * 40, "ruff fix", None)
    ledger.record_milestone("r1", "lint_errors", 0, 0, 1, "c" * 40)
    ledger.end_iteration("r1", 1, 80.0, {})
    ledger.update_run("r1", status="gates_met", ended=True, iterations=1, accepted=1)
    ledger.start_run(run.project_id, "r2", "myagent/r2", "c" * 40, "none", {})
    ledger.record_rollback("r2", "d" * 40, "c" * 40, "worse", "refs/x")

    entries = ledger.history(run.project_id)
    assert [(e.run_id, e.kind) for e in entries] == [
        ("r1", "run_started"),
        ("r1", "action"),
        ("r1", "checkpoint"),
        ("r1", "milestone"),
        ("r1", "iteration"),
        ("r1", "run_ended"),
        ("r2", "run_started"),
        ("r2", "rollback"),
    ]
    text = "\n".join(e.summary for e in entries)
    assert "coder: lint_fix accepted (4 -> 0)" in text
    assert "gate lint_errors met" in text and "iteration 1 ended, score 80.0" in text
    assert "ended: gates_met after 1 iterations (1 accepted, 0 rejected)" in text
    assert [e.kind for e in ledger.history(run.project_id, limit=2)] == ["run_started", "rollback"]


def test_records_are_frozen_values(ledger: Ledger, tmp_path: Path) -> None:
    run = _run(ledger, tmp_path)
    with pytest.raises(dataclasses.FrozenInstanceError):
        run.status = "error"  # type: ignore[misc]
    assert run.started_at.utcoffset() == timedelta(0)  # aware, UTC
