"""Usage and configuration errors: exit code 2, one line naming the problem, no traceback.

None of these needs the sandbox: each is refused before any project code would run,
and none may leave a run branch behind.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cli_process import MyAgent
from sample_projects import OPS_CLEAN, calc_files
from user_checkout import RunGit, run_branches


@pytest.mark.parametrize("command", ["run", "status", "rollback", "init"])
def test_a_folder_that_is_not_a_git_repository_is_refused(
    command: str, myagent: MyAgent, tmp_path: Path
) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "app.py").write_text("print('hi')\n")

    line = myagent(command, folder).one_error_line()

    assert "is not a git repository" in line and str(folder) in line
    assert sorted(p.name for p in folder.iterdir()) == ["app.py"]  # nothing written


def test_a_missing_folder_is_refused(myagent: MyAgent, tmp_path: Path) -> None:
    line = myagent("run", tmp_path / "nowhere").one_error_line()
    assert "nowhere" in line and "is not a folder" in line


def test_a_repository_without_commits_is_refused(
    myagent: MyAgent, tmp_path: Path, run_git: RunGit
) -> None:
    root = tmp_path / "fresh"
    root.mkdir()
    run_git(root, "init", "-q", "-b", "main")
    (root / "app.py").write_text("x = 1\n")

    line = myagent("run", root, "--llm", "none").one_error_line()

    assert "has no commits yet" in line
    assert run_branches(run_git, root) == []


@pytest.mark.parametrize(
    ("toml", "names"),
    [
        pytest.param(
            "[budget]\nmax_iteration = 2\n", ["unknown key", "'budget.max_iteration'"], id="key"
        ),
        pytest.param("surprise = true\n", ["unknown key", "'surprise'"], id="top-level-key"),
        pytest.param(
            '[budget]\nmax_iterations = "many"\n',
            ["bad value", "'budget.max_iterations'"],
            id="value-type",
        ),
        pytest.param(
            "[budget]\nmax_iterations = 0\n",
            ["bad value", "'budget.max_iterations'", "greater than or equal to 1"],
            id="value-range",
        ),
        pytest.param("[gates]\nspeed = 1\n", ["unknown gate 'speed'"], id="gate"),
        pytest.param("[gates\nlint_errors = 0\n", ["not valid TOML", "line 1"], id="toml-syntax"),
    ],
)
def test_a_broken_config_is_named_in_one_line(
    toml: str,
    names: list[str],
    myagent: MyAgent,
    project: Callable[..., Path],
    run_git: RunGit,
) -> None:
    root = project(calc_files(OPS_CLEAN, config=toml))

    line = myagent("run", root, "--llm", "none").one_error_line()

    assert str(root / "myagent.toml") in line
    for name in names:
        assert name in line
    assert run_branches(run_git, root) == []
    assert not (root / ".myagent").exists()


@pytest.mark.parametrize(
    ("env", "names"),
    [
        pytest.param(
            {"MYAGENT_MAX_ITERATIONS": "lots"},
            ["MYAGENT_MAX_ITERATIONS", "'budget.max_iterations'"],
            id="iterations",
        ),
        pytest.param({"MYAGENT_SANDBOX": "perhaps"}, ["'sandbox.enabled'"], id="sandbox"),
        pytest.param(
            {"MYAGENT_MAX_MINUTES": "-5"},
            ["MYAGENT_MAX_MINUTES", "'budget.max_minutes'"],
            id="minutes",
        ),
        pytest.param({"MYAGENT_MAXITER": "3"}, ["unknown", "MYAGENT_MAXITER"], id="unknown"),
    ],
)
def test_a_bad_environment_variable_is_named_in_one_line(
    env: dict[str, str],
    names: list[str],
    myagent: MyAgent,
    project: Callable[..., Path],
    run_git: RunGit,
) -> None:
    root = project(calc_files(OPS_CLEAN))

    line = myagent("run", root, "--llm", "none", env=env).one_error_line()

    for name in names:
        assert name in line
    assert run_branches(run_git, root) == []


@pytest.mark.parametrize(
    ("args", "names"),
    [
        pytest.param(["run", "{root}", "--bogus"], ["No such option: --bogus"], id="flag"),
        pytest.param(
            ["run", "{root}", "--max-iterations", "0"], ["'--max-iterations'"], id="flag-value"
        ),
        pytest.param(
            ["run", "{root}", "--max-minutes", "soon"], ["'--max-minutes'"], id="flag-type"
        ),
        pytest.param(["rollback", "{root}", "--steps", "0"], ["'--steps'"], id="steps"),
        pytest.param(["run"], ["Missing argument"], id="no-path"),
        pytest.param(["deploy", "{root}"], ["No such command 'deploy'"], id="command"),
    ],
)
def test_a_usage_error_is_one_line(
    args: list[str],
    names: list[str],
    myagent: MyAgent,
    project: Callable[..., Path],
    run_git: RunGit,
) -> None:
    root = project(calc_files(OPS_CLEAN))

    result = myagent(*[a.format(root=root) for a in args])
    line = result.one_error_line()

    for name in names:
        assert name in line
    assert "--help" in line  # says where to look
    assert run_branches(run_git, root) == []


def test_no_arguments_shows_the_commands(myagent: MyAgent) -> None:
    result = myagent()
    assert result.code == 2, result
    for command in ("init", "run", "status", "history", "rollback", "report"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["status", "report", "rollback"])
def test_read_commands_before_any_run_say_so(
    command: str, myagent: MyAgent, project: Callable[..., Path]
) -> None:
    root = project(calc_files(OPS_CLEAN))

    line = myagent(command, root).one_error_line()

    assert "no run yet" in line and "myagent run" in line


def test_history_before_any_run_says_so(myagent: MyAgent, project: Callable[..., Path]) -> None:
    root = project(calc_files(OPS_CLEAN))

    result = myagent("history", root)

    assert result.code == 0, result
    assert result.stdout.splitlines() == [
        f"no run yet in {root}: start one with `myagent run {root}`"
    ]


def test_read_commands_also_refuse_a_broken_config(
    myagent: MyAgent, project: Callable[..., Path]
) -> None:
    root = project(calc_files(OPS_CLEAN, config="[budget]\nmax_iteration = 2\n"))

    line = myagent("status", root).one_error_line()

    assert "unknown key 'budget.max_iteration'" in line


@pytest.mark.parametrize("command", ["history", "report", "rollback"])
def test_an_unknown_run_id_is_refused(
    command: str, myagent: MyAgent, project: Callable[..., Path]
) -> None:
    root = project(calc_files(OPS_CLEAN))

    line = myagent(command, root, "--run", "20000101-000000-dead").one_error_line()

    assert "run 20000101-000000-dead" in line


def test_an_empty_goal_is_refused(
    myagent: MyAgent, project: Callable[..., Path], run_git: RunGit
) -> None:
    root = project(calc_files(OPS_CLEAN))
    line = myagent("run", root, "--llm", "none", "--goal", "  ").one_error_line()
    assert line == "error: --goal must not be empty"
    assert run_branches(run_git, root) == []
