"""The Architect's codemods: which imports can move, and the code they leave."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from myagent.architecture.breaking import break_cycle, type_only_fix
from myagent.architecture.codemods import CodemodError, apply_deferrals
from myagent.architecture.cycles import find_cycles
from myagent.architecture.graph import RUNTIME, build_graph
from myagent.architecture.usage import Deferral, plan_deferral

ORDERS = textwrap.dedent(
    '''\
    """Orders."""
    # keep this comment
    import os
    from shop.customers import Customer, lookup

    SEP = os.sep


    def place(name: str) -> Customer:
        """Place an order."""
        return lookup(name)


    class Book:
        def owner(self, customer: Customer) -> str:
            return lookup(customer.name).name
    '''
)


def test_an_import_used_in_functions_and_annotations_is_planned_to_move() -> None:
    plan = plan_deferral(ORDERS, 4)
    assert isinstance(plan, Deferral)
    assert plan.into == (("Book.owner", ("lookup",)), ("place", ("lookup",)))
    assert plan.type_only == ("Customer",)
    assert plan.needs_future is True


def test_the_codemod_moves_the_import_and_keeps_the_rest_of_the_file() -> None:
    plan = plan_deferral(ORDERS, 4)
    assert isinstance(plan, Deferral)
    after = apply_deferrals(ORDERS, [plan])
    assert after == textwrap.dedent(
        '''\
        """Orders."""

        from __future__ import annotations

        # keep this comment
        import os
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from shop.customers import Customer

        SEP = os.sep


        def place(name: str) -> Customer:
            """Place an order."""
            from shop.customers import lookup
            return lookup(name)


        class Book:
            def owner(self, customer: Customer) -> str:
                from shop.customers import lookup
                return lookup(customer.name).name
        '''
    )
    compile(after, "orders.py", "exec")


@pytest.mark.parametrize(
    ("source", "line", "why"),
    [
        ("import os\nX = os.sep\n", 1, "os is used when the module is imported"),
        ("import os\n", 1, "os is not used in this module"),
        ("from a import *\n", 1, "a star import cannot move"),
        (
            "from a import b\n__all__ = ['b']\ndef f():\n    return b\n",
            1,
            "bound twice or exported",
        ),
        ("from a import B\nclass C:\n    x: B\n", 1, "B is used when the module is imported"),
        ("from a import b\n@b\ndef f():\n    pass\n", 1, "b is used when the module is imported"),
        ("from a import b\ndef f(x=b):\n    pass\n", 1, "b is used when the module is imported"),
        ("from a import b\ndef f(): return b\n", 1, "written on one line"),
        ("import os\n", 2, "no single top-level import on line 2"),
    ],
)
def test_imports_that_cannot_move_say_why(source: str, line: int, why: str) -> None:
    plan = plan_deferral(source, line)
    assert isinstance(plan, str) and why in plan


def test_a_decorated_function_keeps_its_annotations_at_run_time() -> None:
    source = "from a import B\nimport app\n@app.command()\ndef f(x: B) -> None:\n    pass\n"
    assert plan_deferral(source, 1) == "B is used when the module is imported"


def test_an_existing_type_checking_block_is_reused() -> None:
    source = textwrap.dedent(
        """\
        from __future__ import annotations

        from typing import TYPE_CHECKING

        from a import B

        if TYPE_CHECKING:
            from c import D


        def f(x: B, y: D) -> None:
            pass
        """
    )
    plan = plan_deferral(source, 5)
    assert isinstance(plan, Deferral) and not plan.needs_future
    after = apply_deferrals(source, [plan])
    assert "if TYPE_CHECKING:\n    from c import D\n    from a import B\n" in after
    assert after.count("from typing import TYPE_CHECKING") == 1


def test_a_stale_plan_is_an_error() -> None:
    plan = plan_deferral(ORDERS, 4)
    assert isinstance(plan, Deferral)
    with pytest.raises(CodemodError, match="no import at line 4"):
        apply_deferrals("x = 1\n", [plan])


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text))
    return root


CYCLE = {
    "shop/__init__.py": "",
    "shop/customers.py": """
        from shop.orders import count


        class Customer:
            name = "c"


        def lookup(name: str) -> Customer:
            return Customer() if count() >= 0 else Customer()
    """,
    "shop/orders.py": """
        from shop.customers import Customer, lookup


        def count() -> int:
            return 0


        def place(name: str) -> Customer:
            return lookup(name)
    """,
}


def test_break_cycle_moves_the_cheapest_import_and_leaves_no_cycle(tmp_path: Path) -> None:
    root = write(tmp_path, CYCLE)
    graph = build_graph(root, ["shop"], ["."])
    [cycle] = find_cycles(graph.adjacency(RUNTIME))
    fix = break_cycle(root, graph, cycle)
    assert not isinstance(fix, str), fix
    # customers -> orders touches one function; orders -> customers needs Customer too
    assert list(fix.files) == ["shop/customers.py"]
    assert fix.moved == (
        "shop.customers -> shop.orders: from shop.orders import count (into lookup)",
    )
    write(root, fix.files)
    assert find_cycles(build_graph(root, ["shop"], ["."]).adjacency(RUNTIME)) == []


def test_a_cycle_through_imports_used_at_import_time_cannot_be_broken(tmp_path: Path) -> None:
    files = {
        "p/__init__.py": "",
        "p/a.py": "from p.b import B\nA = B\n",
        "p/b.py": "from p.a import A\nB = 1\nC = A\n",
    }
    root = write(tmp_path, files)
    graph = build_graph(root, ["p"], ["."])
    [cycle] = find_cycles(graph.adjacency(RUNTIME))
    why = break_cycle(root, graph, cycle)
    assert isinstance(why, str)
    assert why.startswith("no import on p.a -> p.b -> p.a can move (p/a.py:1: B is used")


def test_a_layer_violation_only_annotations_need_moves_under_type_checking(tmp_path: Path) -> None:
    files = {
        "p/__init__.py": "",
        "p/low.py": "from p.high import Thing\n\n\ndef use(t: Thing) -> None:\n    pass\n",
        "p/high.py": "class Thing:\n    pass\n",
        "p/low2.py": "from p.high import Thing\n\n\ndef make() -> object:\n    return Thing()\n",
    }
    root = write(tmp_path, files)
    graph = build_graph(root, ["p"], ["."])
    fix = type_only_fix(root, graph, "p.low", ["p.high"])
    assert not isinstance(fix, str)
    assert "if TYPE_CHECKING:\n    from p.high import Thing" in fix.files["p/low.py"]
    assert type_only_fix(root, graph, "p.low2", ["p.high"]) == (
        "p.low2 uses what it imports from p.high at run time"
    )
