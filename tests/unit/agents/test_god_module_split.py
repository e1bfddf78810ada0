"""Splitting a god module: which group of definitions moves, the two files it leaves,
and when it refuses (`myagent.architecture.splitting`)."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from myagent.architecture.breaking import Fix
from myagent.architecture.cycles import find_cycles
from myagent.architecture.findings import Thresholds
from myagent.architecture.graph import ImportGraph, build_graph
from myagent.architecture.splitting import split_module
from myagent.architecture.splitting_callers import caller_names, patched_names

SMALL = Thresholds(god_lines=40, god_definitions=5)

# the group the shipping callers use: it stays, verbatim
SHIPPING = """\
@dataclass
class Parcel:
    weight: float


def ship(parcel: Parcel) -> str:
    return f"{math.ceil(parcel.weight)} kg"


def ship_all(parcels: list[Parcel]) -> list[str]:
    return [ship(p) for p in parcels]
"""

# the group the billing callers use: it moves verbatim
BILLING = """\
RATE = Decimal("0.2")


@dataclass(frozen=True)
class Invoice:
    customer: str
    amount: Decimal


def _rate(amount: Decimal) -> Decimal:
    return amount * RATE


# The total of an invoice, tax included.
def total(invoice: Invoice) -> Decimal:
    return invoice.amount + _rate(invoice.amount) + VAT


def invoices_total(invoices: Sequence[Invoice]) -> Decimal:
    return sum((total(i) for i in invoices), Decimal(0))


"""

CORE = (
    '''\
"""The shop's core: everything in one place."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from shop.tax import VAT

if TYPE_CHECKING:
    from collections.abc import Sequence

'''
    + BILLING
    + SHIPPING
)

SHOP = {
    "src/shop/__init__.py": "",
    "src/shop/core.py": CORE,
    "src/shop/tax.py": 'from decimal import Decimal\n\nVAT = Decimal("1")\n',
    "src/shop/billing.py": """\
        from decimal import Decimal

        from shop.core import Invoice, invoices_total


        def bill(name: str) -> Decimal:
            return invoices_total([Invoice(name, Decimal(10))])
        """,
    "src/shop/shipping.py": """\
        import shop.core


        def send(weight: float) -> str:
            return shop.core.ship(shop.core.Parcel(weight))
        """,
}


def make(root: Path, files: dict[str, str]) -> ImportGraph:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return build_graph(root, ["src"], ["src"])


def split(root: Path, files: dict[str, str], thresholds: Thresholds = SMALL) -> Fix:
    fix = split_module(root, make(root, files), "shop.core", thresholds)
    assert isinstance(fix, Fix), fix
    return fix


def apply(root: Path, fix: Fix) -> ImportGraph:
    for rel, text in fix.files.items():
        (root / rel).write_text(text, encoding="utf-8")
    return build_graph(root, ["src"], ["src"])


def top_level_names(text: str) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(text).body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            names |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


GOLDEN_CORE = (
    '''\
"""The shop's core: everything in one place."""

from __future__ import annotations

import math
from dataclasses import dataclass

from shop.core_billing import RATE as RATE
from shop.core_billing import Invoice as Invoice
from shop.core_billing import _rate as _rate
from shop.core_billing import invoices_total as invoices_total
from shop.core_billing import total as total


'''
    + SHIPPING
)

GOLDEN_BILLING = (
    '''\
