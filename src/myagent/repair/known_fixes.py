"""Known fixes: what worked before for similar errors, tried before anything else.

Each failing test gets an error signature (type, masked message, innermost project
frame as path:function). The error graph returns solutions of the same or similar
errors, best first; each stored diff is re-applied as search/replace blocks, so it
still applies when the code around it moved.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path

from myagent.llm.edits import EditApplyError, apply_edit_blocks
from myagent.memory.error_graph import ErrorGraph
from myagent.memory.error_signature import ErrorSignature, signature_of
from myagent.protocol import TestOutcome
from myagent.repair.diffs import diff_to_blocks
from myagent.repair.strategy import Fix, RepairProblem
from myagent.storage.error_graph_records import SolutionRecord

# Reorders the known fixes of a signature (the Debugger passes the learned order).
FixOrder = Callable[[Sequence[SolutionRecord]], list[SolutionRecord]]


def enclosing_function(source: str, line: int) -> str | None:
    """The name of the innermost function (Class.method) around `line`, if any."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    best: tuple[int, str] | None = None

    def visit(node: ast.AST, prefix: str) -> None:
        nonlocal best
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                end = child.end_lineno or child.lineno
                inside = child.lineno <= line <= end and not isinstance(child, ast.ClassDef)
                if inside and (best is None or child.lineno >= best[0]):
                    best = (child.lineno, name)
                visit(child, f"{name}.")

    visit(tree, "")
    return best[1] if best else None


def signatures_of(
    failing: Sequence[TestOutcome], workspace: Path, source_dirs: Sequence[str]
) -> dict[str, ErrorSignature]:
    """The error signature of each failing test, by node id."""

    @cache
    def source(path: str) -> str | None:
        target = workspace / path
        return target.read_text(encoding="utf-8") if target.is_file() else None

    def function_of(frame: str) -> str | None:
        path, _, line = frame.rpartition(":")
        text = source(path)
        return enclosing_function(text, int(line)) if text and line.isdigit() else None

    return {
        test.nodeid: signature_of(
            test.error_type or str(test.status),
            test.message,
            list(test.frames),
            function_of=function_of,
            project_paths=list(source_dirs),
        )
        for test in failing
    }


class KnownFixRepair:
    """Re-apply the best stored solutions of the same or similar errors (in the error
    graph's order, or reordered by `order`)."""

    name = "known-fix"

    def __init__(
        self,
        graph: ErrorGraph,
        signatures: Sequence[ErrorSignature],
        limit: int = 5,
        order: FixOrder | None = None,
    ) -> None:
        self.graph = graph
        self.signatures = list(dict.fromkeys(signatures))
        self.limit = limit
        self.order = order

    def fixes(self, problem: RepairProblem) -> Iterator[Fix]:
        for signature in self.signatures:
            known = self.graph.known_fixes(signature, limit=self.limit)
            for solution in self.order(known) if self.order else known:
                try:
                    files = apply_edit_blocks(diff_to_blocks(solution.diff), problem.read)
                except EditApplyError:
                    continue  # that code is not here (any more)
                if not files:
                    continue
                yield Fix(
                    strategy=solution.strategy,
                    description=f"known fix ({solution.successes}/{solution.attempts} worked): {solution.description}",
                    files=files,
                    lines=tuple(f"{line.path}:{line.line}" for line in problem.localization.top(3)),
                )
