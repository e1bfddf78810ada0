"""The hidden check: a candidate module against the problem's own `test`, outside the project.

`check_hidden` writes the module as `solution.py` and a script that imports everything
from it, then holds the problem's `test` (which defines `check(candidate)`; some tests
also call the prompt's helper functions) and `check(<entry_point>)`, into a new
temporary folder (never the project's), and runs the script with MyAgent's interpreter
through MyAgent's sandbox runner (bubblewrap, no network, rlimits, a wall-clock
timeout). The module is imported, not run as `__main__`, as the project's tests import
it. The check passes when the script exits 0 and prints a random marker that only its
last line prints, so a module that exits early (`sys.exit(0)` at import) does not pass. A hang, a crash, a
syntax error or a missing function is a failure, with the reason in `detail`.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from problems import Problem

from myagent.config import SandboxConfig
from myagent.quality.layout import tool_readable_paths
from myagent.sandbox.factory import make_runner
from myagent.sandbox.runner import SandboxResult, SandboxRunner

SCRIPT = "hidden_check.py"
MODULE_FILE = "solution.py"
_DETAIL_CHARS = 300


@dataclass(frozen=True)
class HiddenResult:
    passed: bool
    detail: str  # "passed", or why not: the error's last line, "timed out after 10 s", ...


def python_path() -> str:
    """This interpreter, absolute and without `..` (the sandbox binds only the venv and
    the base installation, so `bench/codegen/../../.venv/bin/python` would not resolve
    inside it); symlinks are kept, so a venv's python still finds its venv."""
    return os.path.normpath(Path(sys.executable).absolute())


def hidden_runner() -> SandboxRunner:
    """The sandbox runner MyAgent would use by default (smoke-tested; raises if broken)."""
    return make_runner(SandboxConfig())


def hidden_script(problem: Problem, marker: str) -> str:
    """The check script; it imports the candidate from `solution.py` beside it."""
    return (
        "from solution import *  # noqa: F403\n"
        f"from solution import {problem.entry_point}\n\n\n"
        f"{problem.test.strip()}\n\n\n"
        f"check({problem.entry_point})\n"
        f"print({marker!r})\n"
    )


def check_hidden(
    problem: Problem,
    module_text: str,
    timeout_s: float = 10,
    runner: SandboxRunner | None = None,
) -> HiddenResult:
    """Run the problem's hidden `test` on `module_text` in the sandbox."""
    runner = runner or hidden_runner()
    marker = f"hidden-check-passed-{secrets.token_hex(8)}"
    with tempfile.TemporaryDirectory(prefix="codegen-hidden-") as folder:
        workspace = Path(folder)
        (workspace / MODULE_FILE).write_text(module_text, encoding="utf-8")
        (workspace / SCRIPT).write_text(hidden_script(problem, marker), encoding="utf-8")
        result = runner.run(
            [python_path(), "-s", SCRIPT],
            workspace=workspace,
            timeout_s=timeout_s,
            env={"PYTHONDONTWRITEBYTECODE": "1"},
            readable=tool_readable_paths(),
        )
    return _verdict(result, marker, timeout_s)


def _verdict(result: SandboxResult, marker: str, timeout_s: float) -> HiddenResult:
    if result.timed_out:
        return HiddenResult(False, f"timed out after {timeout_s:g} s")
    if result.returncode < 0:
        return HiddenResult(False, f"killed by signal {-result.returncode}")
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        last = lines[-1].strip() if lines else f"exit code {result.returncode}, no output"
        return HiddenResult(False, last[:_DETAIL_CHARS])
    if marker not in result.stdout.splitlines():
        return HiddenResult(False, "exited before the check ran to its end")
    return HiddenResult(True, "passed")
