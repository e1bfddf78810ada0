"""Which interpreter runs the project's tests, and the pytest arguments of its command.

The project's interpreter (see `layout`) when it can import pytest and coverage
(probed in the sandbox); else MyAgent's own, with the project's import roots on
PYTHONPATH (packages installed only in the project's venv are then not importable,
and the note says so); else none, and pytest is MISSING.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from myagent.protocol import ToolRun
from myagent.quality.execution import Executed, ToolContext, one_line, run_tool
from myagent.quality.layout import Interpreter, ProjectLayout

PYTEST = "pytest"
COVERAGE = "coverage"
_PROBE_TIMEOUT_S = 60.0


def pytest_args(command: Sequence[str]) -> list[str] | None:
    """The pytest arguments of a `test_command`, or None when it is not pytest."""
    if not command:
        return []
    head = Path(command[0]).name
    if head in ("pytest", "py.test"):
        return list(command[1:])
    if head.startswith("python") and list(command[1:3]) == ["-m", "pytest"]:
        return list(command[3:])
    return None


def _has_test_tools(python: Interpreter) -> bool:
    return python.is_own and all(importlib.util.find_spec(m) for m in (PYTEST, COVERAGE))


def choose_interpreter(ctx: ToolContext, layout: ProjectLayout) -> tuple[Interpreter | None, str]:
    """The interpreter to run the tests with, and a note when it is not the project's."""
    project, own = layout.python, layout.tools
    if project.is_own:
        if _has_test_tools(project):
            return project, ""
        return None, f"MyAgent's interpreter {project.path} has no pytest or coverage"
    if not project.path.exists():
        why = f"{project.path} not found"
    else:
        probe_ctx = replace(ctx, readable=project.readable)
        argv = [str(project.path), "-c", "import pytest, coverage"]
        probe = run_tool(PYTEST, argv, probe_ctx, _PROBE_TIMEOUT_S)
        if isinstance(probe, Executed) and probe.result.returncode == 0:
            return project, ""
        reason = probe.detail if isinstance(probe, ToolRun) else one_line(probe.result.stderr)
        why = f"{project.path} cannot run pytest with coverage ({reason})"
    if not _has_test_tools(own):
        return None, f"{why}, and neither can MyAgent's interpreter {own.path}"
    return own, f"{why}; ran with MyAgent's interpreter, project source on PYTHONPATH"
