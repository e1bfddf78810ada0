"""Gap analysis: the lines and branches the suite leaves uncovered, per function,
ranked by what covering them would add to the coverage gates.

`find_gaps(root, coverage, source_files)` reads each source file with `ast` (never
imports it), maps every uncovered line and every branch no test took (an arc is
placed by its from-line) to its unit (`units`: a function, a method, or the
pseudo-function `<module>` for module-level code and class bodies) and returns one
`FunctionGap` per unit that has any.

**Gain.** `line_gain` = uncovered lines / the project's statements and `branch_gain`
= missing branches / the project's branches: the rise of `coverage_line` and
`coverage_branch` if a test covered them all. Both use the project's totals, so gaps
in a big file and a small one compare fairly; `gain` is their sum. Gaps come sorted by
gain (highest first), then by the unit's size (smaller first: easier to test), then by
path and line.

**Left out** (not testable by calling them, or not meant to be tested):

- stubs, as `myagent.quality.stubs` finds them (a body of only `pass`, `...` or
  `raise NotImplementedError`): there is no behaviour to pin down yet;
- abstract methods, `overload` signatures and methods of `Protocol` classes;
- property setters and deleters (`@x.setter`);
- dunder methods other than those a test naturally calls through an operator or a
  builtin (`TESTABLE_DUNDERS`: `__init__`, `__post_init__`, comparisons, `__repr__`,
  `__str__`, `__len__`, `__bool__`, `__contains__`, `__getitem__`, `__iter__`,
  `__call__`, arithmetic...). `__new__`, `__del__`, `__getattr__`, `__setattr__`,
  `__enter__`/`__exit__`, `__init_subclass__`, pickling and descriptor hooks are left
  out: their lines are covered, if at all, through the code that uses the object;
- lines of `<module>` under `if __name__ == "__main__":` or `if TYPE_CHECKING:`
  (importing never runs them).

Private functions (`_helper`) are kept (`FunctionGap.private` says so): a test may
call them, though a public caller is the better target when it has gaps too.
Files in `coverage` but not in `source_files`, and files that do not parse, are
skipped.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from myagent.protocol import CoverageData
from myagent.quality.stubs import find_stubs
from myagent.testgen.units import (
    Unit,
    UnitKind,
    decorator_names,
    last_name,
    module_unit,
    parse_source,
    unit_at,
    units_in,
    unreachable_on_import,
)

TESTABLE_DUNDERS = frozenset(
    {
        "__init__", "__post_init__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__",
        "__ge__", "__hash__", "__repr__", "__str__", "__format__", "__bytes__", "__len__",
        "__bool__", "__contains__", "__getitem__", "__setitem__", "__delitem__", "__iter__",
        "__next__", "__reversed__", "__call__", "__add__", "__radd__", "__iadd__",
        "__sub__", "__rsub__", "__isub__", "__mul__", "__rmul__", "__imul__",
        "__truediv__", "__rtruediv__", "__floordiv__", "__rfloordiv__", "__mod__",
        "__rmod__", "__pow__", "__rpow__", "__matmul__", "__neg__", "__pos__", "__abs__",
        "__invert__", "__and__", "__or__", "__xor__", "__lshift__", "__rshift__",
        "__int__", "__float__", "__index__", "__round__", "__divmod__",
    }
)  # fmt: skip
_NOT_CALLABLE = frozenset({"abstractmethod", "abstractproperty", "overload"})

Arc = tuple[int, int]


@dataclass(frozen=True)
class FunctionGap:
    """What the suite leaves uncovered in one function, method or `<module>`.

    `path` is workspace-relative; `qualname` is "parse", "Money.parse" or
    "<module>"; `first_line`..`last_line` the unit's lines (decorators included);
    `signature` its `def` line as written ("" for `<module>`); `missing_branches`
    arcs as coverage reports them (a negative to-line is an exit)."""

    path: str
    qualname: str
    kind: UnitKind
    first_line: int
    last_line: int
    signature: str
    uncovered_lines: tuple[int, ...]
    missing_branches: tuple[Arc, ...]
    line_gain: float
    branch_gain: float

    @property
    def gain(self) -> float:
        """The rise of line plus branch coverage (0..2) if every gap here were covered."""
        return self.line_gain + self.branch_gain

    @property
    def size(self) -> int:
        return self.last_line - self.first_line + 1

    @property
    def private(self) -> bool:
        """Named `_x` (or a method of a class named so), dunders aside."""
        parts = self.qualname.split(".")
        return any(p.startswith("_") and not p.endswith("__") for p in parts)


def find_gaps(root: Path, coverage: CoverageData, source_files: Sequence[str]) -> list[FunctionGap]:
    """The gaps of `source_files` (root-relative paths), ranked (see the module docstring)."""
    gaps: list[FunctionGap] = []
    for path in sorted(set(source_files)):
        lines = coverage.uncovered.get(path, [])
        arcs = coverage.missing_branches.get(path, [])
        if not lines and not arcs:
            continue
        tree = parse_source(root, path)
        if tree is None:
            continue
        gaps.extend(_file_gaps(root, path, tree, lines, arcs, coverage))
    return sorted(gaps, key=lambda g: (-g.gain, g.size, g.path, g.first_line))


def skip_reason(unit: Unit, stub_names: set[str]) -> str:
    """Why `unit` is left out of the gaps (see the module docstring), or ""."""
    if unit.node is None:
        return ""
    if unit.qualname in stub_names:
        return "a stub"
    if _NOT_CALLABLE.intersection(decorator_names(unit.node)):
        return "abstract or an overload signature"
    if any(last_name(b.value if isinstance(b, ast.Subscript) else b) == "Protocol"
           for owner in unit.owners for b in owner.bases):  # fmt: skip
        return "a method of a Protocol"
    if unit.kind == "accessor":
        return "a property setter or deleter"
    name = unit.name
    if name.startswith("__") and name.endswith("__") and name not in TESTABLE_DUNDERS:
        return f"{name} is called by Python itself, not by tests"
    return ""


def _file_gaps(
    root: Path,
    path: str,
    tree: ast.Module,
    lines: Sequence[int],
    arcs: Sequence[Sequence[int]],
    coverage: CoverageData,
) -> list[FunctionGap]:
    units = units_in(tree)
    module = module_unit(tree)
    hidden = unreachable_on_import(tree)
    by_unit: dict[Unit, tuple[list[int], list[Arc]]] = {}
    for line in lines:
        unit = unit_at(units, line) or module
        if unit is module and line in hidden:
            continue
        by_unit.setdefault(unit, ([], []))[0].append(line)
    for start, end in arcs:
        unit = unit_at(units, start) or module
        if unit is module and start in hidden:
            continue
        by_unit.setdefault(unit, ([], []))[1].append((start, end))
    stub_names = {s.message for s in find_stubs(root, [path])}
    return [
        _gap(path, unit, unit_lines, unit_arcs, coverage)
        for unit, (unit_lines, unit_arcs) in by_unit.items()
        if not skip_reason(unit, stub_names)
    ]


def _gap(
    path: str, unit: Unit, lines: list[int], arcs: list[Arc], coverage: CoverageData
) -> FunctionGap:
    def share(n: int, total: int) -> float:
        return n / total if total else 0.0

    return FunctionGap(
        path=path,
        qualname=unit.qualname,
        kind=unit.kind,
        first_line=unit.first_line,
        last_line=unit.last_line,
        signature=unit.signature(),
        uncovered_lines=tuple(sorted(set(lines))),
        missing_branches=tuple(sorted(set(arcs))),
        line_gain=share(len(set(lines)), coverage.lines_total),
        branch_gain=share(len(set(arcs)), coverage.branches_total),
    )
