"""A Director run with the a11y_violations gate on a small project with a web page."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from myagent.agents.registry import default_agents
from myagent.bus import MessageBus
from myagent.config import load_settings
from myagent.director.loop import Director
from myagent.director.outcome import RunStatus
from myagent.project import open_project

PAGE = """\
<!doctype html>
<html>
  <head>
    <meta charset="utf-8">
  </head>
  <body>
    <h1>Price list</h1>
    <img src="img/divider.png">
    <form>
      Amount: <input name="amount" tabindex="4">
    </form>
  </body>
</html>
"""
MakeProject = Callable[[Path, dict[str, str]], Path]
CONFIG = """\
[gates]
tests_pass_rate = 1.0
a11y_violations = 0

[budget]
max_iterations = 3
stall_iterations = 2

[project]
source = ["prices.py"]

[ui]
lang = "en-GB"
"""


def test_the_ui_refiner_fixes_the_page_through_the_ratchet(
    tmp_path: Path, make_project: MakeProject, require_bwrap: None, chromium: Path
) -> None:
    root = make_project(
        tmp_path / "prices",
        {
            "prices.py": "def gross(net: int) -> int:\n    return net * 120 // 100\n",
            "tests/test_prices.py": "from prices import gross\n\n\ndef test_gross():\n    assert gross(100) == 120\n",
            "web/index.html": PAGE,
            "myagent.toml": CONFIG,
            "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["."]\n',
        },
    )
    settings = load_settings(root, environ={})
    project = open_project(root, settings)
    director = Director(
        root, settings, project.ledger, project.runner, project.monitor,
        default_agents(settings, project.error_graph), MessageBus(), project.env,
    )  # fmt: skip
    outcome = director.run()
    assert outcome.status == RunStatus.GATES_MET
    assert {g.name: g.value for g in outcome.gates}["a11y_violations"] == 0
    proposals = [a for a in project.ledger.actions(outcome.run_id) if a.action == "propose"]
    assert any(a.agent == "ui_refiner" for a in proposals)
    page = subprocess.run(
        ["git", "show", f"{outcome.branch}:web/index.html"],
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert page == (
        PAGE.replace("<html>", '<html lang="en-GB">')
        .replace("<head>\n", "<head>\n    <title>Price list</title>\n")
        .replace('<img src="img/divider.png">', '<img alt="" src="img/divider.png">')
        .replace(
            '<input name="amount" tabindex="4">',
            '<input aria-label="Amount" name="amount" tabindex="0">',
        )
    )
