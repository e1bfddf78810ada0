"""Code-generation problems (HumanEval's format) and the examples their docstrings show.

A problem file holds one JSON object a line with `task_id`, `prompt`, `entry_point`,
`canonical_solution` and `test`. The agent may see `prompt` only; `test` is the hidden
check and `canonical_solution` never leaves this benchmark's own process.

`extract_examples` reads the entry point's docstring (parsed with `ast`, never run) and
turns each example it shows into an `Example`: an expression and the value it should
equal. The forms found in HumanEval's prompts:

- doctest: `>>> expr` (continued by `... ` lines), then the expected output on the
  following lines, up to a blank line, the next `>>>` or the end of the docstring (no
  output at all means `None`, as in doctest);
- prose, one line each: `f(x) == y`, `f(x) ➞ y`, `f(x) => y`, `f(x) ==> y`, `f(x) -> y`,
  `f(x) should return y`, `f(x)  # returns y`; a trailing `.` or `# comment` is dropped,
  `true`/`false` read as `True`/`False`, and an explanation `19 - 5 - 6 = 8` is read as
  its last part (`8`);
- `For num = "AB" the output should be 1.` -> `f(num="AB") == 1`;
- an `Input: ...` line followed by an `Output: ...` line -> `f(...) == ...`.

Prose examples must call the entry point itself. An example is dropped (and counted in
`Extraction.dropped`) when its expression or expected value does not parse as one
Python expression, or names something the prompt does not define and Python does not
build in (`is_happy(a) => False`, `fibfib(n) == fibfib(n-1) + ...`, a call to a
misspelt function name).
"""

from __future__ import annotations

import ast
import builtins
import inspect
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Form = Literal["doctest", "prose", "for-output", "input-output"]

# Longest first, so `==>` is not read as `==` followed by `>`.
_PROSE_SEPARATORS = ("should return", "# returns", "# return", "==>", "=>", "==", "➞", "->")
_FOR_OUTPUT = re.compile(r"^For (?P<args>.+?),? the output should be (?P<expected>.+)$")
_INPUT = re.compile(r"^Input:\s*(?P<args>.+)$")
_OUTPUT = re.compile(r"^Output:\s*(?P<expected>.+)$")
_BOOLEAN_WORDS = {"true": "True", "false": "False"}
_BUILTINS = frozenset(dir(builtins))
_STRING_LITERAL = re.compile(
    r"^[rRuU]?(?P<quote>\"\"\"|'''|\"|')(?P<body>.*)(?P=quote)$", re.DOTALL
)
_CALL_START = re.compile(r"^[A-Za-z_]\w*\(")


@dataclass(frozen=True)
class Problem:
    task_id: str
    prompt: str
    entry_point: str
    canonical_solution: str
    test: str

    @property
    def slug(self) -> str:
        """`HumanEval/12` -> `HumanEval-12`: a name for folders."""
        return re.sub(r"[^A-Za-z0-9_.-]+", "-", self.task_id).strip("-") or "problem"


@dataclass(frozen=True)
class Example:
    """`expr == expected`, both normalised by `ast.unparse`."""

    expr: str
    expected: str
    form: Form
    is_float: bool  # the expected value is a float literal (or a list/tuple holding one)


@dataclass(frozen=True)
class Extraction:
    examples: list[Example] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # the raw text of each dropped example


def load_problems(path: Path) -> list[Problem]:
    """Every problem of a JSON-lines file, in file order."""
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        try:
            problems.append(
                Problem(
                    task_id=str(record["task_id"]),
                    prompt=str(record["prompt"]),
                    entry_point=str(record["entry_point"]),
                    canonical_solution=str(record.get("canonical_solution", "")),
                    test=str(record["test"]),
                )
            )
        except KeyError as exc:
            raise ValueError(f"{path}:{number}: missing field {exc.args[0]!r}") from None
    return problems


def visible_examples(prompt: str, entry_point: str) -> list[Example]:
    """The examples of the entry point's docstring that became tests."""
    return extract_examples(prompt, entry_point).examples


def extract_examples(prompt: str, entry_point: str) -> Extraction:
    """The docstring's examples, and the raw text of those that had to be dropped."""
    module = ast.parse(prompt)
    docstring = _docstring(prompt, module, entry_point)
    if docstring is None:
        return Extraction()
    known = module_names(module) | _BUILTINS
    examples: list[Example] = []
    dropped: list[str] = []
    seen: set[tuple[str, str]] = set()
    for form, expr_text, expected_text in _candidates(docstring.splitlines(), entry_point):
        example = _example(form, expr_text, expected_text, entry_point, known)
        if example is None:
            dropped.append(f"{expr_text} -> {expected_text}")
        elif (example.expr, example.expected) not in seen:  # prose and doctest may repeat
            seen.add((example.expr, example.expected))
            examples.append(example)
    return Extraction(examples, dropped)