"""Split out of `shop.core`, which re-exports every name it defines: RATE, Invoice,
_rate, total, invoices_total.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from shop.tax import VAT

if TYPE_CHECKING:
    from collections.abc import Sequence

'''
    + BILLING.rstrip("\n")
    + "\n"
)


def test_the_billing_callers_group_moves_into_core_billing_and_is_re_exported(
    tmp_path: Path,
) -> None:
    fix = split(tmp_path, SHOP)

    assert fix.files == {
        "src/shop/core.py": GOLDEN_CORE,
        "src/shop/core_billing.py": GOLDEN_BILLING,
    }
    assert fix.moved == (
        "shop.core -> shop.core_billing: RATE, Invoice, _rate, total, invoices_total",
    )


def test_after_the_split_there_is_no_cycle_and_the_original_is_smaller(tmp_path: Path) -> None:
    before = make(tmp_path, SHOP)
    fix = split_module(tmp_path, before, "shop.core", SMALL)
    assert isinstance(fix, Fix)
    after = apply(tmp_path, fix)

    every_kind = after.adjacency(frozenset({"module", "function", "type_checking"}))
    assert find_cycles(every_kind) == []
    assert after.targets("shop.core_billing", frozenset({"module"})) == {"shop.tax"}
    old, new = before.modules["shop.core"], after.modules["shop.core"]
    assert (new.lines, new.definitions) < (old.lines, old.definitions)
    assert new.definitions == 3 and after.modules["shop.core_billing"].definitions == 4
    # every name the callers and the rest of the module used is still bound in shop.core
    assert top_level_names(CORE) - {"Decimal", "VAT", "Sequence", "TYPE_CHECKING"} <= (
        top_level_names(fix.files["src/shop/core.py"])
    )


def test_the_callers_names_are_read_from_every_import_form(tmp_path: Path) -> None:
    files = {
        **SHOP,
        "src/shop/alias.py": "import shop.core as c\n\nX = c.RATE\n",
        "src/shop/frompkg.py": "from shop import core\n\nY = core.Parcel\n",
        "src/shop/sub/__init__.py": "from ..core import ship as send\n",
    }
    graph = make(tmp_path, files)

    assert caller_names(tmp_path, graph, "shop.core") == {
        "shop.alias": {"RATE"},
        "shop.billing": {"Invoice", "invoices_total"},
        "shop.frompkg": {"Parcel"},
        "shop.shipping": {"Parcel", "ship"},
        "shop.sub": {"ship"},
    }


LABELS = "".join(
    f"\n\ndef label_{i}(parcel: Parcel) -> str:\n    return ship(parcel) + '{i}'\n"
    for i in range(8)
)
SHIPPING_HEAVY = CORE.replace(
    "\n\ndef ship_all(parcels: list[Parcel]) -> list[str]:\n"
    "    return [ship(p) for p in parcels]\n",
    LABELS,
)


def test_the_bigger_part_moves_named_after_the_caller_that_uses_only_it(tmp_path: Path) -> None:
    shipping = "import shop.core\n\nLABELS = [shop.core.label_1, shop.core.label_7]\n"
    files = {**SHOP, "src/shop/core.py": SHIPPING_HEAVY, "src/shop/shipping.py": shipping}
    fix = split(tmp_path, files)

    labels = ", ".join(f"label_{i}" for i in range(8))
    assert fix.moved == (f"shop.core -> shop.core_shipping: Parcel, ship, {labels}",)
    core = fix.files["src/shop/core.py"]
    assert "def total(" in core and "def label_0(" not in core
    assert "from shop.core_shipping import Parcel as Parcel\n" in core
    assert "import math\n" not in core  # only ship used it
    assert "import math\n" in fix.files["src/shop/core_shipping.py"]


def test_a_callers_closure_moves_when_the_halves_are_connected(tmp_path: Path) -> None:
    # ship_all also needs total: one component holds everything, so only the callers'
    # closures can move, and the billing one leaves the two parts closest in size
    core = CORE.replace(
        "return [ship(p) for p in parcels]",
        'return [ship(p) for p in parcels] + [str(total(Invoice("", Decimal(0))))]',
    )
    fix = split(tmp_path, {**SHOP, "src/shop/core.py": core})

    assert fix.moved == (
        "shop.core -> shop.core_billing: RATE, Invoice, _rate, total, invoices_total",
    )
    assert "from shop.core_billing import total as total\n" in fix.files["src/shop/core.py"]


def test_a_group_that_uses_a_name_that_stays_is_not_chosen(tmp_path: Path) -> None:
    core = CORE.replace(
        'RATE = Decimal("0.2")\n',
        'if VAT:\n    RATE = Decimal("0.2")\nelse:\n    RATE = Decimal("0.1")\n',
    )
    fix = split(tmp_path, {**SHOP, "src/shop/core.py": core})

    assert fix.moved == ("shop.core -> shop.core_shipping: Parcel, ship, ship_all",)
    assert "RATE = " in fix.files["src/shop/core.py"]
    assert "RATE" not in fix.files["src/shop/core_shipping.py"]


def test_a_helper_both_halves_use_moves_with_the_group_and_the_rest_imports_it(
    tmp_path: Path,
) -> None:
    core = CORE.replace(
        '    return f"{math.ceil(parcel.weight)} kg"',
        "    return str(_rate(Decimal(math.ceil(parcel.weight))))",
    )
    fix = split(tmp_path, {**SHOP, "src/shop/core.py": core})

    new_core = fix.files["src/shop/core.py"]
    assert "from shop.core_billing import _rate as _rate\n" in new_core
    assert "def _rate(" in fix.files["src/shop/core_billing.py"]
    assert "from decimal import Decimal\n" in new_core  # ship still needs it


def test_a_helper_that_cannot_move_keeps_its_users_in_place(tmp_path: Path) -> None:
    core = (
        CORE.replace(
            "from typing import TYPE_CHECKING\n",
            "import logging\nfrom typing import TYPE_CHECKING\n",
        )
        .replace(
            'RATE = Decimal("0.2")\n',
            'RATE = Decimal("0.2")\nlog = logging.getLogger(__name__)\n',
        )
        .replace("    return amount * RATE\n", "    log.info('rate')\n    return amount * RATE\n")
    )
    fix = split(tmp_path, {**SHOP, "src/shop/core.py": core})

    assert fix.moved == ("shop.core -> shop.core_shipping: Parcel, ship, ship_all",)
    assert "log = logging.getLogger(__name__)" in fix.files["src/shop/core.py"]


def test_relative_imports_give_a_relative_re_export_in_isort_order(tmp_path: Path) -> None:
    core = CORE.replace("from shop.tax import VAT\n", "from .tax import VAT\n")
    fix = split(tmp_path, {**SHOP, "src/shop/core.py": core})

    new_core = fix.files["src/shop/core.py"]
    assert "from dataclasses import dataclass\n\nfrom .core_billing import RATE as RATE\n" in (
        new_core
    )
    assert "from .tax import VAT\n" in fix.files["src/shop/core_billing.py"]


def test_imports_other_modules_take_from_the_original_stay_as_explicit_re_exports(
    tmp_path: Path,
) -> None:
    billing = """\
        from shop.core import Decimal, Invoice, invoices_total


        def bill(name: str) -> Decimal:
            return invoices_total([Invoice(name, Decimal(10))])
        """
    fix = split(tmp_path, {**SHOP, "src/shop/billing.py": billing})

    assert "from decimal import Decimal as Decimal\n" in fix.files["src/shop/core.py"]


def test_names_tests_take_from_the_original_stay_importable(tmp_path: Path) -> None:
    files = {**SHOP, "tests/test_core.py": "from shop.core import VAT, Decimal\n"}
    fix = split(tmp_path, files)

    core = fix.files["src/shop/core.py"]
    assert "from decimal import Decimal as Decimal\n" in core
    assert "from shop.tax import VAT as VAT\n" in core


def test_all_stays_as_it_is_and_keeps_its_imports(tmp_path: Path) -> None:
    core = CORE.replace(
        'RATE = Decimal("0.2")\n', '__all__ = ["VAT", "total"]\n\nRATE = Decimal("0.2")\n'
    )
    fix = split(tmp_path, {**SHOP, "src/shop/core.py": core})

    new_core = fix.files["src/shop/core.py"]
    assert '__all__ = ["VAT", "total"]\n' in new_core
    assert "from shop.tax import VAT\n" in new_core


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("def local_names() -> object:\n    return locals()", ""),
        ("from math import *", "it has a star import"),
        ("def bump() -> None:\n    global RATE", "it has a `global` statement"),
        ("NAMES = globals()", "it calls globals()"),
        ("NAMES = locals()", "it calls locals() at module level"),
        ("def names() -> object:\n    return globals()", "it calls globals()"),
        (
            "def __getattr__(name: str) -> object:\n    return name",
            "it defines __getattr__ at module level",
        ),
        ("def __dir__() -> list[str]:\n    return []", "it defines __dir__ at module level"),
    ],
)
def test_modules_that_read_their_own_namespace_are_refused(
    tmp_path: Path, line: str, reason: str
) -> None:
    graph = make(tmp_path, {**SHOP, "src/shop/core.py": CORE + "\n\n" + line + "\n"})

    result = split_module(tmp_path, graph, "shop.core", SMALL)

    if reason:
        assert result == f"shop.core cannot be split safely: {reason}"
    else:  # locals() in a function is the function's own
        assert isinstance(result, Fix)


def test_a_group_with_a_name_bound_twice_is_refused(tmp_path: Path) -> None:
    core = CORE + "\n\ntotal = total\nParcel = Parcel\n"
    graph = make(tmp_path, {**SHOP, "src/shop/core.py": core})

    assert split_module(tmp_path, graph, "shop.core", SMALL) == (
        "shop.core: no group of definitions can move (total is bound twice at the top level)"
    )


def test_refusals_about_the_module_and_the_target(tmp_path: Path) -> None:
    graph = make(tmp_path, {**SHOP, "src/shop/core_billing.py": "X = 1\n"})
    assert split_module(tmp_path, graph, "shop.core", SMALL) == (
        "src/shop/core_billing.py already exists"
    )
    assert split_module(tmp_path, graph, "shop.nowhere", SMALL) == (
        "shop.nowhere is not in the import graph"
    )
    assert split_module(tmp_path, graph, "shop", SMALL) == "shop is a package's __init__.py"
    (tmp_path / "src/shop/core.py").write_text("def broken(:\n", encoding="utf-8")
    assert split_module(tmp_path, graph, "shop.core", SMALL) == (
        "src/shop/core.py cannot be read or parsed"
    )


def test_no_group_that_would_not_import_the_original_back_is_refused(tmp_path: Path) -> None:
    core = CORE.replace(
        'RATE = Decimal("0.2")\n',
        'if VAT:\n    RATE = Decimal("0.2")\nelse:\n    RATE = Decimal("0.1")\n',
    ).replace("math.ceil(parcel.weight)", "math.ceil(parcel.weight * float(RATE))")
    graph = make(tmp_path, {**SHOP, "src/shop/core.py": core})

    assert split_module(tmp_path, graph, "shop.core", SMALL) == (
        "shop.core: no group of definitions can move (_rate uses RATE, which stays in shop.core)"
    )


SHIPPING_MOVES = ("shop.core -> shop.core_shipping: Parcel, ship, ship_all",)


@pytest.mark.parametrize(
    ("patching_test", "line"),
    [
        ("import shop.core\n\n\ndef test_no_vat():\n    shop.core.VAT = 0\n", 5),
        (
            "from shop import core\n\n\ndef test_no_vat(monkeypatch):\n"
            "    monkeypatch.setattr(core, 'VAT', 0)\n",
            5,
        ),
        (
            "from unittest import mock\n\n\n@mock.patch('shop.core.VAT', 0)\n"
            "def test_no_vat():\n    pass\n",
            4,
        ),
    ],
    ids=["assignment", "monkeypatch", "mock-string"],
)
def test_code_using_a_name_tests_patch_on_the_module_stays(
    tmp_path: Path, patching_test: str, line: int
) -> None:
    # billing's total reads VAT: moved, it would read its own VAT and miss the patch
    files = {**SHOP, "tests/test_vat.py": patching_test}
    graph = make(tmp_path, files)
    assert patched_names(tmp_path, graph, "shop.core") == {"VAT": f"tests/test_vat.py:{line}"}
    assert split(tmp_path, files).moved == SHIPPING_MOVES


def test_a_group_naming_a_staying_definition_in_a_string_is_not_chosen(tmp_path: Path) -> None:
    # a forward reference outside an annotation: the moved module would not define Parcel
    core = CORE.replace(
        "    return sum((total(i) for i in invoices), Decimal(0))\n",
        '    kinds = {"Parcel": "shipped"}\n    return sum((total(i) for i in invoices), Decimal(0))\n',
    )
    assert split(tmp_path, {**SHOP, "src/shop/core.py": core}).moved == SHIPPING_MOVES


def test_a_long_re_export_is_wrapped_as_ruff_keeps_it(tmp_path: Path) -> None:
    name = "invoices_total_with_every_tax_included"
    files = {
        **SHOP,
        "src/shop/core.py": CORE.replace("invoices_total", name),
        "src/shop/billing.py": SHOP["src/shop/billing.py"].replace("invoices_total", name),
    }
    core = split(tmp_path, files).files["src/shop/core.py"]
    assert f"from shop.core_billing import (\n    {name} as {name},\n)\n" in core
    assert max(len(line) for line in core.splitlines()) <= 88
