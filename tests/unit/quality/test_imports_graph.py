"""The import graph, its cycles, layers, god modules and the `imports` quality step."""

from __future__ import annotations

import textwrap
from pathlib import Path

from myagent.architecture.cycles import find_cycles
from myagent.architecture.findings import Thresholds, analyze
from myagent.architecture.graph import RUNTIME, build_graph, module_name, resolve_relative
from myagent.architecture.layers import check_layers, infer_layers, violation_count
from myagent.architecture.review import plan_items, render_review
from myagent.config import ArchitectureConfig, ProjectConfig
from myagent.protocol import ToolStatus
from myagent.quality.imports import measure_imports
from myagent.quality.layout import detect_layout


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


SHOP = {
    "src/shop/__init__.py": "from .cart import Cart\n",
    "src/shop/cart.py": """
        from __future__ import annotations
        from typing import TYPE_CHECKING
        import json
        from . import prices
        from shop.db import models

        if TYPE_CHECKING:
            from shop.web.views import View


        class Cart:
            def total(self) -> int:
                from .web import views
                return prices.price() + len(views.NAME)
    """,
    "src/shop/prices.py": "from shop.cart import Cart\n\ndef price() -> int:\n    return 1\n",
    "src/shop/db/__init__.py": "",
    "src/shop/db/models.py": "from ..prices import price\n",
    "src/shop/web/__init__.py": "",
    "src/shop/web/views.py": "from shop import cart\nNAME = 'v'\n",
    "src/shop/broken.py": "def (:\n",
    "tests/test_cart.py": "from shop.cart import Cart\n",
}


def test_edges_resolve_relative_imports_and_keep_their_kind(tmp_path: Path) -> None:
    root = write(tmp_path, SHOP)
    graph = build_graph(root, ["src/shop"], ["src"])
    assert "shop.cart" in graph.modules and "shop" in graph.modules
    assert graph.unparsed == ("src/shop/broken.py",)
    edges = {(e.importer, e.imported, e.kind) for e in graph.edges}
    assert ("shop.cart", "shop.prices", "module") in edges  # from . import prices
    assert ("shop.cart", "shop.db.models", "module") in edges
    assert ("shop.cart", "shop.web.views", "type_checking") in edges
    assert ("shop.cart", "shop.web.views", "function") in edges  # from .web import views
    assert ("shop.db.models", "shop.prices", "module") in edges  # from ..prices
    assert not any(e.imported == "json" for e in graph.edges)  # outside the project
    assert not any(e.importer.startswith("tests") for e in graph.edges)


def test_names_and_relative_resolution() -> None:
    assert module_name("src/pkg/a/__init__.py", ["src"]) == "pkg.a"
    assert module_name("pkg/a/b.py", ["."]) == "pkg.a.b"
    assert resolve_relative("x", 2, "pkg.sub") == "pkg.x"
    assert resolve_relative(None, 1, "pkg") == "pkg"
    assert resolve_relative("x", 3, "pkg") is None  # beyond the top package


def test_cycles_count_only_imports_that_run_at_import_time(tmp_path: Path) -> None:
    graph = build_graph(write(tmp_path, SHOP), ["src/shop"], ["src"])
    cycles = find_cycles(graph.adjacency(RUNTIME))
    # cart -> prices -> cart; cart -> db.models -> prices -> cart: one component
    assert [c.modules for c in cycles] == [("shop.cart", "shop.db.models", "shop.prices")]
    assert cycles[0].describe() == "shop.cart -> shop.prices -> shop.cart"
    findings = analyze(graph)
    # the views cycle goes through a function import and TYPE_CHECKING only
    assert any("shop.web.views" in c.modules for c in findings.latent_cycles)


def test_layers_allow_imports_downwards_only(tmp_path: Path) -> None:
    graph = build_graph(write(tmp_path, SHOP), ["src/shop"], ["src"])
    layers = ["shop.web", "shop.cart | shop.prices", "shop.db"]
    violations = check_layers(graph, layers)
    found = {(v.importer, v.imported) for v in violations}
    assert ("shop.db.models", "shop.prices") in found  # lowest layer imports upwards
    assert ("shop.cart", "shop.web.views") in found  # a function import still depends
    assert ("shop.cart", "shop.prices") in found  # siblings declared independent
    assert ("shop.web.views", "shop.cart") not in found  # downwards is fine
    detail = next(v.detail for v in violations if v.importer == "shop.db.models")
    assert detail == "shop.db (layer 3) imports shop.prices (layer 2)"
    tangled = check_layers(graph, ["shop.web", "shop.cart : shop.prices", "shop.db"])
    assert ("shop.cart", "shop.prices") not in {(v.importer, v.imported) for v in tangled}
    assert violation_count(violations) == len(found)


