"""Put a model's function into a module: the "rewrite one function" edit.

Small models rarely produce exact search/replace blocks, but they can write a function.
`extract_code` takes the code out of a reply (a fenced block, else the reply itself);
`splice_function` replaces one function of a module by the reply's definition of it:

* the reply holds `def name(...)`: that definition replaces the old one (decorators
  and docstring kept from the old one when the new one has none), re-indented for a
  method;
* the reply holds only a body: it goes under the old signature and docstring;
* imports the reply adds at its top level are added to the module's imports, and the
  other top-level definitions it adds (helper functions, constants) go just before the
  function (before its class, for a method); names the module has are left alone.

The result must parse, else `SpliceError` says why (the caller records it as a failed
proposal). Nothing here runs code.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass

from myagent.llm.provider import LLMError

_FENCE = re.compile(r"```[a-zA-Z0-9_+-]*\n(.*?)(?:```|\Z)", re.DOTALL)


class SpliceError(LLMError):
    """The reply holds no usable definition of the function."""


@dataclass(frozen=True)
class FunctionSite:
    """Where a function is in a module (1-based lines, `end` inclusive)."""

    qualname: str
    start: int  # first decorator line, else the def line
    def_line: int
    end: int
    indent: str
    header: str  # decorators and the def line(s) up to the colon, plus the docstring


def extract_code(reply: str, name: str = "") -> str:
    """The code in a model's reply: the first fenced block that defines `name` (when
    given), else its fenced blocks joined, else the whole reply."""
    blocks = [textwrap.dedent(b) for b in _FENCE.findall(reply) if b.strip()]
    if name:
        defining = re.compile(rf"^\s*(async\s+)?def\s+{re.escape(name)}\s*\(", re.MULTILINE)
        for block in blocks:
            if defining.search(block):
                return block
    if blocks:
        return "\n".join(blocks)
    return reply


def functions_of(tree: ast.Module) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    found: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                found.setdefault(name, child)
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    visit(tree, "")
    return found


def find_function(source: str, qualname: str) -> FunctionSite | None:
    """Where `qualname` ("f", "Class.method") is defined in `source`, if it is."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    node = functions_of(tree).get(qualname)
    if node is None or node.end_lineno is None:
        return None
    lines = source.splitlines()
    start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    first = node.body[0]
    has_doc = (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    )
    if first.lineno == node.lineno:  # a one-liner: `def f(x): ...`
        header = lines[node.lineno - 1][: first.col_offset].rstrip()
        head_lines = [*lines[start - 1 : node.lineno - 1], header]
    else:
        header_end = (first.end_lineno or first.lineno) if has_doc else first.lineno - 1
        head_lines = lines[start - 1 : header_end]
    indent = re.match(r"\s*", lines[node.lineno - 1])
    return FunctionSite(
        qualname=qualname,
        start=start,
        def_line=node.lineno,
        end=node.end_lineno,
        indent=indent.group(0) if indent else "",
        header="\n".join(head_lines),
    )


@dataclass(frozen=True)
class _Reply:
    definition: str | None  # the reply's def of the function, dedented
    imports: list[str]
    helpers: list[tuple[str, str]]  # (name, source) of its other top-level definitions


def _defined_name(node: ast.stmt) -> str | None:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return node.name
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        return target.id if isinstance(target, ast.Name) else None
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    return None


def _read_reply(code: str, name: str) -> _Reply:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return _Reply(None, [], [])
    lines = code.splitlines()

    def segment(node: ast.stmt) -> str:
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        return textwrap.dedent("\n".join(lines[start - 1 : node.end_lineno]))

    imports = [segment(n) for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    definition = None
    helpers = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            definition = segment(node)
        elif (helper := _defined_name(node)) is not None:
            helpers.append((helper, segment(node)))
    if definition is None:  # perhaps nested (a class around a method)
        for inner in ast.walk(tree):
            if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef) and inner.name == name:
                definition, helpers = segment(inner), []
                break
    return _Reply(definition, imports, helpers)


def _top_level_names(source: str) -> set[str]:
    return {n for node in ast.parse(source).body if (n := _defined_name(node)) is not None}


def _top_level_start(source: str, line: int) -> int:
    """The first line of the top-level statement that holds `line`."""
    for node in ast.parse(source).body:
        start: int = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        if start <= line <= (node.end_lineno or node.lineno):
            return start
    return line


