"""Known fixes: what worked before for similar errors, tried before anything else.

Each failing test gets an error signature (type, masked message, innermost project
frame as path:function). The error graph returns solutions of the same or similar
errors, best first; the vector memory recalls accepted solutions of errors whose text
is similar (a paraphrased message, another function). Each stored diff is re-applied
as search/replace blocks, so it still applies when the code around it moved, and only
where that code still exists; the fix is then checked like any other.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path

from myagent.llm.edits import EditApplyError, apply_edit_blocks
from myagent.memory.error_graph import ErrorGraph
from myagent.memory.error_signature import ErrorSignature, patch_key_of, signature_of
from myagent.memory.recall import RecalledFix
from myagent.memory.vector import MetadataValue
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
    graph's order, or reordered by `order`), then the solutions recalled from the vector
    memory for similar error texts (`recalled`). Each fix's origin (what memory produced
    it) is kept in `origins`, by `Fix.key`."""

    name = "known-fix"

    def __init__(
        self,
        graph: ErrorGraph | None,
        signatures: Sequence[ErrorSignature],
        limit: int = 5,
        order: FixOrder | None = None,
        recalled: Sequence[RecalledFix] = (),
    ) -> None:
        self.graph = graph
        self.signatures = list(dict.fromkeys(signatures))
        self.limit = limit
        self.order = order
        self.recalled = list(recalled)
        self.origins: dict[str, dict[str, MetadataValue]] = {}

    def _stored(self) -> Iterator[tuple[str, str, str, str, dict[str, MetadataValue]]]:
        """(strategy, description, diff, patch key, origin) of every stored fix, in order."""
        for signature in self.signatures if self.graph is not None else []:
            assert self.graph is not None
            known = self.graph.known_fixes(signature, limit=self.limit)
            for solution in self.order(known) if self.order else known:
                worked = f"{solution.successes}/{solution.attempts} worked"
                origin: dict[str, MetadataValue] = {
                    "source": "error_graph",
                    "error_graph_solution": solution.id,
                    "error_graph_error": solution.error_id,
                }
                what = f"known fix ({worked}): {solution.description}"
                yield solution.strategy, what, solution.diff, solution.patch_key, origin
        for fix in self.recalled:
            what = f"recalled fix (similar error, {fix.similarity:.2f}): {fix.description}"
            yield fix.strategy, what, fix.diff, patch_key_of(fix.diff), fix.origin()

    def fixes(self, problem: RepairProblem) -> Iterator[Fix]:
        tried: set[str] = set()
        for strategy, description, diff, key, origin in self._stored():
            if key in tried:
                continue
            tried.add(key)
            try:
                files = apply_edit_blocks(diff_to_blocks(diff), problem.read)
            except EditApplyError:
                continue  # that code is not here (any more)
            if not files:
                continue
            fix = Fix(
                strategy=strategy,
                description=description,
                files=files,
                lines=tuple(f"{line.path}:{line.line}" for line in problem.localization.top(3)),
            )
            self.origins.setdefault(fix.key, origin)
            yield fix
