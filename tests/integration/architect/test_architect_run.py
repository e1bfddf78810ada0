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
from myagent.director.outcome import RunStatus
from myagent.project import open_project

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


def show(root: Path, ref: str) -> str:
    done = subprocess.run(["git", "show", ref], cwd=root, capture_output=True, text=True)
    return done.stdout


def test_the_director_breaks_the_cycle_and_the_layer_violation(
    shop: Path, require_bwrap: None
) -> None:
    settings = load_settings(shop, environ={})
    project = open_project(shop, settings)
    agents = default_agents(settings, project.error_graph)
    director = Director(
        shop, settings, project.ledger, project.runner, project.monitor, agents,
        MessageBus(), project.env,
    )  # fmt: skip
    outcome = director.run()

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
