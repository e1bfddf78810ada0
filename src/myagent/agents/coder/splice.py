"""Put a model's function into a module: the "rewrite one function" edit.

Small models rarely produce exact search/replace blocks, but they can write a function.
`extract_code` takes the code out of a reply (a fenced block, else the reply itself);
`splice_function` replaces one function of a module by the reply's definition of it:

* the reply holds `def name(...)`: that definition replaces the old one (decorators
  kept from the old one when the new one has none), re-indented for a method;
* the reply holds only a body: it goes under the old signature and docstring;
* imports the reply adds at its top level are added to the module's imports.

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


def extract_code(reply: str) -> str:
    """The code in a model's reply: its fenced blocks joined, else the whole reply."""
    blocks = [b for b in _FENCE.findall(reply) if b.strip()]
    if blocks:
        return "\n".join(textwrap.dedent(b) for b in blocks)
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


def _new_definition(code: str, name: str) -> tuple[str | None, list[str]]:
    """The reply's definition of `name` (dedented) and its top-level imports."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None, []
    lines = code.splitlines()
    imports = [
        ast.get_source_segment(code, node) or ""
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom)
    ]
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            text = "\n".join(lines[start - 1 : node.end_lineno])
            return textwrap.dedent(text), [i for i in imports if i]
    return None, [i for i in imports if i]


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
    code = extract_code(reply)
    name = qualname.rsplit(".", 1)[-1]
    definition, imports = _new_definition(code, name)
    lines = source.splitlines()
    if definition is not None:
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
    if imports:
        result = _add_imports(result, imports)
    return result
