"""The user's work is safe: a run never touches the checked-out branch or uncommitted files."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_process import MyAgent, cli_argv, cli_env, read_json
from sample_projects import OPS_LINT, TESTS_SLOW, calc_files, with_budget
from user_checkout import RunGit, run_branches, settle_index, snapshot

pytestmark = pytest.mark.integration

DIRTY_LINE = "EXPERIMENT = True  # not committed yet\n"


@pytest.mark.usefixtures("require_bwrap")
def test_a_dirty_tree_is_left_byte_identical_and_the_run_starts_from_head(
    myagent: MyAgent, project: Callable[..., Path], run_git: RunGit, tmp_path: Path
) -> None:
    root = project(calc_files(OPS_LINT))
    committed = run_git(root, "rev-parse", "HEAD").strip()
    # a staged change, an unstaged change to a tracked file, an untracked file
    (root / "src/calc/__init__.py").write_text('"""Staged docstring."""\n')
    run_git(root, "add", "src/calc/__init__.py")
    (root / "src/calc/ops.py").write_text(OPS_LINT + DIRTY_LINE)
    (root / "notes.txt").write_text("my notes\n")
    settle_index(run_git, root)
    before = snapshot(run_git, root)
    report = tmp_path / "result.json"

    result = myagent("run", root, "--llm", "none", "--json-report", report)

    assert result.code == 0, result
    assert snapshot(run_git, root) == before
    # the user was told, and the run worked from the last commit
    assert "3 uncommitted change(s)" in result.stdout and "left alone" in result.stdout
    data = read_json(report)
    assert data["base"] == committed and data["accepted"] == 1
    branch_ops = run_git(root, "show", f"{data['branch']}:src/calc/ops.py")
    assert "EXPERIMENT" not in branch_ops and "import os" not in branch_ops
    assert run_git(root, "show", f"{data['branch']}:src/calc/__init__.py") == ""
    assert "notes.txt" not in run_git(root, "ls-tree", "-r", "--name-only", data["branch"])
    # MyAgent's state folder is ignored through .git/info/exclude, not the user's files
    assert ".myagent/" in (root / ".git" / "info" / "exclude").read_text().splitlines()
    assert not (root / ".gitignore").exists()


@pytest.mark.usefixtures("require_bwrap")
def test_a_run_from_a_feature_branch_leaves_that_branch_alone(
    myagent: MyAgent, project: Callable[..., Path], run_git: RunGit, tmp_path: Path
) -> None:
    # the user works on a feature branch; MyAgent branches from it and leaves it alone
    root = project(calc_files(OPS_LINT))
    run_git(root, "checkout", "-q", "-b", "feature")
    settle_index(run_git, root)
    before = snapshot(run_git, root)
    report = tmp_path / "result.json"

    result = myagent("run", root, "--llm", "none", "--json-report", report)

    assert result.code == 0, result
    assert snapshot(run_git, root) == before
    data = read_json(report)
    assert data["base"] == run_git(root, "rev-parse", "feature").strip()
    assert run_git(root, "merge-base", "--is-ancestor", "feature", data["branch"]) == ""


def test_sandbox_disabled_runs_with_a_warning(
    myagent: MyAgent, project: Callable[..., Path], tmp_path: Path
) -> None:
    config = with_budget(max_iterations=3, extra="\n[sandbox]\nenabled = false\n")
    root = project(calc_files(OPS_LINT, config=config))
    report = tmp_path / "result.json"

    result = myagent("run", root, "--llm", "none", "--json-report", report)

    assert result.code == 0, result
    assert "warning: sandbox disabled" in result.stdout
    assert "unsandboxed" in result.stdout
    assert read_json(report)["status"] == "gates_met"


def test_ctrl_c_stops_the_run_with_a_hint_and_resume_continues_it(
    require_bwrap: None, project: Callable[..., Path], run_git: RunGit, tmp_path: Path
) -> None:
    root = project(calc_files(OPS_LINT, tests=TESTS_SLOW))
    settle_index(run_git, root)
    before = snapshot(run_git, root)
    child = subprocess.Popen(
        cli_argv("run", root, "--llm", "none"),
        cwd=tmp_path,
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not run_branches(run_git, root) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # inside the baseline measurement (its test sleeps 1.5 s)
        child.send_signal(signal.SIGINT)
        _, stderr = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()

    assert child.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.splitlines() == [f"interrupted: continue with `myagent run {root} --resume`"]
    assert snapshot(run_git, root) == before  # no worktree or file left behind
    [branch] = run_branches(run_git, root)

    resumed = subprocess.run(
        cli_argv(
            "run", root, "--llm", "none", "--resume", "--json-report", tmp_path / "result.json"
        ),
        cwd=tmp_path,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    data = read_json(tmp_path / "result.json")
    assert data["branch"] == branch and data["status"] == "gates_met"
    assert run_branches(run_git, root) == [branch]
