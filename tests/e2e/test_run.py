"""`myagent run` from the outside: exit codes, the JSON and HTML reports, the run branch.

Each test runs the real tools in the real sandbox on a tiny project (a few seconds).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_process import MyAgent, read_json
from sample_projects import (
    OPS_CLEAN,
    OPS_LINT,
    OPS_LINT_AND_COMPLEX,
    OPS_TWO_STEPS,
    calc_files,
    with_budget,
)
from user_checkout import RunGit, run_branches

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("require_bwrap")]

JSON_STATUSES = {"gates_met", "budget_exhausted", "stalled", "error"}


def test_lint_errors_are_fixed_on_the_run_branch_with_llm_none(
    myagent: MyAgent, project: Callable[..., Path], run_git: RunGit, tmp_path: Path
) -> None:
    root = project(calc_files(OPS_LINT))
    main_before = run_git(root, "rev-parse", "main").strip()
    report = tmp_path / "out" / "result.json"

    result = myagent("run", root, "--llm", "none", "--json-report", report)

    assert result.code == 0, result
    data = read_json(report)
    # the documented fields, with the documented types
    assert data["status"] == "gates_met"
    assert data["iterations"] == 1
    assert data["gates"] == {
        "tests_pass_rate": {"target": 1.0, "value": 1.0, "met": True},
        "lint_errors": {"target": 0.0, "value": 0.0, "met": True},
    }
    assert data["accepted"] == 1 and data["rejected"] == 0
    assert isinstance(data["duration_s"], float) and 0 < data["duration_s"] < 120
    assert data["llm"] == {
        "model": "none",
        "calls": 0,
        "tokens": 0,
        "cost_usd": 0.0,
        "by_agent": {},
    }
    run_id = data["run_id"]
    # the branch holds exactly the accepted commits, on top of the user's commit
    assert data["branch"] == f"myagent/{run_id}"
    assert run_branches(run_git, root) == [data["branch"]]
    assert run_git(root, "rev-parse", data["branch"]).strip() == data["head"]
    assert run_git(root, "rev-list", "--count", f"main..{data['branch']}").strip() == "1"
    assert run_git(root, "rev-parse", f"{data['head']}~1").strip() == main_before
    fixed = run_git(root, "show", f"{data['head']}:src/calc/ops.py")
    assert "import os" not in fixed and "import sys" not in fixed and "import json" in fixed
    assert run_git(root, "diff", "--name-only", "main", data["branch"]).split() == [
        "src/calc/ops.py"
    ]
    # the user's branch and files did not move
    assert run_git(root, "rev-parse", "main").strip() == main_before
    assert run_git(root, "branch", "--show-current").strip() == "main"
    assert (root / "src/calc/ops.py").read_text() == OPS_LINT
    assert run_git(root, "status", "--porcelain") == ""
    # what the user reads at the end: the outcome, the branch, where the reports are
    assert "gates_met" in result.stdout
    assert f"branch myagent/{run_id} at {data['head'][:12]}" in result.stdout
    html = root / ".myagent" / "reports" / f"{run_id}.html"
    assert f"HTML report: {html}\n" in result.stdout
    assert f"JSON report: {report}\n" in result.stdout


def test_the_html_report_is_self_contained_with_a_chart_per_gate(
    myagent: MyAgent, project: Callable[..., Path], tmp_path: Path
) -> None:
    root = project(calc_files(OPS_TWO_STEPS))
    report = tmp_path / "result.json"

    result = myagent("run", root, "--llm", "none", "--json-report", report)

    assert result.code == 0, result
    run_id = read_json(report)["run_id"]
    html = (root / ".myagent" / "reports" / f"{run_id}.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    assert run_id in html and "gates_met" in html
    # self-contained: no script, stylesheet, image or font fetched from anywhere
    assert "<script" not in html
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#|data:)""", html)
    assert "@import" not in html and "url(" not in html
    # one inline SVG chart for the score and one for each gate, over 3 measured states
    charts = re.findall(r'<div class="chart"><h3>([^<]*)</h3><svg[^>]*>(.*?)</svg>', html, re.S)
    titles = [title for title, _ in charts]
    assert titles == ["Quality score (0-100)", "tests_pass_rate", "lint_errors"]
    for title, svg in charts:
        assert svg.count("<circle") == 3, title  # baseline + 2 iterations
    lint_svg = dict(charts)["lint_errors"]
    assert "target 0" in lint_svg  # the target line is drawn
    assert "iteration 0: 2" in lint_svg and "iteration 2: 0" in lint_svg
    # the accepted changes are listed
    assert "ruff-fix-unsafe" in html and "lint_errors improved: 1 -&gt; 0" in html