def test_independent_groups_must_not_import_each_other(tmp_path: Path) -> None:
    graph = build_graph(write(tmp_path, SHOP), ["src/shop"], ["src"])
    violations = check_layers(graph, [], [["shop.web", "shop.cart"], ["shop.nothing"]])
    assert {(v.importer, v.imported, v.rule) for v in violations} == {
        ("shop.cart", "shop.web.views", "independent"),  # inside Cart.total
        ("shop.web.views", "shop.cart", "independent"),
    }
    assert violations[0].detail.endswith("declared independent")
    assert check_layers(graph, [], [["shop.db", "shop.web"]]) == []


def test_inferred_layers_put_importers_above_what_they_import(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/cli.py": "from app import service\n",
        "app/service.py": "from app import store, util\n",
        "app/store.py": "from app import util\n",
        "app/util.py": "",
        "app/other.py": "",
    }
    inferred = infer_layers(build_graph(write(tmp_path, files), ["app"], ["."]))
    assert inferred.levels == (
        ("app.cli",),
        ("app.service",),
        ("app.store",),
        ("app.other", "app.util"),
    )
    assert inferred.tangled == ()
    assert inferred.as_toml() == (
        'layers = ["app.cli", "app.service", "app.store", "app.other | app.util"]'
    )


def test_god_modules_need_size_definitions_and_coupling(tmp_path: Path) -> None:
    big = "\n".join(f"def f{i}():\n    return {i}\n" for i in range(40))
    files = {f"p/m{i}.py": "from p import hub\n" for i in range(6)}
    files["p/__init__.py"] = ""
    files["p/hub.py"] = "from p import a, b, c\n" + big
    files |= {f"p/{n}.py": "" for n in "abc"}
    graph = build_graph(write(tmp_path, files), ["p"], ["."])
    strict = Thresholds(god_lines=50, god_definitions=30, god_fan_in=5, god_fan_out=3)
    assert [m.module for m in analyze(graph, thresholds=strict).god_modules] == ["p.hub"]
    assert analyze(graph).god_modules == []  # 121 lines is not big by default


def test_the_review_lists_findings_and_a_numbered_plan(tmp_path: Path) -> None:
    graph = build_graph(write(tmp_path, SHOP), ["src/shop"], ["src"])
    complexity = {"src/shop/cart.py:Cart.total": 14, "src/shop/prices.py:price": 2}
    findings = analyze(graph, complexity, layers=["shop.web", "shop.cart", "shop.db"])
    text = render_review(findings, "shop")
    assert text.startswith("# Design review: shop\n")
    assert "- import cycles (at import time): 1" in text
    assert "shop.cart -> shop.prices -> shop.cart" in text
    assert "- src/shop/cart.py:Cart.total: 14" in text and "price: 2" not in text
    assert "not parsed, left out: src/shop/broken.py" in text
    kinds = [item.kind for item in plan_items(findings)]
    assert kinds[0] == "cycle" and "layer" in kinds and "complexity" in kinds
    assert "1. Break the cycle between shop.cart, shop.db.models, shop.prices" in text


def test_without_layers_the_review_proposes_inferred_ones(tmp_path: Path) -> None:
    graph = build_graph(write(tmp_path, SHOP), ["src/shop"], ["src"])
    text = render_review(analyze(graph))
    assert "## Inferred layers (not enforced)" in text
    assert "[architecture]" in text and "layers = [" in text
    assert "- layer violations: no layers declared" in text


def test_the_quality_step_measures_cycles_and_violations(tmp_path: Path) -> None:
    root = write(tmp_path, SHOP)
    layout = detect_layout(root, ProjectConfig())
    metrics, run = measure_imports(layout)
    assert metrics == {"import_cycles": 1.0, "god_modules": 0.0, "max_fan_out": 3.0}
    assert run.tool == "imports" and run.status is ToolStatus.OK
    assert run.detail.startswith("7 modules, ") and "1 cycles" in run.detail
    assert "0 god modules, fan-out up to 3" in run.detail
    assert "1 file(s) not parsed" in run.detail
    # the god-module limits come from [architecture]: only shop.cart reaches all four
    limits = ArchitectureConfig(god_lines=10, god_definitions=2, god_fan_in=3, god_fan_out=3)
    metrics, run = measure_imports(layout, limits)
    assert metrics["god_modules"] == 1.0 and "1 god modules" in run.detail
    arch = ArchitectureConfig(layers=["shop.web", "shop.cart", "shop.db"])
    metrics, run = measure_imports(layout, arch)
    assert metrics["layer_violations"] == 1.0  # cart -> web.views; prices is in no layer
    assert "1 layer violations" in run.detail
