"""bandit: security findings in the source folders.

bandit runs from MyAgent's own venv with JSON output. Each finding becomes a
`LintIssue` whose `code` is the severity (HIGH, MEDIUM, LOW) and whose message starts
with bandit's test id (`B602 subprocess_popen_with_shell_equals_true: ...`). The
`security_high` metric counts the HIGH ones. A `[tool.bandit]` table in the project's
`pyproject.toml` is passed to bandit as its configuration.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Sequence
from pathlib import Path

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

BANDIT = "bandit"
HIGH = "HIGH"


def bandit_command(python: Path) -> list[str]:
    return [str(python), "-m", "bandit"]


def parse_output(stdout: str, workspace: Path) -> tuple[list[LintIssue], list[str]]:
    """bandit's JSON -> (findings, files it could not parse); raises ValueError if the
    output is not bandit's JSON."""
    data = json.loads(stdout)
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise ValueError("not bandit's JSON report")
    issues = [
        LintIssue(
            path=relative_path(str(r["filename"]), workspace),
            line=int(r.get("line_number") or 0),
            code=str(r.get("issue_severity", "UNDEFINED")).upper(),
            message=(
                f"{r.get('test_id', '')} {r.get('test_name', '')}: {r.get('issue_text', '')}"
                f" (confidence {str(r.get('issue_confidence', '')).lower()})"
            ),
        )
        for r in data["results"]
    ]
    errors = [relative_path(str(e.get("filename", "")), workspace) for e in data.get("errors", [])]
    return issues, errors


def high_count(issues: Sequence[LintIssue]) -> int:
    return sum(issue.code == HIGH for issue in issues)


def _project_config(root: Path) -> list[str]:
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return []
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return []
    return ["-c", "pyproject.toml"] if "bandit" in data.get("tool", {}) else []


def run_bandit(
    ctx: ToolContext,
    command: Sequence[str],
    paths: Sequence[str],
    timeout_s: float,
    output_file: Path | None = None,
) -> tuple[list[LintIssue], ToolRun]:
    """Scan `paths`; the findings and how bandit ran."""
    argv = [*command, "-f", "json", "-q", *_project_config(ctx.workspace)]
    if output_file is not None:
        argv += ["-o", str(output_file)]
    argv += ["-r", *paths]
    executed = run_tool(BANDIT, argv, ctx, timeout_s)
    if isinstance(executed, ToolRun):
        return [], executed
    if executed.result.returncode not in (0, 1):
        return [], crashed(BANDIT, executed)
    try:
        issues, errors = parse_output(tool_output(executed, output_file), ctx.workspace)
    except (ValueError, KeyError, TypeError, AttributeError):
        return [], crashed(BANDIT, executed, "output is not bandit's JSON")
    detail = f"{count(len(issues), 'finding')}, {high_count(issues)} of high severity"
    if errors:
        detail += f"; could not parse {len(errors)} files ({errors[0]})"
    return issues, ok(BANDIT, executed, detail)
