"""One parsed source file and formatting-preserving text edits on it.

A template never prints the whole module again: it names the node it replaces (or the
statement it inserts next to) and the edit becomes a splice of the original text, so
the output is the original source with only that node changed. A node's whitespace-
inclusive span is replaced by the new node's code when the old node's code equals the
text of its span: printed on its own (true for nodes on one line), or else printed at
the indentation of its statement (lines continued inside brackets). Otherwise the
module is re-rendered with `deep_replace` and the edit is the part of the text that
changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst.metadata import (
    CodePosition,
    CodeRange,
    MetadataWrapper,
    ParentNodeProvider,
    PositionProvider,
    WhitespaceInclusivePositionProvider,
)

_NEWLINE = re.compile(r"\n")
_SKIP_SUBTREES = (cst.Annotation, cst.FunctionDef, cst.ClassDef)
_SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda, cst.BaseComp)
Children = Callable[[cst.CSTNode], Sequence[cst.CSTNode]]


@dataclass(frozen=True)
class Edit:
    """Replace `source[start:end]` by `text` (kept minimal: no common prefix/suffix)."""

    start: int
    end: int
    text: str

    @property
    def size(self) -> int:
        """Characters changed: the longer of what is removed and what is inserted."""
        return max(self.end - self.start, len(self.text))

    def apply(self, source: str) -> str:
        return source[: self.start] + self.text + source[self.end :]

    @staticmethod
    def minimal(source: str, start: int, end: int, text: str) -> Edit:
        """The same change with the unchanged prefix and suffix trimmed off."""
        old = source[start:end]
        prefix = 0
        limit = min(len(old), len(text))
        while prefix < limit and old[prefix] == text[prefix]:
            prefix += 1
        suffix = 0
        while suffix < limit - prefix and old[-1 - suffix] == text[-1 - suffix]:
            suffix += 1
        return Edit(start + prefix, end - suffix, text[prefix : len(text) - suffix])


def own_children(node: cst.CSTNode) -> Sequence[cst.CSTNode]:
    return node.children


def walk(node: cst.CSTNode, children: Children = own_children) -> Iterator[cst.CSTNode]:
    """`node` and its descendants in source order, not entering annotations or
    nested function and class definitions."""
    yield node
    for child in children(node):
        if not isinstance(child, _SKIP_SUBTREES):
            yield from walk(child, children)


def scope_walk(node: cst.CSTNode, children: Children = own_children) -> Iterator[cst.CSTNode]:
    """The nodes of one scope: not entering nested functions, classes, lambdas or
    comprehensions."""
    yield node
    for child in children(node):
        if not isinstance(child, _SCOPES):
            yield from scope_walk(child, children)


def short(code: str, limit: int = 60) -> str:
    """Code on one line, whitespace collapsed, cut at `limit` characters."""
    flat = " ".join(code.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


class SourceFile:
    """A module parsed with LibCST, with the positions and parents of its nodes."""

    def __init__(self, path: str, source: str) -> None:
        self.path = path
        self.source = source
        wrapper = MetadataWrapper(cst.parse_module(source), unsafe_skip_copy=True)
        self.module = wrapper.module
        self.positions: Mapping[cst.CSTNode, CodeRange] = wrapper.resolve(PositionProvider)
        self.spans: Mapping[cst.CSTNode, CodeRange] = wrapper.resolve(
            WhitespaceInclusivePositionProvider
        )
        self.parents: Mapping[cst.CSTNode, cst.CSTNode] = wrapper.resolve(ParentNodeProvider)
        self._line_starts = [0, *(m.end() for m in _NEWLINE.finditer(source))]
        self._children: dict[cst.CSTNode, list[cst.CSTNode]] = {}
        for child, parent in self.parents.items():  # each parent's children in order
            self._children.setdefault(parent, []).append(child)

    def children(self, node: cst.CSTNode) -> Sequence[cst.CSTNode]:
        """The children of `node` in source order (looked up for the module's nodes,
        computed for new ones)."""
        found = self._children.get(node)
        if found is not None:
            return found
        return () if node in self.parents else node.children

    # ------------------------------------------------------------------ positions

    def offset(self, position: CodePosition) -> int:
        return self._line_starts[position.line - 1] + position.column

    def line_start(self, line: int) -> int:
        """Offset of the first character of `line` (1-based); the end for a line past it."""
        if line - 1 < len(self._line_starts):
            return self._line_starts[line - 1]
        return len(self.source)

    def first_line(self, node: cst.CSTNode) -> int:
        return self.positions[node].start.line

    def last_line(self, node: cst.CSTNode) -> int:
        return self.positions[node].end.line

    def indentation(self, statement: cst.CSTNode) -> str:
        """The whitespace before `statement` on its first line."""
        start = self.positions[statement].start
        return self.source[self.line_start(start.line) : self.offset(start)]

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    # ------------------------------------------------------------------ structure

    @cached_property
    def statements(self) -> tuple[cst.BaseStatement, ...]:
        """Every statement line and compound statement of the module."""
        return tuple(
            node
            for node in self.positions
            if isinstance(node, cst.SimpleStatementLine | cst.BaseCompoundStatement)
        )

    def statement_at(self, line: int) -> cst.BaseStatement | None:
        """The innermost statement whose lines include `line`."""
        best: cst.BaseStatement | None = None
        best_size = 0
        for statement in self.statements:
            where = self.positions[statement]
            if where.start.line <= line <= where.end.line:
                size = self.offset(where.end) - self.offset(where.start)
                if best is None or size < best_size:
                    best, best_size = statement, size
        return best

    def ancestor(
        self, node: cst.CSTNode, kind: type[cst.CSTNode] | tuple[type[cst.CSTNode], ...]
    ) -> cst.CSTNode | None:
        """The nearest proper ancestor of `node` of type `kind`."""
        current = self.parents.get(node)
        while current is not None and not isinstance(current, kind):
            current = self.parents.get(current)
        return current

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.parents.get(node)

    # ------------------------------------------------------------------ edits

    def changed_lines(self, edit: Edit) -> tuple[str, str]:
        """The lines `edit` touches, before and after it (whitespace collapsed)."""
        start = self.source.rfind("\n", 0, edit.start) + 1
        end = self.source.find("\n", edit.end)
        end = len(self.source) if end < 0 else end
        old = self.source[start:end]
        new = old[: edit.start - start] + edit.text + old[edit.end - start :]
        return short(old), short(new)

    def replace(self, old: cst.CSTNode, new: cst.CSTNode) -> Edit:
        """The text edit that puts `new` where `old` is, formatting kept."""
        span = self.spans[old]
        start, end = self.offset(span.start), self.offset(span.end)
        text = self.source[start:end]
        if text == self.code(old):
            return Edit.minimal(self.source, start, end, self.code(new))
        indent = self._indent_of(old)
        if text == self.code_in_block(old, indent):
            return Edit.minimal(self.source, start, end, self.code_in_block(new, indent))
        rendered = self.module.deep_replace(old, new)
        assert isinstance(rendered, cst.Module)
        return Edit.minimal(self.source, 0, len(self.source), rendered.code)

    def code_in_block(self, node: cst.CSTNode, indent: str) -> str:
        """The code of `node` as printed inside a block indented by `indent` (lines
        continued inside brackets carry that indentation)."""
        state = CodegenState(
            default_indent=self.module.default_indent,
            default_newline=self.module.default_newline,
            indent_tokens=[indent],
        )
        node._codegen(state)
        return "".join(state.tokens)

    def _indent_of(self, node: cst.CSTNode) -> str:
        statement = self.ancestor(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement))
        return self.indentation(statement) if statement is not None else ""

    def insert(self, anchor: cst.BaseStatement, code: str, *, after: bool = False) -> Edit:
        """Insert the statement(s) `code` (written at indentation 0, lines ending in
        newline) on their own lines before (or after) `anchor`, at its indentation."""
        indent = self.indentation(anchor)
        newline = self.module.default_newline
        lines = code.splitlines()
        text = "".join(f"{indent}{line}{newline}" if line else newline for line in lines)
        line = self.last_line(anchor) + 1 if after else self.first_line(anchor)
        at = self.line_start(line)
        if after and at == len(self.source) and not self.source.endswith(("\n", "\r")):
            text = newline + text
        return Edit(at, at, text)