def test_a_project_that_meets_every_gate_exits_0_without_changes(
    myagent: MyAgent, project: Callable[..., Path], run_git: RunGit, tmp_path: Path
) -> None:
    root = project(calc_files(OPS_CLEAN))
    report = tmp_path / "result.json"

    result = myagent("run", root, "--llm", "none", "--json-report", report)

    assert result.code == 0, result
    data = read_json(report)
    assert data["status"] == "gates_met"
    assert data["iterations"] == 0 and data["accepted"] == 0 and data["rejected"] == 0
    assert all(g["met"] for g in data["gates"].values())
    assert data["head"] == data["base"] == run_git(root, "rev-parse", "main").strip()


def test_a_project_without_tests_is_measured_and_the_missing_tests_reported(
    myagent: MyAgent, project: Callable[..., Path], tmp_path: Path
) -> None:
    root = project(calc_files(OPS_CLEAN, tests=None))
    report = tmp_path / "result.json"

    result = myagent("run", root, "--llm", "none", "--max-iterations", "1", "--json-report", report)

    assert result.code == 1, result
    data = read_json(report)
    # measured: the other gates have values; the tests gate is 0 and not met
    assert data["gates"]["tests_pass_rate"] == {"target": 1.0, "value": 0.0, "met": False}
    assert data["gates"]["lint_errors"] == {"target": 0.0, "value": 0.0, "met": True}
    assert data["tools"]["pytest"] == {"status": "ok", "detail": "no tests collected"}
    assert data["status"] == "stalled" and data["accepted"] == 0
    assert data["unaddressed"] == [
        "tests_pass_rate: the project has no tests (pytest collected none)"
    ]
    # the user is told in plain words, on the console and in the report
    assert "no tests:" in result.stdout and "pytest found no tests" in result.stdout
    html = (root / ".myagent" / "reports" / f"{data['run_id']}.html").read_text()
    assert "no tests collected" in html


def test_max_iterations_1_ends_with_budget_exhausted_and_resume_finishes(
    myagent: MyAgent, project: Callable[..., Path], run_git: RunGit, tmp_path: Path
) -> None:
    root = project(calc_files(OPS_TWO_STEPS))
    first_json, second_json = tmp_path / "first.json", tmp_path / "second.json"

    first = myagent(
        "run", root, "--llm", "none", "--max-iterations", "1", "--json-report", first_json
    )

    assert first.code == 1, first
    first_data = read_json(first_json)
    assert first_data["status"] == "budget_exhausted"
    assert "max_iterations (1)" in first_data["reason"]
    assert first_data["iterations"] == 1 and first_data["accepted"] == 1
    assert first_data["gates"]["lint_errors"]["value"] == 1.0  # work left to do

    second = myagent(
        "run", root, "--resume", "--max-iterations", "3", "--json-report", second_json,
    )  # fmt: skip

    assert second.code == 0, second
    assert "note: resuming with the run's model none" in second.stdout  # not the default
    second_data = read_json(second_json)
    assert second_data["llm"]["model"] == "none"
    assert second_data["status"] == "gates_met"
    assert second_data["run_id"] == first_data["run_id"]  # the same run went on
    assert second_data["branch"] == first_data["branch"]
    assert second_data["iterations"] == 2 and second_data["accepted"] == 2
    assert run_branches(run_git, root) == [first_data["branch"]]
    chain = run_git(root, "rev-list", "--reverse", f"main..{first_data['branch']}").split()
    assert chain == [first_data["head"], second_data["head"]]


