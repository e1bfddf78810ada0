"""mypy: type errors in the source folders.

mypy runs from MyAgent's own venv. With the project's own mypy configuration
(`mypy.ini`, `.mypy.ini`, `[tool.mypy]` in `pyproject.toml`, `[mypy]` in `setup.cfg`)
it uses that; without one it runs mypy's default (non-strict) checks with
`--ignore-missing-imports`. When the project has its own interpreter,
`--python-executable` lets mypy see the packages installed there. Notes are not
counted; every `error` line is one type error.
"""

from __future__ import annotations

import configparser
import json
import tomllib
from collections.abc import Sequence
from pathlib import Path

from myagent.protocol import LintIssue, ToolRun
from myagent.quality.execution import ToolContext, count, crashed, ok, relative_path, run_tool

MYPY = "mypy"


def mypy_command(python: Path) -> list[str]:
    return [str(python), "-m", "mypy"]


def has_mypy_config(root: Path) -> bool:
    """True when the project configures mypy itself."""
    if (root / "mypy.ini").is_file() or (root / ".mypy.ini").is_file():
        return True
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            data = {}
        if "mypy" in data.get("tool", {}):
            return True
    setup_cfg = root / "setup.cfg"
    if setup_cfg.is_file():
        parser = configparser.ConfigParser()
        try:
            parser.read(setup_cfg, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError):
            return False
        return parser.has_section("mypy")
    return False


def parse_output(stdout: str, workspace: Path) -> list[LintIssue]:
    """`mypy -O json` (one JSON object a line) -> errors; raises ValueError if a line is
    not mypy's JSON."""
    issues = []
    for line in stdout.splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if not isinstance(record, dict) or "severity" not in record:
            raise ValueError("not a mypy JSON record")
        if record["severity"] != "error":
            continue
        issues.append(
            LintIssue(
                path=relative_path(str(record.get("file", "")), workspace),
                line=int(record.get("line") or 0),
                code=str(record.get("code") or "misc"),
                message=str(record.get("message", "")),
            )
        )
    return issues


def mypy_argv(
    command: Sequence[str],
    paths: Sequence[str],
    *,
    cache_dir: Path,
    own_config: bool,
    python_executable: Path | None,
) -> list[str]:
    argv = [*command, "-O", "json", "--no-color-output", "--no-error-summary"]
    argv += ["--cache-dir", str(cache_dir)]
    if not own_config:
        argv.append("--ignore-missing-imports")
    if python_executable is not None:
        argv += ["--python-executable", str(python_executable)]
    return [*argv, "--", *paths]


def run_mypy(
    ctx: ToolContext,
    command: Sequence[str],
    paths: Sequence[str],
    timeout_s: float,
    *,
    cache_dir: Path,
    python_executable: Path | None = None,
) -> tuple[list[LintIssue], ToolRun]:
    """Type-check `paths`; the errors and how mypy ran."""
    own_config = has_mypy_config(ctx.workspace)
    argv = mypy_argv(
        command,
        paths,
        cache_dir=cache_dir,
        own_config=own_config,
        python_executable=python_executable,
    )
    executed = run_tool(MYPY, argv, ctx, timeout_s)
    if isinstance(executed, ToolRun):
        return [], executed
    returncode = executed.result.returncode
    try:
        issues = parse_output(executed.result.stdout, ctx.workspace)
    except (ValueError, TypeError):
        return [], crashed(MYPY, executed, "output is not mypy's JSON")
    # 0: clean, 1: errors, 2: a blocking error (such as a syntax error), reported too
    if returncode not in (0, 1, 2) or (returncode != 0 and not issues):
        return [], crashed(MYPY, executed)
    config = "project config" if own_config else "default checks"
    return issues, ok(MYPY, executed, f"{count(len(issues), 'type error')} ({config})")
