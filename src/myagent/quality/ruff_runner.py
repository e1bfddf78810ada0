"""ruff: lint findings (`ruff check`) and files it would reformat (`ruff format --check`).

Both run from MyAgent's own venv, on the source and test folders, with the project's
own ruff configuration if it has one (ruff's defaults otherwise) and no cache.
A finding is `fixable` when ruff offers a safe fix (what `ruff check --fix` applies).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from myagent.protocol import LintIssue, ToolRun
from myagent.quality.execution import (
    ToolContext,
    count,
    crashed,
    ok,
    relative_path,
    run_tool,
    tool_output,
)

RUFF = "ruff"
RUFF_FORMAT = "ruff-format"


def ruff_command(python: Path) -> list[str]:
    return [str(python), "-m", "ruff"]


def _records(stdout: str) -> list[dict[str, Any]]:
    data = json.loads(stdout or "[]")
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise ValueError("expected a JSON list of findings")
    return data


def parse_check(stdout: str, workspace: Path) -> list[LintIssue]:
    """`ruff check --output-format json` -> issues (raises ValueError if not parsable)."""
    issues = []
    for record in _records(stdout):
        fix = record.get("fix") or {}
        issues.append(
            LintIssue(
                path=relative_path(str(record["filename"]), workspace),
                line=int((record.get("location") or {}).get("row") or 0),
                code=str(record.get("code") or record.get("name") or "invalid-syntax"),
                message=str(record.get("message", "")),
                fixable=fix.get("applicability") == "safe",
            )
        )
    return issues


def parse_format(stdout: str, workspace: Path) -> tuple[list[str], list[str]]:
    """`ruff format --check --output-format json` -> (files it would reformat, files it
    could not parse)."""
    unformatted: dict[str, None] = {}
    unparsable: dict[str, None] = {}
    for record in _records(stdout):
        path = relative_path(str(record["filename"]), workspace)
        if record.get("code") == "unformatted":
            unformatted[path] = None
        else:
            unparsable[path] = None
    return list(unformatted), list(unparsable)


def run_check(
    ctx: ToolContext,
    command: Sequence[str],
    paths: Sequence[str],
    timeout_s: float,
    output_file: Path | None = None,
) -> tuple[list[LintIssue], ToolRun]:
    """Lint `paths`; the issues and how ruff ran."""
    argv = [*command, "check", "--output-format", "json", "--no-cache", "--exit-zero"]
    if output_file is not None:
        argv += ["--output-file", str(output_file)]
    executed = run_tool(RUFF, [*argv, "--", *paths], ctx, timeout_s)
    if isinstance(executed, ToolRun):
        return [], executed
    if executed.result.returncode != 0:
        return [], crashed(RUFF, executed)
    try:
        issues = parse_check(tool_output(executed, output_file), ctx.workspace)
    except (ValueError, KeyError, TypeError):
        return [], crashed(RUFF, executed, "output is not ruff's JSON")
    fixable = sum(i.fixable for i in issues)
    return issues, ok(RUFF, executed, f"{count(len(issues), 'finding')}, {fixable} fixable")


def run_format(
    ctx: ToolContext, command: Sequence[str], paths: Sequence[str], timeout_s: float
) -> tuple[list[str] | None, ToolRun]:
    """Check formatting of `paths`; the files ruff would reformat and how it ran."""
    argv = [*command, "format", "--check", "--no-cache", "--output-format", "json", "--"]
    executed = run_tool(RUFF_FORMAT, [*argv, *paths], ctx, timeout_s)
    if isinstance(executed, ToolRun):
        return None, executed
    if executed.result.returncode not in (0, 1, 2):
        return None, crashed(RUFF_FORMAT, executed)
    try:
        unformatted, unparsable = parse_format(executed.result.stdout, ctx.workspace)
    except (ValueError, KeyError, TypeError):
        return None, crashed(RUFF_FORMAT, executed, "output is not ruff's JSON")
    if executed.result.returncode == 2 and not unparsable:
        return None, crashed(RUFF_FORMAT, executed)
    detail = f"{count(len(unformatted), 'file')} would be reformatted"
    if unparsable:
        detail += f", {len(unparsable)} could not be parsed"
    return unformatted, ok(RUFF_FORMAT, executed, detail)
