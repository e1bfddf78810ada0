"""The Architect's codemods, with LibCST (the rest of the file keeps its formatting).

`apply_deferrals(source, deferrals)` moves top-level imports as `usage.plan_deferral`
planned them: each statement is removed from the top of the module; every function
that needs some of its names gets an import of just those names as the first
statement of its body (after the docstring); names needed only in annotations are
imported under `if TYPE_CHECKING:` (an existing block is reused, else one is added
after the last top-level import, with `from typing import TYPE_CHECKING`), and
`from __future__ import annotations` is added when the module lacks it.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Sequence

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from myagent.architecture.usage import Deferral
from myagent.errors import MyAgentError


class CodemodError(MyAgentError):
    """A planned codemod does not fit the file (it changed since it was planned)."""


def import_of(statement: str, names: Sequence[str]) -> str:
    """`statement` (an import) cut down to the aliases that bind `names`."""
    node = ast.parse(statement).body[0]
    if not isinstance(node, ast.Import | ast.ImportFrom):
        raise CodemodError(f"not an import: {statement}")

    def binds(alias: ast.alias) -> str:
        if isinstance(node, ast.Import):
            return alias.asname or alias.name.split(".")[0]
        return alias.asname or alias.name

    node.names = [a for a in node.names if binds(a) in names]
    return ast.unparse(node)


def _is_import_line(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.SimpleStatementLine) and any(
        isinstance(s, cst.Import | cst.ImportFrom) for s in node.body
    )


def _is_type_checking_if(node: cst.CSTNode) -> bool:
    if not isinstance(node, cst.If):
        return False
    test = node.test
    if isinstance(test, cst.Name):
        return test.value == "TYPE_CHECKING"
    return isinstance(test, cst.Attribute) and test.attr.value == "TYPE_CHECKING"


def _is_docstring(node: cst.CSTNode) -> bool:
    return (
        isinstance(node, cst.SimpleStatementLine)
        and len(node.body) == 1
        and isinstance(node.body[0], cst.Expr)
        and isinstance(node.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )


class _IntoFunctions(cst.CSTTransformer):
    """Puts import statements at the top of the named top-level functions and methods."""

    def __init__(self, wanted: dict[str, list[str]]) -> None:
        self.wanted = wanted
        self.stack: list[str] = []
        self.done: set[str] = set()

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self.stack.append(node.name.value)
        return True

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.ClassDef:
        self.stack.pop()
        return updated

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.stack.append(node.name.value)
        return len(self.stack) <= 2  # only top-level functions and methods

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef:
        qualname = ".".join(self.stack)
        self.stack.pop()
        statements = self.wanted.get(qualname)
        if not statements or not isinstance(updated.body, cst.IndentedBlock):
            return updated
        self.done.add(qualname)
        body = list(updated.body.body)
        at = 1 if body and _is_docstring(body[0]) else 0
        new = [cst.parse_statement(s) for s in statements]
        return updated.with_changes(
            body=updated.body.with_changes(body=[*body[:at], *new, *body[at:]])
        )


def _top_lines(module: cst.Module) -> dict[int, int]:
    """Start line -> index, for the module's top-level statements."""
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    return {positions[s].start.line: i for i, s in enumerate(module.body)}


def _has_type_checking_name(tree: ast.Module) -> bool:
    return any(
        isinstance(s, ast.ImportFrom)
        and s.module == "typing"
        and any(a.name == "TYPE_CHECKING" and a.asname is None for a in s.names)
        for s in tree.body
    )


def apply_deferrals(source: str, deferrals: Sequence[Deferral]) -> str:
    """`source` with every deferral applied (see the module docstring)."""
    module = cst.parse_module(source)
    lines = _top_lines(module)
    drop = set()
    for deferral in deferrals:
        index = lines.get(deferral.line)
        if index is None or not _is_import_line(module.body[index]):
            raise CodemodError(f"no import at line {deferral.line} any more")
        drop.add(index)
    body = [s for i, s in enumerate(module.body) if i not in drop]
    if drop and min(drop) == 0 and body:  # keep the comments above the first statement
        body[0] = body[0].with_changes(leading_lines=module.body[0].leading_lines)
    wanted: dict[str, list[str]] = {}
    type_only: list[str] = []
    for deferral in deferrals:
        for function, names in deferral.into:
            wanted.setdefault(function, []).append(import_of(deferral.statement, names))
        if deferral.type_only:
            type_only.append(import_of(deferral.statement, deferral.type_only))
    module = module.with_changes(body=body)
    mover = _IntoFunctions(wanted)
    module = module.visit(mover)
    missing = set(wanted) - mover.done
    if missing:
        raise CodemodError(f"no function {sorted(missing)[0]} to move the import into")
    if type_only:
        module = _add_type_checking(module, type_only)
    if any(d.needs_future for d in deferrals):
        module = _add_future(module)
    return module.code


def _top_module(node: cst.CSTNode) -> str:
    """The first name a top-level import line imports from ("" for a relative one)."""
    code = cst.Module(body=[]).code_for_node(node)
    try:
        parsed = ast.parse(code).body[0]
    except (SyntaxError, IndexError):
        return ""
    if isinstance(parsed, ast.Import):
        return parsed.names[0].name.split(".")[0]
    if isinstance(parsed, ast.ImportFrom) and parsed.level == 0 and parsed.module:
        return parsed.module.split(".")[0]
    return ""


def _after_last(body: Sequence[cst.CSTNode], stdlib: bool) -> int:
    """Where to insert after the last top-level import (of the standard library only
    when `stdlib`), else after the docstring."""
    found = [
        i
        for i, n in enumerate(body)
        if _is_import_line(n) and (not stdlib or _top_module(n) in sys.stdlib_module_names)
    ]
    if found:
        return found[-1] + 1
    return 1 if body and _is_docstring(body[0]) else 0


def _add_type_checking(module: cst.Module, statements: list[str]) -> cst.Module:
    body = list(module.body)
    new = [cst.parse_statement(s) for s in statements]
    for i, node in enumerate(body):
        if _is_type_checking_if(node) and isinstance(node, cst.If):
            block = node.body
            if isinstance(block, cst.IndentedBlock):
                body[i] = node.with_changes(body=block.with_changes(body=[*block.body, *new]))
                return module.with_changes(body=body)
    if not _has_type_checking_name(ast.parse(module.code)):
        at = _after_last(body, stdlib=True)
        body.insert(at, cst.parse_statement("from typing import TYPE_CHECKING"))
    guard = cst.If(
        test=cst.Name("TYPE_CHECKING"),
        body=cst.IndentedBlock(body=new),
        leading_lines=[cst.EmptyLine()],
    )
    at = _after_last(body, stdlib=False)
    return module.with_changes(body=[*body[:at], guard, *body[at:]])


def _add_future(module: cst.Module) -> cst.Module:
    body = list(module.body)
    at = 1 if body and _is_docstring(body[0]) else 0
    future = cst.parse_statement("from __future__ import annotations")
    if at == 0 and body:  # the module's leading comments stay on top
        future = future.with_changes(leading_lines=body[0].leading_lines)
    elif at == 1:
        future = future.with_changes(leading_lines=[cst.EmptyLine()])
    if len(body) > at:
        rest = body[at]
        body[at] = rest.with_changes(leading_lines=[cst.EmptyLine(), *rest.leading_lines][:2])
    return module.with_changes(body=[*body[:at], future, *body[at:]])
