"""Gap analysis: uncovered lines and branches mapped to functions and ranked, from a
fake `CoverageData` over small sources written to tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from myagent.protocol import CoverageData
from myagent.testgen.gaps import FunctionGap, find_gaps

SHOP = '''\
"""A small shop."""
import sys
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from decimal import Decimal

RATE = 2


def price(n: int, rush: bool = False) -> int:
    if n < 0:
        raise ValueError("negative")
    total = n * RATE
    if rush:
        total += 5
    return total


def helper(x):
    def inner(y):
        return y + 1
    return inner(x)


@staticmethod
def decorated(x: int) -> int:
    return x


class Cart:
    LIMIT = 3

    def __init__(self, items: list[int]) -> None:
        self.items = items

    def __repr__(self) -> str:
        return f"Cart({self.items})"

    def __getattr__(self, name: str) -> int:
        return 0

    @property
    def size(self) -> int:
        return len(self.items)

    @size.setter
    def size(self, value: int) -> None:
        self.items = [0] * value

    def todo(self) -> None:
        raise NotImplementedError

    def _secret(self) -> int:
        return 1


class Base(ABC):
    @abstractmethod
    def run(self) -> int:
        return 0


class Runner(Protocol):
    def go(self) -> int:
        return 1


if __name__ == "__main__":
    print(price(1))
    sys.exit(0)
'''
PATH = "src/shop/core.py"


def line(needle: str, text: str = SHOP, after: str = "") -> int:
    """The number of the first line holding `needle` (after the line holding `after`)."""
    start = line(after, text) if after else 0
    return next(i for i, s in enumerate(text.splitlines(), 1) if i > start and needle in s)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "src" / "shop").mkdir(parents=True)
    (tmp_path / PATH).write_text(SHOP, encoding="utf-8")
    return tmp_path


def coverage(lines: list[int], arcs: list[tuple[int, int]], **totals: int) -> CoverageData:
    return CoverageData(
        lines_total=totals.get("lines_total", 100),
        branches_total=totals.get("branches_total", 20),
        uncovered={PATH: lines} if lines else {},
        missing_branches={PATH: arcs} if arcs else {},
    )


def by_name(gaps: list[FunctionGap]) -> dict[str, FunctionGap]:
    return {g.qualname: g for g in gaps}


def test_lines_and_branches_are_placed_in_their_function_with_its_signature(root: Path):
    raise_line, rush_line = line('raise ValueError("negative")'), line("total += 5")
    arcs = [(line("if n < 0"), raise_line), (line("if rush"), rush_line)]
    gaps = find_gaps(root, coverage([raise_line, rush_line], arcs), [PATH])
    assert [g.qualname for g in gaps] == ["price"]
    gap = gaps[0]
    assert gap.path == PATH and gap.kind == "function"
    assert (gap.first_line, gap.last_line) == (line("def price"), line("return total"))
    assert gap.signature == "def price(n: int, rush: bool=False) -> int"
    assert gap.uncovered_lines == (raise_line, rush_line)
    assert gap.missing_branches == tuple(arcs)


def test_gain_is_the_rise_of_line_and_branch_coverage_on_the_project_totals(root: Path):
    raise_line = line('raise ValueError("negative")')
    arcs = [(line("if n < 0"), raise_line)]
    (gap,) = find_gaps(root, coverage([raise_line], arcs, lines_total=50, branches_total=4), [PATH])
    assert gap.line_gain == pytest.approx(1 / 50)
    assert gap.branch_gain == pytest.approx(1 / 4)
    assert gap.gain == pytest.approx(1 / 50 + 1 / 4)


def test_gaps_are_ranked_by_gain_then_by_smaller_function(root: Path):
    body = [line("total = n * RATE"), line("if rush"), line("return total")]
    lines = [*body, line("return inner(x)"), line('return f"Cart('), line("return len(self")]
    gaps = find_gaps(root, coverage(lines, []), [PATH])
    assert [g.qualname for g in gaps] == ["price", "Cart.__repr__", "Cart.size", "helper"]
    assert gaps[0].gain > gaps[1].gain
    assert gaps[1].size <= gaps[2].size < gaps[3].size  # equal gains: the smaller first


def test_nested_functions_belong_to_their_enclosing_function(root: Path):
    gaps = find_gaps(root, coverage([line("return y + 1")], []), [PATH])
    assert [(g.qualname, g.uncovered_lines) for g in gaps] == [("helper", (line("return y + 1"),))]


def test_a_decorated_function_starts_at_its_decorator(root: Path):
    decorator = line("@staticmethod")
    (gap,) = find_gaps(
        root, coverage([decorator, line("return x", after="def decorated")], []), [PATH]
    )
    assert (gap.qualname, gap.first_line) == ("decorated", decorator)


def test_module_level_code_and_class_bodies_form_the_module_pseudo_function(root: Path):
    lines = [line("RATE = 2"), line("LIMIT = 3")]
    (gap,) = find_gaps(root, coverage(lines, []), [PATH])
    assert (gap.qualname, gap.kind, gap.signature) == ("<module>", "module", "")
    assert gap.uncovered_lines == tuple(lines)


def test_code_importing_never_runs_is_left_out(root: Path):
    lines = [line("from decimal import Decimal"), line("print(price(1))"), line("sys.exit(0)")]
    assert find_gaps(root, coverage(lines, []), [PATH]) == []


def test_stubs_abstract_protocol_setters_and_hook_dunders_are_left_out(root: Path):
    lines = [
        line("raise NotImplementedError"),  # stub
        line("return 0", after="def run"),  # abstract method
        line("return 1", after="def go"),  # Protocol method
        line("self.items = [0] * value"),  # setter
        line("return 0", after="def __getattr__"),  # called by Python itself
    ]
    assert find_gaps(root, coverage(lines, []), [PATH]) == []


def test_constructors_dunders_with_operators_and_private_methods_are_kept(root: Path):
    lines = [line("self.items = items"), line('return f"Cart('), line("return 1", after="_secret")]
    gaps = by_name(find_gaps(root, coverage(lines, []), [PATH]))
    assert set(gaps) == {"Cart.__init__", "Cart.__repr__", "Cart._secret"}
    assert gaps["Cart.__init__"].kind == "constructor"
    assert gaps["Cart._secret"].private and not gaps["Cart.__init__"].private


def test_files_outside_the_source_list_or_unparsable_are_skipped(root: Path):
    broken = "src/shop/broken.py"
    (root / broken).write_text("def f(:\n", encoding="utf-8")
    data = CoverageData(
        lines_total=10,
        uncovered={PATH: [line("return total")], broken: [1], "tests/test_x.py": [1]},
    )
    gaps = find_gaps(root, data, [PATH, broken])
    assert [(g.path, g.qualname) for g in gaps] == [(PATH, "price")]


def test_a_file_with_nothing_missing_has_no_gaps(root: Path):
    assert find_gaps(root, CoverageData(lines_total=10), [PATH]) == []


def test_methods_of_nested_classes_get_dotted_names(tmp_path: Path):
    source = textwrap.dedent(
        """
        class Outer:
            class Inner:
                def deep(self) -> int:
                    return 1
        """
    )
    (tmp_path / "m.py").write_text(source, encoding="utf-8")
    data = CoverageData(lines_total=4, uncovered={"m.py": [line("return 1", source)]})
    assert [g.qualname for g in find_gaps(tmp_path, data, ["m.py"])] == ["Outer.Inner.deep"]
