"""Detect weakened tests: a candidate must not remove assertions from a test.

Counts, per test function, the checks it makes (`assert` statements, `pytest.raises`
/ `pytest.warns` / `pytest.approx` uses, `self.assert*` calls). A candidate that lowers
a count or removes a test function from a test file weakens the suite.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

_CHECK_CALLS = {"raises", "warns", "approx", "fail"}


def is_test_file(path: str, test_dirs: Iterable[str] = ()) -> bool:
    name = path.rsplit("/", 1)[-1]
    in_dir = any(path == d or path.startswith(d.rstrip("/") + "/") for d in test_dirs)
    return path.endswith(".py") and (
        name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py" or in_dir
    )


def _checks(node: ast.AST) -> int:
    count = 0
    for sub in ast.walk(node):
        if isinstance(sub, ast.Assert):
            count += 1
        elif isinstance(sub, ast.Call):
            func = sub.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _CHECK_CALLS or name.startswith("assert"):
                count += 1
    return count


def check_counts(source: str) -> dict[str, int] | None:
    """Checks per test function ("Class.test_x" or "test_x"); None if it does not parse."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    counts: dict[str, int] = {}

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                visit(node.body, f"{prefix}{node.name}.")
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
                "test"
            ):
                counts[prefix + node.name] = _checks(node)

    visit(tree.body, "")
    return counts


def weakened_tests(path: str, before: str | None, after: str | None) -> list[str]:
    """Names of tests in `path` that lost checks or disappeared (empty if none)."""
    if before is None:
        return []  # a new file weakens nothing
    old = check_counts(before) or {}
    if after is None:
        return [f"{path}::{name} (file deleted)" for name in old]
    new = check_counts(after)
    if new is None:
        return [f"{path} (no longer parses)"]
    lost = []
    for name, count in old.items():
        if name not in new:
            lost.append(f"{path}::{name} (removed)")
        elif new[name] < count:
            lost.append(f"{path}::{name} ({count} -> {new[name]} checks)")
    return lost