def module_names(module: ast.Module) -> set[str]:
    """Names the prompt defines at its top level (functions, classes, imports, variables)."""
    names: set[str] = set()
    for node in module.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def free_names(node: ast.AST) -> set[str]:
    """Names an expression reads that it does not bind itself (lambda and comprehension
    variables are bound)."""
    loaded = {
        n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }
    bound = {
        n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
    for lam in (n for n in ast.walk(node) if isinstance(n, ast.Lambda)):
        bound.update(a.arg for a in ast.walk(lam.args) if isinstance(a, ast.arg))
    return loaded - bound


def _docstring(prompt: str, module: ast.Module, entry_point: str) -> str | None:
    """The entry point's docstring as written in the source, escapes unexpanded: a `\\n`
    inside an example's string literal stays two characters, as in the test to write."""
    for node in module.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == entry_point:
            if ast.get_docstring(node) is None:
                return None
            segment = ast.get_source_segment(prompt, node.body[0]) or ""
            match = _STRING_LITERAL.match(segment)
            return inspect.cleandoc(match["body"]) if match else ast.get_docstring(node)
    return None


def _candidates(lines: list[str], entry_point: str) -> Iterator[tuple[Form, str, str]]:
    """(form, expression text, expected text) for every example-looking part."""
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        if line.startswith(">>>"):
            index, source, output = _doctest(lines, index)
            yield "doctest", source, output
            continue
        if prose := _prose(line):
            yield "prose", *prose
        elif match := _FOR_OUTPUT.match(line):
            yield "for-output", f"{entry_point}({match['args']})", match["expected"]
        elif (match := _INPUT.match(line)) and (expected := _output_after(lines, index)):
            yield "input-output", f"{entry_point}({match['args']})", expected
        index += 1


def _doctest(lines: list[str], start: int) -> tuple[int, str, str]:
    """One doctest from `lines[start]` (a `>>>` line): (next index, source, output)."""
    source = [lines[start].strip()[3:].strip()]
    index = start + 1
    while index < len(lines) and lines[index].strip().startswith("..."):
        source.append(lines[index].strip()[3:].strip())
        index += 1
    output: list[str] = []
    while index < len(lines):
        text = lines[index].strip()
        if not text or text.startswith(">>>"):
            break
        output.append(text)
        index += 1
    return index, "\n".join(source), "\n".join(output)


def _prose(line: str) -> tuple[str, str] | None:
    """`g(x) SEP y` split at the first separator whose left side is a call. Calls of a
    name other than the entry point are returned too, to be counted as dropped."""
    if not _CALL_START.match(line):
        return None
    name = line.split("(", 1)[0]
    for separator in _PROSE_SEPARATORS:
        start = line.find(separator)
        while start != -1:
            left = line[:start].strip()
            if _is_call_of(left, name):
                return left, line[start + len(separator) :].strip()
            start = line.find(separator, start + 1)
    return None


def _output_after(lines: list[str], index: int) -> str | None:
    """The `Output:` value on the next non-blank line after `lines[index]`, if any."""
    for line in lines[index + 1 :]:
        if line.strip():
            match = _OUTPUT.match(line.strip())
            return match["expected"] if match else None
    return None


def _is_call_of(text: str, entry_point: str) -> bool:
    node = _parse_expression(text)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == entry_point
    )


def _parse_expression(text: str) -> ast.expr | None:
    if not text.strip():
        return None
    for candidate in (text, f"({text})"):
        try:
            return ast.parse(candidate, mode="eval").body
        except (SyntaxError, ValueError):
            continue
    return None


def _expected_value(text: str, form: Form) -> ast.expr | None:
    """The expected value, read leniently in prose (see the module docstring)."""
    text = text.strip()
    if form == "doctest":
        # doctest shows nothing for None: an expression with no output returns None
        return _parse_expression(text or "None")
    text = _BOOLEAN_WORDS.get(text.rstrip(".").strip(), text)
    attempts = [text.removesuffix(".").strip(), text]
    if " = " in text:
        attempts.append(text.rsplit(" = ", 1)[1].removesuffix(".").strip())
    for attempt in attempts:
        node = _parse_expression(attempt) if attempt else None
        if node is not None:
            return node
    return None


def _example(
    form: Form, expr_text: str, expected_text: str, entry_point: str, known: set[str]
) -> Example | None:
    expr = _parse_expression(expr_text)
    expected = _expected_value(expected_text, form)
    if expr is None or expected is None:
        return None
    if form != "doctest" and not _is_call_of(ast.unparse(expr), entry_point):
        return None
    if entry_point not in free_names(expr):
        return None
    if (free_names(expr) | free_names(expected)) - known:
        return None
    return Example(
        expr=ast.unparse(expr),
        expected=ast.unparse(expected),
        form=form,
        is_float=_holds_float(expected),
    )


def _holds_float(node: ast.expr) -> bool:
    """A float literal, or a list/tuple of numeric literals with at least one float."""
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    if isinstance(value, float):
        return True
    if isinstance(value, list | tuple) and value:
        numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        return numbers and any(isinstance(v, float) for v in value)
    return False