def test_max_minutes_ends_the_run_as_budget_exhausted(
    myagent: MyAgent, project: Callable[..., Path], tmp_path: Path
) -> None:
    root = project(calc_files(OPS_TWO_STEPS))
    report = tmp_path / "result.json"

    # 0.01 minute is spent by the baseline measurement alone
    result = myagent("run", root, "--llm", "none", "--max-minutes", "0.01", "--json-report", report)

    assert result.code == 1, result
    data = read_json(report)
    assert data["status"] == "budget_exhausted"
    assert "max_minutes" in data["reason"]
    assert data["accepted"] == 0
    assert data["gates"]["lint_errors"]["met"] is False


def test_max_iterations_reached_with_nothing_left_to_try_is_stalled(
    myagent: MyAgent, project: Callable[..., Path], tmp_path: Path
) -> None:
    # iteration 1 fixes the lint; the complexity gate is then the only gap, and no agent
    # works on it with --llm none: more iterations would not change anything.
    config = "[gates]\nlint_errors = 0\nmax_complexity = 1\n"
    root = project(calc_files(OPS_LINT_AND_COMPLEX, config=config))
    report = tmp_path / "result.json"

    result = myagent("run", root, "--llm", "none", "--max-iterations", "1", "--json-report", report)

    assert result.code == 1, result
    data = read_json(report)
    assert data["accepted"] == 1 and data["gates"]["lint_errors"]["met"] is True
    assert data["gates"]["max_complexity"] == {"target": 1.0, "value": 2.0, "met": False}
    assert [u.split(":")[0] for u in data["unaddressed"]] == ["max_complexity"]
    assert data["status"] == "stalled", data["reason"]


def test_flags_override_the_config_and_env_overrides_the_file(
    myagent: MyAgent, project: Callable[..., Path], tmp_path: Path
) -> None:
    root = project(calc_files(OPS_TWO_STEPS, config=with_budget(max_iterations=5)))
    report = tmp_path / "result.json"

    result = myagent(
        "run",
        root,
        "--json-report",
        report,
        env={"MYAGENT_MAX_ITERATIONS": "1", "MYAGENT_LLM": "none"},
    )

    assert result.code == 1, result
    data = read_json(report)
    assert data["status"] == "budget_exhausted" and data["iterations"] == 1
    assert data["llm"]["model"] == "none"


def test_resume_without_a_previous_run_is_refused(
    myagent: MyAgent, project: Callable[..., Path], run_git: RunGit
) -> None:
    root = project(calc_files(OPS_LINT))

    line = myagent("run", root, "--llm", "none", "--resume").one_error_line()

    assert "no run to resume" in line and str(root) in line
    assert run_branches(run_git, root) == []


def test_the_ledger_can_live_in_postgresql(
    myagent: MyAgent,
    project: Callable[..., Path],
    pg_url: str,
    tmp_path: Path,
) -> None:
    root = project(calc_files(OPS_LINT))
    env = {"MYAGENT_DATABASE_URL": pg_url}
    report = tmp_path / "result.json"

    result = myagent("run", root, "--llm", "none", "--json-report", report, env=env)

    assert result.code == 0, result
    run_id = read_json(report)["run_id"]
    assert not (root / ".myagent" / "ledger.db").exists()
    status = myagent("status", root, env=env)
    assert status.code == 0 and f"run {run_id}: gates_met" in status.stdout, status
    # the SQLite default knows nothing of that run
    assert "no run yet" in myagent("status", root).one_error_line()


def test_without_llm_the_bundled_model_is_the_default_when_the_local_extra_is_installed(
    myagent: MyAgent, project: Callable[..., Path], tmp_path: Path
) -> None:
    from myagent.llm.local import LOCAL_MODEL, available

    if not available():
        if os.environ.get("MYAGENT_REQUIRE_SERVICES") == "1":
            pytest.fail("MYAGENT_REQUIRE_SERVICES=1 but the 'local' extra is not installed")
        pytest.skip("the 'local' extra is not installed: pip install -e '.[local]'")
    root = project(calc_files(OPS_CLEAN))
    report = tmp_path / "result.json"

    result = myagent("run", root, "--max-iterations", "1", "--json-report", report)

    assert result.code == 0, result
    data = read_json(report)
    assert data["llm"]["model"] == LOCAL_MODEL == "local/gemma3-270m-q4_k_m"
    assert (
        f"note: LLM {LOCAL_MODEL}: the bundled model, as the 'local' extra is installed "
        "(--llm none runs without it)"
    ) in result.stdout.splitlines()
