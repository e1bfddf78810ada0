"""coverage.py configuration and report parsing for the quality model.

The project's tests run under `coverage run` with an rcfile generated here (the
project's own coverage settings are not used): branch coverage on, the data file in
MyAgent's output folder, and the project's source folders as `source` (see
`coverage_scope` for top-level modules). The pytest plugin names each test's coverage context after
its node id, so `coverage json --show-contexts` says which tests ran each line.

Rates: `line_rate` = covered statements / statements, `branch_rate` = covered
branches / branches; each is 1.0 when there is nothing to cover.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from myagent.protocol import CoverageData
from myagent.quality.execution import relative_path


@dataclass(frozen=True)
class CoverageScope:
    """What coverage measures (`sources`, absolute folders, whose never-imported files
    count as uncovered) and reports (`include` patterns; empty: all it measured)."""

    sources: tuple[str, ...]
    include: tuple[str, ...] = ()


def coverage_scope(root: Path, source_dirs: Sequence[str]) -> CoverageScope:
    """The scope for the project's source entries. A module (`calc.py`) is measured
    through its folder and singled out by a report pattern, so that a module no test
    imports still counts, as 0% covered."""
    sources: dict[str, None] = {}
    include: list[str] = []
    has_module = False
    for entry in source_dirs:
        path = root / entry
        if path.is_dir():
            sources[str(path)] = None
            include.append(f"{path}/*")
        else:
            has_module = True
            sources[str(path.parent)] = None
            include.append(str(path))
    return CoverageScope(tuple(sources), tuple(include) if has_module else ())


def coverage_rc(data_file: Path, scope: CoverageScope) -> str:
    """The rcfile text for `coverage run` / `coverage json`."""
    sources = "".join(f"\n    {s}" for s in scope.sources)
    include = "".join(f"\n    {p}" for p in scope.include)
    return (
        "[run]\n"
        "branch = True\n"
        f"data_file = {data_file}\n"
        f"source ={sources}\n"
        "disable_warnings = module-not-imported, no-data-collected, module-not-measured\n"
        "\n[report]\nignore_errors = True\n"
        + (f"include ={include}\n" if include else "")
        + "\n[json]\nshow_contexts = True\n"
    )


def _rate(covered: int, total: int) -> float:
    return covered / total if total else 1.0


def parse_coverage_json(text: str, workspace: Path) -> CoverageData:
    """`coverage json --show-contexts` -> CoverageData (raises ValueError/KeyError when
    the text is not coverage's JSON report)."""
    data: Any = json.loads(text)
    totals = data["totals"]
    lines_total = int(totals["num_statements"])
    lines_covered = int(totals["covered_lines"])
    branches_total = int(totals.get("num_branches", 0))
    branches_covered = int(totals.get("covered_branches", 0))
    uncovered: dict[str, list[int]] = {}
    missing_branches: dict[str, list[tuple[int, int]]] = {}
    covered_by: dict[str, list[str]] = {}
    for filename, report in sorted(data["files"].items()):
        path = relative_path(str(filename), workspace)
        missing = sorted(int(n) for n in report.get("missing_lines", []))
        if missing:
            uncovered[path] = missing
        arcs = sorted((int(a), int(b)) for a, b in report.get("missing_branches", []))
        if arcs:
            missing_branches[path] = arcs
        contexts: dict[str, list[str]] = report.get("contexts") or {}
        for line in sorted(contexts, key=int):
            tests = sorted({c for c in contexts[line] if c})
            if tests:
                covered_by[f"{path}:{line}"] = tests
    return CoverageData(
        line_rate=_rate(lines_covered, lines_total),
        branch_rate=_rate(branches_covered, branches_total),
        lines_total=lines_total,
        lines_covered=lines_covered,
        branches_total=branches_total,
        branches_covered=branches_covered,
        uncovered=uncovered,
        missing_branches=missing_branches,
        covered_by=covered_by,
    )