def _as_body(code: str) -> str | None:
    """`code` as a function body, if it parses as one."""
    body = textwrap.dedent(code).strip("\n")
    if not body.strip():
        return None
    try:
        ast.parse(f"def _f():\n{textwrap.indent(body, '    ')}\n")
    except SyntaxError:
        return None
    return body


def _add_imports(source: str, imports: list[str]) -> str:
    have = set(source.splitlines())
    missing = [i for i in imports if i not in have]
    if not missing:
        return source
    tree = ast.parse(source)
    after = 0
    for index, node in enumerate(tree.body):
        is_doc = (
            index == 0
            and isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        )
        if is_doc or isinstance(node, ast.Import | ast.ImportFrom):
            after = node.end_lineno or node.lineno
        else:
            break
    lines = source.splitlines(keepends=True)
    block = "".join(f"{i}\n" for i in missing)
    return "".join(lines[:after]) + block + "".join(lines[after:])


def splice_function(source: str, qualname: str, reply: str) -> str:
    """`source` with `qualname` replaced by the reply's version (see module docstring)."""
    site = find_function(source, qualname)
    if site is None:
        raise SpliceError(f"{qualname} is not defined in the file")
    name = qualname.rsplit(".", 1)[-1]
    code = extract_code(reply, name)
    parsed = _read_reply(code, name)
    definition = parsed.definition
    lines = source.splitlines()
    if definition is not None:
        definition = _keep_docstring(definition, source, qualname)
        if not definition.lstrip().startswith("@") and site.start < site.def_line:
            decorators = "\n".join(
                line[len(site.indent) :] for line in lines[site.start - 1 : site.def_line - 1]
            )
            definition = f"{decorators}\n{definition}"
        new_block = textwrap.indent(definition, site.indent)
    else:
        body = _as_body(code)
        if body is None:
            raise SpliceError(f"the reply holds no definition of {name} and no usable body")
        body_indent = site.indent + "    "
        new_block = f"{site.header}\n{textwrap.indent(body, body_indent)}"
    result = "\n".join([*lines[: site.start - 1], new_block, *lines[site.end :]])
    if source.endswith("\n"):
        result += "\n"
    try:
        ast.parse(result)
    except SyntaxError as exc:
        raise SpliceError(f"the new {name} does not parse: {exc.msg} (line {exc.lineno})") from None
    result = _add_helpers(result, site, parsed.helpers)
    if parsed.imports:
        result = _add_imports(result, parsed.imports)
    return result


def _docstring_lines(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> list[str]:
    first = node.body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
        and first.lineno != node.lineno
    ):
        return lines[first.lineno - 1 : first.end_lineno]
    return []


def _keep_docstring(definition: str, source: str, qualname: str) -> str:
    """`definition` with the old function's docstring when it brings none (the
    docstring of a stub is its specification)."""
    old = functions_of(ast.parse(source)).get(qualname)
    new_tree = ast.parse(definition)
    new = new_tree.body[0] if new_tree.body else None
    if old is None or not isinstance(new, ast.FunctionDef | ast.AsyncFunctionDef):
        return definition
    new_lines = definition.splitlines()
    if _docstring_lines(new, new_lines) or new.body[0].lineno == new.lineno:
        return definition
    doc = textwrap.dedent("\n".join(_docstring_lines(old, source.splitlines())))
    if not doc:
        return definition
    at = new.body[0].lineno - 1
    indent = re.match(r"\s*", new_lines[at])
    doc_lines = textwrap.indent(doc, indent.group(0) if indent else "    ").splitlines()
    return "\n".join([*new_lines[:at], *doc_lines, *new_lines[at:]])


def _add_helpers(source: str, site: FunctionSite, helpers: list[tuple[str, str]]) -> str:
    """Put the reply's new top-level helpers just before the (top-level) function."""
    have = _top_level_names(source)
    new = [text for name, text in helpers if name not in have]
    if not new:
        return source
    at = _top_level_start(source, site.def_line)
    lines = source.splitlines(keepends=True)
    block = "".join(f"{text}\n\n\n" for text in new)
    return "".join(lines[: at - 1]) + block + "".join(lines[at - 1 :])
