"""The static accessibility rules, each on markup that breaks it and markup that does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from myagent.quality.a11y.markup import MASK, mask_jsx, mask_template, read_markup
from myagent.quality.a11y.rules import check_document
from myagent.quality.a11y.static import check_tree, markup_files

PAGE = """<!doctype html>
<html lang="en"><head><title>Shop</title></head>
<body>{}</body></html>
"""


def rules_of(body: str, kind: str = "html") -> list[str]:
    text = PAGE.format(body) if kind == "html" else body
    return [f.rule for f in check_document(read_markup(text, kind))]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("bad", "good", "rule"),
    [
        ('<img src="a.png">', '<img src="a.png" alt="A cat">', "image-alt"),
        ('<img src="a.png">', '<img src="a.png" role="presentation">', "image-alt"),
        (
            '<input type="image" src="go.png">',
            '<input type="image" src="go.png" alt="Go">',
            "input-image-alt",
        ),
        ('<input name="q">', '<label for="q">Find</label><input id="q" name="q">', "label"),
        ('<input name="q">', '<label>Find <input name="q"></label>', "label"),
        ('<input name="q">', '<input name="q" aria-label="Find">', "label"),
        (
            '<textarea name="t"></textarea>',
            '<textarea name="t" aria-labelledby="x"></textarea>',
            "label",
        ),
        ('<select name="s"></select>', '<select name="s" title="Size"></select>', "select-name"),
        ("<button></button>", "<button>Save</button>", "button-name"),
        (
            "<button><svg></svg></button>",
            '<button><img src="s.png" alt="Save"></button>',
            "button-name",
        ),
        ('<a href="/x"></a>', '<a href="/x">Home</a>', "link-name"),
        (
            '<a href="/x"><i class="icon"></i></a>',
            '<a href="/x" aria-label="Home"><i></i></a>',
            "link-name",
        ),
        ("<h1>A</h1><h3>B</h3>", "<h1>A</h1><h2>B</h2><h3>C</h3><h2>D</h2>", "heading-order"),
        ("<h2></h2>", "<h2>News</h2>", "empty-heading"),
        ('<p id="a"></p><p id="a"></p>', '<p id="a"></p><p id="b"></p>', "duplicate-id"),
        ('<a href="/" tabindex="2">x</a>', '<a href="/" tabindex="0">x</a>', "tabindex"),
        (
            '<iframe src="m.html"></iframe>',
            '<iframe src="m.html" title="Map"></iframe>',
            "frame-title",
        ),
        (
            '<meta name="viewport" content="width=device-width, user-scalable=no">',
            '<meta name="viewport" content="width=device-width">',
            "meta-viewport",
        ),
        (
            '<div onclick="go()">x</div>',
            '<div onclick="go()" role="button" tabindex="0">x</div>',
            "no-static-element-interactions",
        ),
    ],
)
def test_each_rule_flags_the_defect_and_not_the_fixed_markup(
    bad: str, good: str, rule: str
) -> None:
    assert rule in rules_of(bad)
    assert rule not in rules_of(good)


def test_page_rules_need_a_whole_document_and_report_the_html_line() -> None:
    found = check_document(
        read_markup("<!doctype html>\n<html>\n<body><p>x</p></body></html>", "html")
    )
    assert [(f.rule, f.line) for f in found] == [("document-title", 2), ("html-has-lang", 2)]
    assert rules_of("<p>a partial template</p>", "template") == []


def test_templates_are_read_around_their_syntax_with_lines_kept() -> None:
    text = '{% extends "base.html" %}\n{% if x %}\n<a href="/">{{ name }}</a>\n<img src="{{ src }}">\n{% endif %}'
    masked = mask_template(text)
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    found = check_document(read_markup(text, "template"))
    assert [(f.rule, f.line) for f in found] == [("image-alt", 4)]  # the link has a name


def test_a_templated_id_is_never_a_duplicate() -> None:
    text = '{% for i in items %}<li id="row-{{ i }}">x</li><li id="row-{{ i }}">y</li>{% endfor %}'
    assert rules_of(text, "template") == []


def test_jsx_attributes_and_components_are_read() -> None:
    text = (
        "export const A = () => (\n"
        '  <div onClick={() => go(1)} className="x">\n'
        "    <Button icon={trash} />\n"
        '    <label htmlFor="q">Find</label><input id="q" tabIndex={3} />\n'
        "    <img src={logo} />\n"
        "  </div>\n);\n"
    )
    assert MASK in mask_jsx(text) and len(mask_jsx(text)) == len(text)
    found = [(f.rule, f.line) for f in check_document(read_markup(text, "jsx"))]
    # the component <Button> is not a <button>; htmlFor labels the input
    assert found == [("no-static-element-interactions", 2), ("tabindex", 4), ("image-alt", 5)]


def test_the_tree_check_finds_markup_files_and_skips_vendored_folders(tmp_path: Path) -> None:
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "index.html").write_text(PAGE.format("<img src='a.png'>"))
    (tmp_path / "web" / "App.tsx").write_text("<button></button>")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "x.html").write_text("<img>")
    (tmp_path / "notes.txt").write_text("<img>")
    assert [f.path for f in markup_files(tmp_path)] == ["web/App.tsx", "web/index.html"]
    issues, run = check_tree(tmp_path)
    assert {(i.path, i.code) for i in issues} == {
        ("web/index.html", "image-alt"),
        ("web/App.tsx", "button-name"),
    }
    assert run.tool == "a11y" and run.status == "ok" and run.detail == "2 file(s)"


def test_a_project_without_markup_has_nothing_to_report(tmp_path: Path) -> None:
    issues, run = check_tree(tmp_path)
    assert issues == [] and run.status == "ok" and run.detail == "no markup files"
