"""How the quality model runs one measuring tool in the sandbox.

Every tool goes through `run_tool`, which turns what happened into a `ToolRun`
status the same way for all of them:

- **MISSING**: the command's program does not exist, `python -m X` finds no module
  `X`, the runner could not start the program, or the exit code is 127;
- **TIMEOUT**: the sandbox's wall clock killed it;
- otherwise the tool ran, and its own parser decides between OK and CRASHED
  (`crashed` builds the one-line detail from stderr).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from myagent.protocol import ToolRun, ToolStatus
from myagent.sandbox.runner import SandboxResult, SandboxRunner

# Environment given to every tool besides what the runner sets (PATH, HOME).
BASE_ENV: Mapping[str, str] = {
    "PYTHONDONTWRITEBYTECODE": "1",  # no __pycache__ left in the workspace
    "PYTHONUTF8": "1",
    "PYTHONIOENCODING": "utf-8",
    "LC_ALL": "C.UTF-8",
    "NO_COLOR": "1",
}
_DETAIL_LIMIT = 200
_NO_MODULE = re.compile(r"No module named '?([\w.]+)'?")


@dataclass(frozen=True)
class ToolContext:
    """Where and with what a tool runs: the runner, the workspace and sandbox paths."""

    runner: SandboxRunner
    workspace: Path
    readable: tuple[Path, ...] = ()
    writable: tuple[Path, ...] = ()
    env: Mapping[str, str] = field(default_factory=lambda: dict(BASE_ENV))


@dataclass(frozen=True)
class Executed:
    """A tool that ran to its end (whatever its exit code)."""

    result: SandboxResult

    @property
    def duration_s(self) -> float:
        return self.result.duration_s


def count(n: int, noun: str) -> str:
    """ "1 finding", "2 findings"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def one_line(text: str) -> str:
    """The most telling line of a tool's output, shortened: the last one that says
    "error" (a traceback's last line, pytest's usage error), else the last one."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    errors = [line for line in lines if "error" in line.lower()]
    line = (errors or lines)[-1]
    return line if len(line) <= _DETAIL_LIMIT else line[: _DETAIL_LIMIT - 3] + "..."


def crashed(tool: str, executed: Executed, why: str = "") -> ToolRun:
    """A CRASHED `ToolRun` with a one-line reason."""
    result = executed.result
    reason = one_line(result.stderr) or one_line(result.stdout) or why or "no output"
    detail = f"exit code {result.returncode}: {reason}"
    if why and why not in detail:
        detail = f"{why} ({detail})"
    if result.truncated:
        detail += " (output cut at the sandbox's cap)"
    return ToolRun(
        tool=tool, status=ToolStatus.CRASHED, duration_s=result.duration_s, detail=detail
    )


def tool_output(executed: Executed, output_file: Path | None) -> str:
    """What the tool reported: `output_file` if it wrote one, else its stdout. Tools
    that can write to a file do (stdout is capped by the sandbox)."""
    if output_file is not None and output_file.is_file():
        return output_file.read_text(encoding="utf-8", errors="replace")
    return executed.result.stdout


def ok(tool: str, executed: Executed, detail: str = "") -> ToolRun:
    return ToolRun(tool=tool, status=ToolStatus.OK, duration_s=executed.duration_s, detail=detail)


def missing_before_run(argv: Sequence[str]) -> str:
    """Why `argv` cannot run at all (checked on the host, without running anything),
    or "" when it may run."""
    program = Path(argv[0])
    if program.is_absolute() and not program.exists():
        return f"{program} not found"
    if len(argv) >= 3 and argv[1] == "-m" and _is_own_python(program):
        module = argv[2]
        if importlib.util.find_spec(module.split(".")[0]) is None:
            return f"{program} has no module {module}"
    return ""


def _is_own_python(program: Path) -> bool:
    # Not resolved: a venv's python and its base interpreter resolve to the same file
    # but see different site-packages.
    return program == Path(sys.executable)


def missing_after_run(argv: Sequence[str], result: SandboxResult) -> str:
    """Why the program of `argv` turned out not to be there, or ""."""
    if result.returncode == 0:
        return ""
    if result.returncode == 127:
        return f"{argv[0]} not found (exit code 127)"
    err = result.stderr
    if len(argv) >= 3 and argv[1] == "-m":
        found = _NO_MODULE.search(err)
        if found and found.group(1) == argv[2] and not result.stdout.strip():
            return f"{argv[0]} has no module {argv[2]}"
    if "execvp" in err and "No such file or directory" in err:
        return f"{argv[0]} not found"
    return ""


def run_tool(
    tool: str, argv: Sequence[str], ctx: ToolContext, timeout_s: float
) -> Executed | ToolRun:
    """Run `argv` in the sandbox; a `ToolRun` when it was missing or timed out, else
    the `Executed` result for the tool's parser."""
    why = missing_before_run(argv)
    if why:
        return ToolRun(tool=tool, status=ToolStatus.MISSING, detail=why)
    try:
        result = ctx.runner.run(
            list(argv),
            workspace=ctx.workspace,
            timeout_s=max(timeout_s, 1.0),
            env=dict(ctx.env),
            readable=ctx.readable,
            writable=ctx.writable,
        )
    except (FileNotFoundError, PermissionError) as exc:
        return ToolRun(tool=tool, status=ToolStatus.MISSING, detail=one_line(str(exc)))
    if result.timed_out:
        return ToolRun(
            tool=tool,
            status=ToolStatus.TIMEOUT,
            duration_s=result.duration_s,
            detail=f"stopped after {timeout_s:.0f}s",
        )
    why = missing_after_run(argv, result)
    if why:
        return ToolRun(
            tool=tool, status=ToolStatus.MISSING, duration_s=result.duration_s, detail=why
        )
    return Executed(result)


def relative_path(path: str, workspace: Path) -> str:
    """A tool's file name as a workspace-relative POSIX path."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            return candidate.relative_to(workspace).as_posix()
        except ValueError:
            try:
                return candidate.relative_to(workspace.resolve()).as_posix()
            except ValueError:
                return candidate.as_posix()
    return candidate.as_posix().removeprefix("./")
