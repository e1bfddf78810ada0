"""Findings on a rendered page placed at template lines, without Chromium.

The axe results are written as `axe_driver` reports them (node html with the marks
`page_copy` puts on the rendered page), as `issues_from` reads them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from myagent.quality.a11y.axe import issues_from, page_copy
from myagent.quality.a11y.markup import Document, read_markup
from myagent.quality.a11y.rendered import read_result
from myagent.quality.a11y.source_map import TagIndex, tag_index, tag_key, trace

CATALOG = """<!doctype html>
<html>
  <head><title>Shop</title></head>
  <body>
    <ul class="cards">
$cards
    </ul>
    <a href="/basket"><svg class="icon"></svg></a>
  </body>
</html>
"""
OTHER = '<!doctype html>\n<html lang="en">\n<body>\n<a href="/home"></a>\n</body>\n</html>\n'
# what catalog_page() returns: the template with its placeholder replaced by Python's cards
RENDERED = CATALOG.replace("$cards", '<li class="card"><img src="img/tea.png"> Tea</li>')
PAGE = "<page shop.pages:catalog_page>"


def _index() -> TagIndex:
    return tag_index(
        [("templates/catalog.html", read_markup(CATALOG, "html")),
         ("templates/other.html", read_markup(OTHER, "html"))]
    )  # fmt: skip


def _rendered() -> Document:
    return read_markup(RENDERED, "html", mask=False)


def _node(copy: str, tag: str) -> str:
    """The opening tag of the first `tag` in the loaded copy, as axe shows a node."""
    start = copy.index(f"<{tag} ")
    return copy[start : copy.index(">", start) + 1]


def _result(copy: str, *found: tuple[str, str]) -> dict[str, Any]:
    violations = [
        {"id": rule, "impact": "serious", "help": rule, "nodes": [_node(copy, tag)]}
        for rule, tag in found
    ]
    return {"pages": [{"path": PAGE, "violations": violations}]}


def test_an_opening_tag_is_compared_without_marks_and_with_whitespace_normalised() -> None:
    marked = '<a  data-myagent-line="3" data-myagent-element="7"\n   href="/x">'
    assert tag_key(marked) == tag_key('<a href="/x">') == '<a href="/x">'


def test_a_finding_on_an_element_written_in_a_template_lands_on_the_templates_line() -> None:
    traced = trace(PAGE, _rendered(), _index())
    copy = page_copy(traced.doc, Path("/ws/templates"), elements=True)
    result = _result(copy, ("link-name", "a"), ("list", "ul"))
    issues, failed = issues_from(result, {PAGE: traced})
    assert failed == []
    assert [(i.path, i.line, i.code) for i in issues] == [
        ("templates/catalog.html", 8, "link-name"),
        ("templates/catalog.html", 5, "list"),
    ]


def test_a_finding_on_an_element_python_wrote_lands_on_the_page_at_its_rendered_line() -> None:
    traced = trace(PAGE, _rendered(), _index())
    copy = page_copy(traced.doc, Path("/ws/templates"), elements=True)
    issues, _ = issues_from(_result(copy, ("image-alt", "img")), {PAGE: traced})
    assert [(i.path, i.line, i.code) for i in issues] == [(PAGE, 6, "image-alt")]


def test_a_tag_written_in_several_places_is_not_attributed_to_any() -> None:
    traced = trace(PAGE, _rendered(), _index())
    body = next(e for e in traced.doc.elements if e.tag == "body")
    assert traced.origins[body.index] is None  # <body> is in both templates
    copy = page_copy(traced.doc, Path("/ws"), elements=True)
    issues, _ = issues_from(_result(copy, ("region", "body")), {PAGE: traced})
    assert [(i.path, i.line) for i in issues] == [(PAGE, 4)]


def test_an_element_the_browser_made_lands_on_the_page() -> None:
    traced = trace(PAGE, _rendered(), _index())
    assert traced.locate("<tbody>") == (PAGE, 1)
    assert traced.locate('<p data-myagent-line="9">') == (PAGE, 9)


def test_a_covered_templates_unrendered_findings_are_dropped() -> None:
    traced = trace(PAGE, _rendered(), _index())
    assert traced.covered == frozenset({"templates/catalog.html"})
    assert traced.main_file() == "templates/catalog.html"
    unrendered = {
        "path": "templates/catalog.html",
        "violations": [{"id": "list", "impact": "serious", "help": "list",
                        "nodes": ['<ul data-myagent-line="5" class="cards">']}],
    }  # fmt: skip
    other = {
        "path": "templates/other.html",
        "violations": [{"id": "link-name", "impact": "serious", "help": "link",
                        "nodes": ['<a data-myagent-line="4" href="/home">']}],
    }  # fmt: skip
    result = {"pages": [unrendered, other, {"path": PAGE, "violations": []}]}
    issues, _ = issues_from(result, {PAGE: traced}, skip=traced.covered)
    assert [(i.path, i.line, i.code) for i in issues] == [("templates/other.html", 4, "link-name")]


def test_a_rendered_page_is_read_as_it_is_not_as_a_template() -> None:
    doc = read_markup(
        '<html><body><p title="{{ x }}">{{ x }}</p></body></html>', "html", mask=False
    )
    copy = page_copy(doc, Path("/ws"), elements=True)
    assert '<p data-myagent-line="1" data-myagent-element="2" title="{{ x }}">{{ x }}</p>' in copy
    assert copy.startswith('<html data-myagent-line="1" data-myagent-element="0"><base href=')
    fragment = page_copy(read_markup("<p>hi</p>", "html", mask=False), Path("/ws"))
    assert fragment.startswith('<base href="file:///ws/">')


def test_a_render_the_driver_did_not_report_fails_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "page0.html").write_text("<p>ok</p>")
    (tmp_path / "result.json").write_text(
        json.dumps({"pages": [
            {"entry": "shop:ok", "folder": str(tmp_path)},
            {"entry": "shop:broken", "error": "KeyError: 'cards'"},
        ]})
    )  # fmt: skip
    specs = [{"entry": e, "out": str(tmp_path / f"page{n}.html")}
             for n, e in enumerate(["shop:ok", "shop:broken", "shop:slow"])]  # fmt: skip
    rendering = read_result(tmp_path / "result.json", specs, tmp_path, "rendering timeout: stopped")
    assert [(p.entry, p.html, p.folder) for p in rendering.pages] == [
        ("shop:ok", "<p>ok</p>", tmp_path)
    ]
    assert rendering.failed == (
        "shop:broken: KeyError: 'cards'",
        "shop:slow: rendering timeout: stopped",
    )
