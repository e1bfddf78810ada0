"""The Architect on a small real project: the Director breaks an import cycle and fixes
a layer violation through the ratchet; `myagent architecture` writes the review."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from myagent.agents.registry import default_agents
from myagent.bus import MessageBus
from myagent.config import load_settings
from myagent.director.loop import Director
from myagent.director.outcome import RunOutcome, RunStatus
from myagent.project import Project, open_project

MakeProject = Callable[[Path, dict[str, str]], Path]

FILES = {
    "src/shop/__init__.py": "",
    "src/shop/customers.py": """
        import shop.orders


        class Customer:
            def __init__(self, name: str) -> None:
                self.name = name


        def lookup(name: str) -> Customer:
            return Customer(name * (shop.orders.count() + 1))
    """,
    "src/shop/orders.py": """
        from shop.customers import Customer, lookup

        _PLACED: list[str] = []


        def count() -> int:
            return len(_PLACED)


        def place(name: str) -> Customer:
            _PLACED.append(name)
            return lookup(name)
    """,
    "src/shop/db.py": """
        from shop.customers import Customer


        def save(customer: Customer) -> str:
            return "saved"
    """,
    "tests/test_shop.py": """
        from shop.orders import place  # first: shop.db first fails on the cycle
        from shop.db import save


        def test_place_looks_the_customer_up():
            assert place("ann").name == "annann"


        def test_save():
            assert save(None) == "saved"
    """,
    "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["src"]\n',
    "myagent.toml": """
        [gates]
        tests_pass_rate = 1.0
        import_cycles = 0
        layer_violations = 0

        [budget]
        max_iterations = 3
        stall_iterations = 2

        [architecture]
        layers = ["shop.orders : shop.customers", "shop.db"]
    """,
}


@pytest.fixture
def shop(tmp_path: Path, make_project: MakeProject) -> Path:
    root = make_project(tmp_path / "shop", FILES)
    subprocess.run(["git", "config", "user.name", "t"], cwd=root, check=True)
    subprocess.run(["git", "config", "user.email", "t@example.invalid"], cwd=root, check=True)
    return root


def run_director(root: Path) -> tuple[RunOutcome, Project]:
    """A run of the default agents, without a model, on the project at `root`."""
    settings = load_settings(root, environ={})
    project = open_project(root, settings)
    agents = default_agents(settings, project.error_graph)
    director = Director(
        root, settings, project.ledger, project.runner, project.monitor, agents,
        MessageBus(), project.env,
    )  # fmt: skip
    return director.run(), project


def show(root: Path, ref: str) -> str:
    done = subprocess.run(["git", "show", ref], cwd=root, capture_output=True, text=True)
    return done.stdout


def test_the_director_breaks_the_cycle_and_the_layer_violation(
    shop: Path, require_bwrap: None
) -> None:
    outcome, project = run_director(shop)

    assert outcome.status == RunStatus.GATES_MET, outcome.reason
    assert {g.name: g.value for g in outcome.gates} == {
        "tests_pass_rate": 1.0,
        "import_cycles": 0.0,
        "layer_violations": 0.0,
    }
    proposals = [
        a for a in project.ledger.actions(outcome.run_id) if a.action == "propose" and a.accepted
    ]
    by_strategy = {a.details["strategy"]: a for a in proposals}
    cycle = by_strategy["defer-imports:shop.customers"]
    assert cycle.metrics_before["import_cycles"] == 1 and cycle.metrics_after["import_cycles"] == 0
    assert by_strategy["type-only:shop.db"].metrics_after["layer_violations"] == 0
    customers = show(shop, f"{outcome.branch}:src/shop/customers.py")
    assert "    import shop.orders\n" in customers  # moved into lookup()
    db = show(shop, f"{outcome.branch}:src/shop/db.py")
    assert "if TYPE_CHECKING:\n    from shop.customers import Customer" in db
    assert (shop / "src/shop/customers.py").read_text().startswith("import shop.orders\n")
    review = (shop / ".myagent/reports/architecture.md").read_text()
    assert "## Refactoring plan" in review


def test_the_architecture_command_writes_the_review(shop: Path, require_bwrap: None) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "myagent", "architecture", str(shop)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "modules: 4, import edges: 3"
    assert lines[1] == ("import cycles: 1 (e.g. shop.customers -> shop.orders -> shop.customers)")
    assert lines[2] == "layer violations: 1"
    assert lines[-1].startswith(f"review: {shop / '.myagent/reports/architecture.md'} (")
    review = (shop / ".myagent/reports/architecture.md").read_text()
    assert "shop.db (layer 2) imports shop.customers (layer 1)" in review
    assert "1. Break the cycle between shop.customers, shop.orders" in review


GOD = {
    "src/shop/__init__.py": "",
    "src/shop/money.py": "def cents(x: float) -> int:\n    return round(x * 100)\n",
    "src/shop/text.py": "def label(s: str) -> str:\n    return s.strip().title()\n",
    "src/shop/core.py": '''
        """Everything the shop does."""

        from shop.money import cents
        from shop.text import label


        def tax(amount: int) -> int:
            return amount // 5


        def invoice_total(prices: list[float]) -> int:
            total = sum(cents(p) for p in prices)
            return total + tax(total)


        def invoice_title(name: str) -> str:
            return "Invoice for " + label(name)


        def weight_class(grams: int) -> str:
            return "heavy" if grams > 1000 else "light"


        def ship_cost(grams: int) -> int:
            return 900 if weight_class(grams) == "heavy" else 400


        def ship_label(name: str) -> str:
            return label(name) + " (parcel)"
    ''',
    "src/shop/billing.py": """
        from shop.core import invoice_title, invoice_total


        def bill(name: str, prices: list[float]) -> str:
            return f"{invoice_title(name)}: {invoice_total(prices)}"
    """,
    "src/shop/shipping.py": """
        from shop.core import ship_cost, ship_label


        def ship(name: str, grams: int) -> str:
            return f"{ship_label(name)}: {ship_cost(grams)}"
    """,
    "tests/test_shop.py": """
        from shop.billing import bill
        from shop.core import tax, weight_class
        from shop.shipping import ship


        def test_bill():
            assert bill(" ann ", [1.0, 2.5]) == "Invoice for Ann: 420"


        def test_ship():
            assert ship("bob", 2000) == "Bob (parcel): 900"


        def test_core_names_still_import():
            assert tax(100) == 20 and weight_class(10) == "light"
    """,
    "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["src"]\n',
    "myagent.toml": """
        [gates]
        tests_pass_rate = 1.0
        god_modules = 0

        [budget]
        max_iterations = 2
        stall_iterations = 2

        [architecture]
        # small limits, so this small module counts as a god module
        god_lines = 25
        god_definitions = 6
        god_fan_in = 2
        god_fan_out = 2
    """,
}


def test_the_director_splits_a_god_module_and_its_callers_keep_working(
    tmp_path: Path, make_project: MakeProject, require_bwrap: None
) -> None:
    root = make_project(tmp_path / "god", GOD)
    outcome, project = run_director(root)  # no model: the codemod alone

    assert outcome.status == RunStatus.GATES_MET, outcome.reason
    assert {g.name: g.value for g in outcome.gates} == {"tests_pass_rate": 1.0, "god_modules": 0.0}
    (split,) = [
        a for a in project.ledger.actions(outcome.run_id) if a.action == "propose" and a.accepted
    ]
    assert split.details["strategy"] == "split-module:shop.core"
    assert split.metrics_before["god_modules"] == 1 and split.metrics_after["god_modules"] == 0
    changed = subprocess.run(
        ["git", "diff", "--name-status", f"{outcome.branch}~1", outcome.branch],
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout.split("\n")  # fmt: skip
    added = [line.split("\t")[1] for line in changed if line.startswith("A\t")]
    assert len(added) == 1 and added[0].startswith("src/shop/core_")
    core = show(root, f"{outcome.branch}:src/shop/core.py")
    new_module = added[0].removeprefix("src/").removesuffix(".py").replace("/", ".")
    assert f"from {new_module} import " in core  # the moved names are re-exported
    assert core.count("\ndef ") < 6
