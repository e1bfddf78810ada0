"""After a run: `status`, `history`, `history --run`, `report`, `rollback`, `init`."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_process import MyAgent, read_json
from sample_projects import OPS_CLEAN, OPS_TWO_STEPS, calc_files
from user_checkout import RunGit

pytestmark = pytest.mark.integration


@pytest.fixture
def finished_run(
    require_bwrap: None, myagent: MyAgent, project: Callable[..., Path], tmp_path: Path
) -> tuple[Path, dict[str, object]]:
    """A project after a run with two checkpoints (ruff-fix, then ruff-fix-unsafe)."""
    root = project(calc_files(OPS_TWO_STEPS))
    report = tmp_path / "result.json"
    result = myagent("run", root, "--llm", "none", "--json-report", report)
    assert result.code == 0, result
    data = read_json(report)
    assert data["accepted"] == 2, data
    return root, data


def test_status_history_and_report_describe_the_run(
    finished_run: tuple[Path, dict[str, object]], myagent: MyAgent, tmp_path: Path
) -> None:
    root, data = finished_run
    run_id, head = str(data["run_id"]), str(data["head"])

    status = myagent("status", root)
    assert status.code == 0, status
    first_line = status.stdout.splitlines()[0]
    assert first_line.startswith(f"run {run_id}: gates_met · 2 iteration(s) · 2 accepted")
    assert f"branch myagent/{run_id} at {head[:12]}" in first_line
    assert _gate_rows(status.stdout) == {"tests_pass_rate": "yes", "lint_errors": "yes"}

    history = myagent("history", root)
    assert history.code == 0, history
    [row] = [line for line in history.stdout.splitlines() if run_id in line and "│" in line]
    cells = [c.strip() for c in row.strip("│ ").split("│")]
    assert cells == [run_id, "gates_met", "2", "2", "0", head[:12]]  # nothing cut short
    assert "checkpoint" in history.stdout and f"run {run_id} ended: gates_met" in history.stdout

    actions = myagent("history", root, "--run", run_id)
    assert actions.code == 0, actions
    verdicts = _action_rows(actions.stdout)
    assert ("measure", "", "") in verdicts
    assert ("propose", "ruff-fix", "accepted") in verdicts
    assert ("propose", "ruff-fix-unsafe", "accepted") in verdicts

    default = root / ".myagent" / "reports" / f"{run_id}.html"
    default.unlink()
    written = myagent("report", root)
    assert written.code == 0 and written.stdout == f"report: {default}\n", written
    assert run_id in default.read_text() and "<svg" in default.read_text()
    elsewhere = tmp_path / "shared" / "report.html"
    copied = myagent("report", root, "--run", run_id, "--output", elsewhere)
    assert copied.code == 0 and copied.stdout == f"report: {elsewhere}\n", copied
    assert "ruff-fix-unsafe" in elsewhere.read_text()


def test_rollback_moves_the_branch_back_and_keeps_the_undone_commit(
    finished_run: tuple[Path, dict[str, object]], myagent: MyAgent, run_git: RunGit
) -> None:
    root, data = finished_run
    run_id, branch, head = str(data["run_id"]), str(data["branch"]), str(data["head"])
    main_before = run_git(root, "rev-parse", "main").strip()
    first_checkpoint = run_git(root, "rev-parse", f"{head}~1").strip()

    result = myagent("rollback", root, "--steps", "1")

    assert result.code == 0, result
    preserved = f"refs/myagent/rolled-back/{run_id}/1"
    assert result.stdout.splitlines() == [
        f"{branch}: {head[:12]} -> {first_checkpoint[:12]} (undone commits kept at {preserved})"
    ]
    assert run_git(root, "rev-parse", branch).strip() == first_checkpoint
    assert run_git(root, "rev-parse", preserved).strip() == head  # still reachable
    assert run_git(root, "rev-parse", "main").strip() == main_before
    assert run_git(root, "branch", "--show-current").strip() == "main"
    # the ledger knows: history lists the rollback, status shows the branch as it is now
    history = myagent("history", root)
    assert f"rollback {head[:10]} -> {first_checkpoint[:10]}: rolled back by the user" in (
        history.stdout
    )
    status = myagent("status", root)
    assert f"at {first_checkpoint[:12]} (after 1 rollback(s))" in status.stdout, status
    assert _gate_rows(status.stdout) == {"tests_pass_rate": "yes", "lint_errors": "no"}

    # back to the base with --to, with a reason kept in the ledger
    base = str(data["base"])
    to_base = myagent("rollback", root, "--to", base[:10], "--reason", "start over")
    assert to_base.code == 0, to_base
    assert run_git(root, "rev-parse", branch).strip() == base
    assert run_git(root, "rev-parse", f"refs/myagent/rolled-back/{run_id}/2").strip() == (
        first_checkpoint
    )
    assert "start over" in myagent("history", root).stdout


REFUSED_ROLLBACKS = [
    (["--to", "deadbeef"], "deadbeef is not a checkpoint of run"),
    (["--to", "main~5"], "main~5 is not a checkpoint of run"),
    (["--steps", "3"], "has only 2 checkpoint(s) to undo"),
    (["--to", "{head}"], "is already at"),  # nothing to undo: no empty rollback recorded
]


def test_a_rollback_that_cannot_be_done_changes_nothing(
    finished_run: tuple[Path, dict[str, object]], myagent: MyAgent, run_git: RunGit
) -> None:
    root, data = finished_run
    branch, head = str(data["branch"]), str(data["head"])

    for args, message in REFUSED_ROLLBACKS:
        line = myagent("rollback", root, *[a.format(head=head) for a in args]).one_error_line()
        assert message in line, (args, line)

    assert run_git(root, "rev-parse", branch).strip() == head
    assert run_git(root, "for-each-ref", "refs/myagent/") == ""
    assert "rollback" not in myagent("history", root).stdout


def test_init_writes_the_default_config_and_refuses_to_overwrite_it(
    myagent: MyAgent, project: Callable[..., Path]
) -> None:
    root = project(calc_files(OPS_CLEAN, config=""))
    config = root / "myagent.toml"
    config.unlink()

    written = myagent("init", root)

    assert written.code == 0 and written.stdout == f"wrote {config}\n", written
    data = tomllib.loads(config.read_text())
    assert set(data["gates"]) == {
        "tests_pass_rate", "coverage_line", "coverage_branch", "lint_errors",
        "type_errors", "security_high", "max_complexity", "stubs",
    }  # fmt: skip
    assert data["gates"]["tests_pass_rate"] == 1.0 and data["gates"]["lint_errors"] == 0
    assert data["gates"]["stubs"] == 0
    assert {"max_iterations", "max_minutes", "max_tokens", "stall_iterations"} <= set(
        data["budget"]
    )
    assert data["llm"]["model"] == "auto" and data["sandbox"]["enabled"] is True
    assert ".myagent/" in (root / ".git" / "info" / "exclude").read_text().splitlines()

    config.write_text("# mine\n[gates]\nlint_errors = 0\n")
    line = myagent("init", root).one_error_line()
    assert "exists already" in line and "--force" in line
    assert config.read_text() == "# mine\n[gates]\nlint_errors = 0\n"

    forced = myagent("init", root, "--force")
    assert forced.code == 0, forced
    assert "coverage_line" in tomllib.loads(config.read_text())["gates"]


def _gate_rows(table: str) -> dict[str, str]:
    """{gate: met} from a gates table printed by `run` or `status`."""
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if len(cells) == 4 and cells[3] in ("yes", "no"):
            rows[cells[0]] = cells[3]
    return rows


def _action_rows(table: str) -> list[tuple[str, str, str]]:
    """(action, strategy, verdict) of each row of `history --run` (first line of a cell)."""
    rows = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if len(cells) == 6 and cells[0].isdigit():
            rows.append((cells[2], cells[3], cells[4]))
    return rows
