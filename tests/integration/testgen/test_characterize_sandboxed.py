"""Characterization tests end to end, with the real sandbox, pytest and coverage.

A small shop module (pure functions on ints and strings, a raising branch, a
dataclass argument, a method, a random result and a loop that never ends) has one
weak test. The gaps come from a real coverage run; a test file is generated for each
gap, written into the project and run in the sandbox: every generated test passes,
twice, and the module's coverage goes up.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from myagent.config import ProjectConfig
from myagent.protocol import TestStatus
from myagent.quality import stubs
from myagent.quality.execution import ToolContext
from myagent.quality.layout import ProjectLayout, detect_layout
from myagent.quality.monitor import QualityMonitor
from myagent.quality.tests_runner import TestsResult
from myagent.sandbox.runner import SandboxRunner
from myagent.testgen.characterize import GeneratedTest, NoTest, characterize
from myagent.testgen.gaps import FunctionGap, find_gaps

pytestmark = pytest.mark.integration
PROJECT = "shop"  # the folder conftest.py builds FILES in

PRICING = '''
"""Prices for a small shop."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

BULK = 10


@dataclass(frozen=True)
class Item:
    name: str
    cents: int


def parse_price(text: str) -> Decimal:
    text = text.strip()
    if not text:
        raise ValueError("empty price")
    return Decimal(text)


def bulk_rate(quantity: int) -> float:
    if quantity >= BULK:
        return 0.1
    if quantity < 0:
        raise ValueError(f"negative quantity {quantity}")
    return 0.0


def label(item: Item, upper: bool = False) -> str:
    text = f"{item.name}: {item.cents / 100:.2f}"
    return text.upper() if upper else text


def lucky() -> int:
    return random.randint(0, 10**9)


def spin(n: int) -> int:
    while n > 0:
        n += 1
    return n


class Cart:
    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.items: list[Item] = []

    def add(self, item: Item, quantity: int = 1) -> int:
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        self.items.extend([item] * quantity)
        return len(self.items)
'''
WEAK_TEST = """
from shop.pricing import Item


def test_item_keeps_its_price():
    assert Item("pen", 150).cents == 150
"""
MODULE = "src/shop/pricing.py"
FILES = {"src/shop/__init__.py": "", MODULE: PRICING, "tests/test_pricing.py": WEAK_TEST}
CONFIG = ProjectConfig(test_timeout_s=5.0)


@pytest.fixture(scope="module")
def layout(root: Path) -> ProjectLayout:
    return detect_layout(root, CONFIG)


@pytest.fixture(scope="module")
def gaps(before: TestsResult, layout: ProjectLayout) -> dict[str, FunctionGap]:
    assert before.coverage is not None
    files = stubs.source_files(layout.root, layout.source_dirs, layout.test_dirs)
    return {g.qualname: g for g in find_gaps(layout.root, before.coverage, files)}


@pytest.fixture(scope="module")
def generated(
    sandbox: SandboxRunner, layout: ProjectLayout, gaps: dict[str, FunctionGap]
) -> dict[str, GeneratedTest | NoTest]:
    ctx = ToolContext(sandbox, layout.root)
    return {
        name: characterize(ctx, layout, gap, call_timeout_s=0.3, max_calls=12)
        for name, gap in gaps.items()
    }


@pytest.fixture(scope="module")
def written(root: Path, generated: dict[str, GeneratedTest | NoTest]) -> list[str]:
    paths = []
    for result in generated.values():
        if isinstance(result, GeneratedTest):
            (root / result.path_hint).write_text(result.source, encoding="utf-8")
            paths.append(result.path_hint)
    return paths


def test_the_gaps_of_the_real_coverage_run_are_the_untested_functions(
    gaps: dict[str, FunctionGap],
):
    assert set(gaps) == {
        "parse_price", "bulk_rate", "label", "lucky", "spin", "Cart.__init__", "Cart.add",
    }  # fmt: skip
    assert gaps["bulk_rate"].missing_branches  # branch detail came through the report


def test_each_testable_gap_gets_a_file_that_covers_it(
    generated: dict[str, GeneratedTest | NoTest], gaps: dict[str, FunctionGap]
):
    for name in ("parse_price", "bulk_rate", "label", "Cart.__init__", "Cart.add"):
        result = generated[name]
        assert isinstance(result, GeneratedTest), (name, result)
        assert set(result.covered_lines_expected) == set(gaps[name].uncovered_lines) - {
            gaps[name].first_line  # the `def` line runs on import, not in the call
        }
    assert generated["bulk_rate"].path_hint == "tests/test_pricing_bulk_rate_characterization.py"


def test_results_that_are_not_deterministic_or_never_end_are_dropped(
    generated: dict[str, GeneratedTest | NoTest],
):
    lucky = generated["lucky"]
    assert isinstance(lucky, NoTest) and "1 unstable" in lucky.reason
    spin = generated["spin"]
    assert isinstance(spin, GeneratedTest)
    assert spin.dropped.get("timeout", 0) >= 1
    assert "spin(0) == 0" in spin.source and "spin(1)" not in spin.source


def test_the_generated_files_read_like_tests_a_person_writes(
    generated: dict[str, GeneratedTest | NoTest],
):
    parse = generated["parse_price"]
    assert isinstance(parse, GeneratedTest)
    assert "Generated by MyAgent to record the current behaviour" in parse.source
    assert 'with pytest.raises(ValueError, match="empty price"):\n        parse_price("")' in (
        parse.source
    )
    assert "from decimal import Decimal" in parse.source
    rate = generated["bulk_rate"]
    assert isinstance(rate, GeneratedTest)
    assert "assert bulk_rate(10) == pytest.approx(0.1)" in rate.source
    assert "def test_bulk_rate_negative_raises_value_error" in rate.source
    label = generated["label"]
    assert isinstance(label, GeneratedTest) and 'Item(name="", cents=0)' in label.source
    add = generated["Cart.add"]
    assert isinstance(add, GeneratedTest) and 'Cart(owner="").add(' in add.source


def test_every_generated_test_passes_in_the_sandbox_and_coverage_goes_up(
    monitor: QualityMonitor, root: Path, written: list[str], before: TestsResult
):
    assert len(written) == 6
    for _ in range(2):  # the same outcome each time
        after = monitor.run_selected(root, written, coverage=True)
        generated_tests = [t for t in after.tests if "characterization" in t.nodeid]
        assert generated_tests and all(t.status is TestStatus.PASSED for t in generated_tests), [
            (t.nodeid, t.message) for t in generated_tests if t.status is not TestStatus.PASSED
        ]
    everything = monitor.run_selected(root, None, coverage=True)
    assert before.coverage is not None and everything.coverage is not None
    missing_before = before.coverage.uncovered[MODULE]
    missing_after = everything.coverage.uncovered.get(MODULE, [])
    assert len(missing_after) < len(missing_before) / 3
    assert everything.coverage.line_rate > before.coverage.line_rate
    assert everything.coverage.branch_rate > before.coverage.branch_rate
