"""radon: cyclomatic complexity of every function and method in the source folders.

radon runs from MyAgent's own venv (`radon cc -j`). The result maps
"path:function" (methods as "path:Class.method", nested functions as
"path:outer.inner") to its cyclomatic complexity; classes themselves are not counted
(their methods are). `max_complexity` is the highest value, 0 with no functions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from myagent.protocol import ToolRun
from myagent.quality.execution import (
    ToolContext,
    count,
    crashed,
    ok,
    relative_path,
    run_tool,
    tool_output,
)

RADON = "radon"


def radon_command(python: Path) -> list[str]:
    return [str(python), "-m", "radon"]


def _blocks(path: str, prefix: str, blocks: Iterable[Any], into: dict[str, int]) -> None:
    for block in blocks:
        if not isinstance(block, dict) or block.get("type") == "class":
            continue
        name = str(block["name"])
        if block.get("classname"):
            name = f"{block['classname']}.{name}"
        qualified = f"{prefix}.{name}" if prefix else name
        key = f"{path}:{qualified}"
        into[key] = max(into.get(key, 0), int(block["complexity"]))
        _blocks(path, qualified, block.get("closures") or [], into)


def parse_output(stdout: str, workspace: Path) -> tuple[dict[str, int], list[str]]:
    """`radon cc -j` -> ({"path:function": complexity}, ["path: parse error", ...]);
    raises ValueError if the output is not radon's JSON."""
    data = json.loads(stdout or "{}")
    if not isinstance(data, dict):
        raise ValueError("not radon's JSON")
    complexity: dict[str, int] = {}
    errors: list[str] = []
    for filename, blocks in data.items():
        path = relative_path(str(filename), workspace)
        if isinstance(blocks, dict):  # {"error": "invalid syntax ..."}
            errors.append(f"{path}: {blocks.get('error', 'could not be parsed')}")
            continue
        if not isinstance(blocks, list):
            raise ValueError("not radon's JSON")
        _blocks(path, "", blocks, complexity)
    return complexity, errors


def max_complexity(complexity: dict[str, int]) -> int:
    return max(complexity.values(), default=0)


def run_radon(
    ctx: ToolContext,
    command: Sequence[str],
    paths: Sequence[str],
    timeout_s: float,
    output_file: Path | None = None,
) -> tuple[dict[str, int], ToolRun]:
    """Measure `paths`; complexity by function and how radon ran."""
    argv = [*command, "cc", "-j"]
    if output_file is not None:
        argv += ["--output-file", str(output_file)]
    executed = run_tool(RADON, [*argv, *paths], ctx, timeout_s)
    if isinstance(executed, ToolRun):
        return {}, executed
    if executed.result.returncode != 0:
        return {}, crashed(RADON, executed)
    try:
        complexity, errors = parse_output(tool_output(executed, output_file), ctx.workspace)
    except (ValueError, KeyError, TypeError):
        return {}, crashed(RADON, executed, "output is not radon's JSON")
    detail = f"{count(len(complexity), 'function')}, highest {max_complexity(complexity)}"
    if errors:
        detail += f"; could not parse {len(errors)} files ({errors[0]})"
    return complexity, ok(RADON, executed, detail)
