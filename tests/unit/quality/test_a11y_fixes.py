"""Mechanical accessibility fixes: text edits at the tag that keep the file's formatting."""

from __future__ import annotations

import pytest

from myagent.quality.a11y.fixes import apply_edits, plan_fixes
from myagent.quality.a11y.markup import MarkupKind, read_markup
from myagent.quality.a11y.rules import check_document


def fixed(text: str, kind: MarkupKind = "html", lang: str = "en") -> tuple[str, list[str]]:
    doc = read_markup(text, kind)
    plan = plan_fixes("page.html", doc, check_document(doc), lang)
    return apply_edits(text, plan.edits), list(plan.proposals)


def test_lang_is_added_to_html_or_fills_an_empty_one() -> None:
    assert (
        fixed("<html>\n<title>T</title></html>")[0] == '<html lang="en">\n<title>T</title></html>'
    )
    assert fixed("<html lang=''><title>T</title></html>", lang="de")[0].startswith(
        '<html lang="de">'
    )


def test_a_positive_tabindex_becomes_zero_in_html_and_jsx() -> None:
    assert fixed('<a href="/" tabindex="3">x</a>')[0] == '<a href="/" tabindex="0">x</a>'
    assert fixed("<a href='/' tabIndex={2}>x</a>", "jsx")[0] == "<a href='/' tabIndex={0}>x</a>"


@pytest.mark.parametrize(
    "img",
    [
        '<img src="img/spacer.gif">',
        '<img src="a.png" class="divider">',
        '<img src="dot.png" width="1" height="1">',
        '<a href="/"><img src="logo.png"> Home</a>',
    ],
)
def test_only_clearly_decorative_images_get_an_empty_alt(img: str) -> None:
    text, proposals = fixed(img)
    assert 'alt=""' in text and proposals == []


def test_a_meaningful_image_is_a_proposal_not_an_edit() -> None:
    text, proposals = fixed('<p><img src="cat.png"></p>')
    assert text == '<p><img src="cat.png"></p>'
    assert proposals == [
        'page.html:1 image-alt: image without alt text: <img src="cat.png">; '
        'describe the image in its alt attribute (alt="" if it is decorative)'
    ]


def test_a_control_after_a_text_gets_that_text_as_its_label() -> None:
    assert fixed('<form>Email: <input name="e"></form>')[0] == (
        '<form>Email: <input aria-label="Email" name="e"></form>'
    )
    assert fixed('<span>Size</span> <select name="s"></select>')[0] == (
        '<span>Size</span> <select aria-label="Size" name="s"></select>'
    )


def test_a_label_without_for_is_tied_to_the_control_by_id() -> None:
    assert (
        fixed('<label>Qty</label><input id="q">')[0] == '<label for="q">Qty</label><input id="q">'
    )
    assert fixed('<label>Qty</label><input id="q" />', "jsx")[0] == (
        '<label htmlFor="q">Qty</label><input id="q" />'
    )


def test_a_control_with_no_text_near_it_is_a_proposal() -> None:
    text, proposals = fixed('<p>x</p><input type="checkbox" name="news">')
    assert "aria-label" not in text
    assert proposals and "label" in proposals[0]


def test_the_title_comes_from_the_h1_indented_like_the_head() -> None:
    page = '<html lang="en">\n  <head>\n    <meta charset="utf-8">\n  </head>\n  <body><h1>Our teas</h1></body>\n</html>'
    assert fixed(page)[0] == page.replace("<head>\n", "<head>\n    <title>Our teas</title>\n")


def test_icon_only_buttons_and_links_are_proposals() -> None:
    text, proposals = fixed('<button><svg class="icon-x"></svg></button><a href="/b"><i></i></a>')
    assert text.startswith("<button><svg")
    assert [p.split()[1] for p in proposals] == ["button-name:", "link-name:"]


def test_fixing_a_whole_page_leaves_only_what_needs_judgement() -> None:
    page = (
        "<!doctype html>\n<html>\n<head>\n</head>\n<body>\n<h1>Shop</h1>\n<h3>Deals</h3>\n"
        '<img src="hero.jpg">\n<form>Name <input name="n" tabindex="5"></form>\n</body>\n</html>\n'
    )
    text, _ = fixed(page)
    left = {f.rule for f in check_document(read_markup(text, "html"))}
    assert left == {"heading-order", "image-alt"}
    assert text.count("\n") == page.count("\n") + 1  # only the <title> line is new
