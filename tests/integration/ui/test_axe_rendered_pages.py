"""axe-core on pages a project renders (`[ui] pages`), in real Chromium and bubblewrap.

The project: a `string.Template` page whose `<ul>` holds a `$items` placeholder (axe
flags it `list` when the template is loaded unrendered) and whose items, written by
Python code, hold an `<img>` without alt text (only the rendered page has it).
"""

from __future__ import annotations

from pathlib import Path

from myagent.config import ProjectConfig, UiConfig
from myagent.protocol import ToolStatus
from myagent.quality.a11y.measure import measure_a11y
from myagent.quality.layout import detect_layout
from myagent.sandbox.runner import SandboxRunner

TEMPLATE = """<!doctype html>
<html lang="en">
<head><title>Shop</title></head>
<body>
<main>
<h1>Shop</h1>
<ul class="items">
$items
</ul>
<a href="/basket"></a>
</main>
</body>
</html>
"""
PAGES = """
from pathlib import Path
from string import Template

TEMPLATE = Template((Path(__file__).parent / "templates" / "index.html").read_text())


def index_page(count):
    items = "".join(f'<li><img src="p{n}.png"> Product {n}</li>' for n in range(count))
    return TEMPLATE.substitute(items=items)


def broken_page():
    return TEMPLATE.substitute(things="")
"""
PAGE = "<page shop.pages:index_page(2)>"


def _project(root: Path) -> Path:
    (root / "src/shop/templates").mkdir(parents=True)
    (root / "src/shop/__init__.py").write_text("")
    (root / "src/shop/pages.py").write_text(PAGES)
    (root / "src/shop/templates/index.html").write_text(TEMPLATE)
    return root


def test_axe_checks_the_rendered_page_instead_of_the_masked_template(
    tmp_path: Path, sandbox: SandboxRunner, chromium: Path
) -> None:
    layout = detect_layout(_project(tmp_path), ProjectConfig())
    unrendered, _ = measure_a11y(sandbox, layout)
    assert ("src/shop/templates/index.html", 7, "list") in {
        (i.path, i.line, i.code) for i in unrendered
    }  # the placeholder's false positive, without pages

    ui = UiConfig(pages=["shop.pages:index_page(2)"])
    issues, runs = measure_a11y(sandbox, layout, ui)
    axe_run = runs[1]
    assert axe_run.status is ToolStatus.OK, axe_run.detail
    assert axe_run.detail.startswith("axe 4.14.1 on 1 page(s) and 1 rendered page(s)")
    found = [(i.path, i.line, i.code) for i in issues]
    assert not any(code == "list" for _, _, code in found)
    # Python wrote the two <img>: at their line in the rendered page, one finding each
    assert found.count((PAGE, 8, "image-alt")) == 2
    # the template wrote the <a>: at its line there, where the static finding merges with it
    assert [f for f in found if f[2] == "link-name"] == [
        ("src/shop/templates/index.html", 10, "link-name")
    ]


def test_a_page_that_fails_to_render_is_reported_and_the_rest_is_measured(
    tmp_path: Path, sandbox: SandboxRunner, chromium: Path
) -> None:
    layout = detect_layout(_project(tmp_path), ProjectConfig())
    ui = UiConfig(pages=["shop.pages:broken_page", "shop.pages:index_page(1)"])
    issues, runs = measure_a11y(sandbox, layout, ui)
    axe_run = runs[1]
    assert axe_run.status is ToolStatus.OK
    assert axe_run.detail.startswith(
        "axe 4.14.1 on 1 page(s) and 1 rendered page(s);"
        " 1 render failed: shop.pages:broken_page: KeyError: 'items'"
    )
    assert ("<page shop.pages:index_page(1)>", 8, "image-alt") in {
        (i.path, i.line, i.code) for i in issues
    }
    assert not any("KeyError" in i.message or "broken_page" in i.path for i in issues)
