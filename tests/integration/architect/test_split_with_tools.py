"""Splitting a god module of a small real project: its tests still pass, and ruff and
mypy --strict find nothing new (`myagent.architecture.splitting`)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from myagent.architecture.breaking import Fix
from myagent.architecture.cycles import find_cycles
from myagent.architecture.findings import Thresholds
from myagent.architecture.graph import RUNTIME, build_graph
from myagent.architecture.splitting import split_module

pytestmark = pytest.mark.integration

MakeProject = Callable[[Path, dict[str, str]], Path]
BIN = Path(sys.executable).parent
SMALL = Thresholds(god_lines=60, god_definitions=10)

CORE = '''
    """The shop's core: orders, invoices and parcels in one module."""

    from __future__ import annotations

    import math
    from collections.abc import Callable
    from dataclasses import dataclass, field
    from decimal import ROUND_HALF_UP, Decimal
    from typing import TYPE_CHECKING

    from shop.tax import (
        REDUCED_RATE_FOR_BOOKS_AND_NEWSPAPERS,
        STANDARD_RATE_FOR_EVERYTHING_ELSE,
        rate_for,
    )

    if TYPE_CHECKING:
        from collections.abc import Iterable, Sequence

    __all__ = ["Invoice", "Parcel", "place"]

    CENT = Decimal("0.01")
    HANDLERS: dict[str, Callable[[Parcel], str]] = {}


    @dataclass(frozen=True)
    class Invoice:
        """What a customer owes."""

        customer: str
        lines: tuple[Decimal, ...] = ()

        def net(self) -> Decimal:
            return sum(self.lines, Decimal(0))


    def _round(amount: Decimal) -> Decimal:
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)


    # Tax included, rounded to the cent.
    def gross(invoice: Invoice, kind: str = "other") -> Decimal:
        return _round(invoice.net() * (1 + rate_for(kind)))


    def books_gross(invoice: Invoice) -> Decimal:
        standard = STANDARD_RATE_FOR_EVERYTHING_ELSE
        reduced = min(REDUCED_RATE_FOR_BOOKS_AND_NEWSPAPERS, standard)
        return _round(invoice.net() * (1 + reduced))


    def totals(invoices: Iterable[Invoice]) -> list[Decimal]:
        return [gross(i) for i in invoices]


    @dataclass
    class Parcel:
        weight: float
        labels: list[str] = field(default_factory=list)


    def handler(kind: str) -> Callable[[Callable[[Parcel], str]], Callable[[Parcel], str]]:
        def register(function: Callable[[Parcel], str]) -> Callable[[Parcel], str]:
            HANDLERS[kind] = function
            return function

        return register


    @handler("post")
    def by_post(parcel: Parcel) -> str:
        return f"post: {math.ceil(parcel.weight)} kg"


    def ship_all(parcels: Sequence[Parcel], kind: str = "post") -> list[str]:
        return [HANDLERS[kind](p) for p in parcels]


    def place(customer: str, weight: float) -> tuple[Invoice, str]:
        invoice = Invoice(customer, (Decimal(weight) * STANDARD_RATE_FOR_EVERYTHING_ELSE,))
        return invoice, ship_all([Parcel(weight)])[0]
'''

FILES = {
    "src/shop/__init__.py": "",
    "src/shop/core.py": CORE,
    "src/shop/tax.py": """
        from decimal import Decimal

        REDUCED_RATE_FOR_BOOKS_AND_NEWSPAPERS = Decimal("0.07")
        STANDARD_RATE_FOR_EVERYTHING_ELSE = Decimal("0.19")


        def rate_for(kind: str) -> Decimal:
            if kind == "books":
                return REDUCED_RATE_FOR_BOOKS_AND_NEWSPAPERS
            return STANDARD_RATE_FOR_EVERYTHING_ELSE
    """,
    "src/shop/billing.py": """
        from decimal import Decimal

        from shop.core import Invoice, books_gross, totals


        def bill(customer: str, amounts: list[str]) -> list[Decimal]:
            invoice = Invoice(customer, tuple(Decimal(a) for a in amounts))
            return [*totals([invoice]), books_gross(invoice)]
    """,
    "src/shop/shipping.py": """
        import shop.core


        def send(weight: float) -> str:
            return shop.core.ship_all([shop.core.Parcel(weight)])[0]
    """,
    "tests/test_shop.py": """
        from decimal import Decimal

        from shop import core
        from shop.billing import bill
        from shop.core import CENT, ROUND_HALF_UP, Invoice, gross, place
        from shop.shipping import send


        def test_bill() -> None:
            assert bill("ann", ["10", "0.5"]) == [Decimal("12.50"), Decimal("11.24")]


        def test_send() -> None:
            assert send(1.2) == "post: 2 kg"
            assert set(core.HANDLERS) == {"post"}


        def test_core_names() -> None:
            assert gross(Invoice("bo", (Decimal(1),)), "books") == Decimal("1.07")
            assert CENT == Decimal("0.01") and ROUND_HALF_UP == "ROUND_HALF_UP"
            assert place("cy", 2.0)[1] == "post: 2 kg"
    """,
    "pyproject.toml": """
        [project]
        name = "shop"
        version = "0"

        [tool.pytest.ini_options]
        pythonpath = ["src"]
    """,
}


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=root, capture_output=True, text=True, timeout=300, check=False
    )


def checks(root: Path) -> tuple[int, str, str, str]:
    """pytest's exit code and summary, ruff's and mypy's findings."""
    tests = run(root, sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests")
    ruff = run(root, str(BIN / "ruff"), "check", "--no-cache", "--select", "E,F,I,UP,B", ".")
    mypy = run(root, str(BIN / "mypy"), "--strict", "--no-incremental", "src/shop")
    summary = tests.stdout.strip().splitlines()[-1] if tests.stdout.strip() else tests.stderr
    return tests.returncode, summary, ruff.stdout, mypy.stdout


@pytest.mark.parametrize("relative", [False, True], ids=["absolute", "relative"])
def test_the_split_project_passes_its_tests_and_gates(
    tmp_path: Path, make_project: MakeProject, relative: bool
) -> None:
    files = dict(FILES)
    if relative:
        files["src/shop/core.py"] = CORE.replace("from shop.tax import (", "from .tax import (")
    root = make_project(tmp_path / "shop", files)
    before = checks(root)
    assert before[0] == 0, before
    assert "3 passed" in before[1]
    assert "All checks passed!" in before[2], before[2]
    assert "Success" in before[3], before[3]

    graph = build_graph(root, ["src"], ["src"])
    fix = split_module(root, graph, "shop.core", SMALL)
    assert isinstance(fix, Fix), fix
    for rel, text in fix.files.items():
        (root / rel).write_text(text, encoding="utf-8")
    after = checks(root)

    assert after[0] == 0, (after, fix.files)
    assert "3 passed" in after[1]
    assert after[2] == before[2], (after[2], fix.files)
    assert after[3] == before[3].replace("5 source files", "6 source files"), after[3]
    split = build_graph(root, ["src"], ["src"])
    assert find_cycles(split.adjacency(RUNTIME)) == []
    old, new = graph.modules["shop.core"], split.modules["shop.core"]
    assert new.lines < old.lines and new.definitions < old.definitions
    assert len(fix.moved) == 1 and fix.moved[0].startswith("shop.core -> shop.core_")
