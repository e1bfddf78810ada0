"""Running `python -m myagent` as a user would, and what a finished call looks like."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RUN_TIMEOUT_S = 180

# Variables that would change what the CLI prints (a forced terminal, colours, width).
_TERMINAL_VARS = {"FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS", "LINES"}


@dataclass(frozen=True, repr=False)
class Result:
    """One finished CLI call."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str

    def __repr__(self) -> str:  # what a failed assertion shows
        return (
            f"myagent {' '.join(self.args)} -> exit {self.code}\n"
            f"--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"
        )

    def one_error_line(self) -> str:
        """The single line a usage or configuration error prints (with exit code 2)."""
        assert self.code == 2, self
        assert "Traceback" not in self.stderr + self.stdout, self
        lines = self.stderr.splitlines()
        assert len(lines) == 1, self
        assert lines[0].startswith("error: "), self
        return lines[0]


MyAgent = Callable[..., Result]  # the `myagent` fixture: myagent(*args, env=None) -> Result


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment without MYAGENT_* settings or terminal overrides."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("MYAGENT_") and k not in _TERMINAL_VARS
    }
    env.update(extra or {})
    return env


def cli_argv(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "myagent", *(str(a) for a in args)]


def run_cli(cwd: Path, *args: str | Path, env: dict[str, str] | None = None) -> Result:
    """Run the CLI in `cwd`; git does not look for a repository above `cwd`."""
    done = subprocess.run(
        cli_argv(*args),
        cwd=cwd,
        env=cli_env({"GIT_CEILING_DIRECTORIES": str(cwd), **(env or {})}),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    return Result(tuple(str(a) for a in args), done.returncode, done.stdout, done.stderr)


def read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
