"""Plan the deterministic fixes: break an import cycle, or make a layer-breaking import
type-only, by moving import statements (`usage.plan_deferral`, `codemods`).

`break_cycle` works on one component at a time: while its modules still import each
other at import time, it takes a shortest cycle, and cuts the cheapest edge on it that
can move: an import only annotations need (under TYPE_CHECKING) first, then the one
that touches the fewest functions. An edge whose statements cannot all move is never
cut. It stops with the reason when a cycle has no edge that can move.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from myagent.architecture.codemods import CodemodError, apply_deferrals
from myagent.architecture.cycles import Cycle, shortest_cycle
from myagent.architecture.graph import ImportGraph
from myagent.architecture.usage import Deferral, plan_deferral

MAX_CUTS = 20


@dataclass(frozen=True)
class Fix:
    """Whole new contents of the files to change, and what moved."""

    files: dict[str, str]  # root-relative path -> new content
    moved: tuple[str, ...]  # "a -> b: from pkg.b import helper (into run)"


def _read(root: Path, rel: str) -> str | None:
    try:
        return (root / rel).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def edge_deferrals(
    root: Path, graph: ImportGraph, importer: str, imported: str
) -> list[Deferral] | str:
    """How to move every import-time statement of `importer` that imports `imported`."""
    info = graph.modules[importer]
    source = _read(root, info.path)
    if source is None:
        return f"{info.path} cannot be read"
    lines = sorted({e.line for e in graph.edges_between(importer, imported) if e.kind == "module"})
    plans: list[Deferral] = []
    for line in lines:
        plan = plan_deferral(source, line)
        if isinstance(plan, str):
            return f"{info.path}:{line}: {plan}"
        plans.append(plan)
    return plans or f"{importer} does not import {imported} at import time"


def _cost(plans: list[Deferral]) -> tuple[int, int]:
    moved_into = sum(len(p.into) for p in plans)
    return (0 if moved_into == 0 else 1, moved_into)


def _describe(importer: str, imported: str, plans: list[Deferral]) -> str:
    parts = []
    for p in plans:
        where = [f for f, _ in p.into] + (["TYPE_CHECKING"] if p.type_only else [])
        parts.append(f"{p.statement} (into {', '.join(where)})")
    return f"{importer} -> {imported}: {'; '.join(parts)}"


def break_cycle(root: Path, graph: ImportGraph, cycle: Cycle) -> Fix | str:
    """The moves that leave the modules of `cycle` free of import-time cycles, or why not."""
    members = set(cycle.modules)
    runtime = graph.adjacency(frozenset({"module"}))
    adjacent = {m: runtime[m] & members for m in members}
    chosen: dict[tuple[str, str], list[Deferral]] = {}
    cache: dict[tuple[str, str], list[Deferral] | str] = {}
    for _ in range(MAX_CUTS):
        path = shortest_cycle(adjacent, members)
        if not path:
            return _fix(root, graph, chosen)
        options: list[tuple[tuple[int, int], tuple[str, str], list[Deferral]]] = []
        reasons: list[str] = []
        for pair in pairwise(path):
            if pair not in cache:
                cache[pair] = edge_deferrals(root, graph, *pair)
            plans = cache[pair]
            if isinstance(plans, str):
                reasons.append(plans)
            else:
                options.append((_cost(plans), pair, plans))
        if not options:
            return f"no import on {' -> '.join(path)} can move ({reasons[0]})"
        _, pair, plans = min(options, key=lambda o: (o[0], o[1]))
        chosen[pair] = plans
        adjacent[pair[0]].discard(pair[1])
    return f"more than {MAX_CUTS} imports would have to move"


def type_only_fix(
    root: Path, graph: ImportGraph, importer: str, imported: Sequence[str]
) -> Fix | str:
    """Move `importer`'s imports of the `imported` modules under TYPE_CHECKING when only
    annotations need them (a layer violation then no longer counts), or why not."""
    chosen: dict[tuple[str, str], list[Deferral]] = {}
    for target in imported:
        if any(e.kind == "function" for e in graph.edges_between(importer, target)):
            return f"{importer} imports {target} inside a function"
        plans = edge_deferrals(root, graph, importer, target)
        if isinstance(plans, str):
            return plans
        if any(p.into for p in plans):
            return f"{importer} uses what it imports from {target} at run time"
        chosen[(importer, target)] = plans
    return _fix(root, graph, chosen)


def _fix(
    root: Path, graph: ImportGraph, chosen: Mapping[tuple[str, str], list[Deferral]]
) -> Fix | str:
    by_file: dict[str, dict[int, Deferral]] = {}
    for (importer, _), plans in chosen.items():
        path = graph.modules[importer].path
        for plan in plans:
            by_file.setdefault(path, {})[plan.line] = plan  # a statement moves once
    files: dict[str, str] = {}
    for path, plans_by_line in sorted(by_file.items()):
        source = _read(root, path)
        if source is None:
            return f"{path} cannot be read"
        try:
            files[path] = apply_deferrals(source, list(plans_by_line.values()))
        except CodemodError as exc:
            return f"{path}: {exc}"
    moved = tuple(_describe(a, b, plans) for (a, b), plans in sorted(chosen.items()))
    return Fix(files=files, moved=moved)
