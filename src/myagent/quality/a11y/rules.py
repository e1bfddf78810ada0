"""The static accessibility rules, one small function each, over a read `Document`.

Rule ids are axe-core's where a rule of axe checks the same thing (`image-alt`,
`label`, `button-name`, ...); `no-static-element-interactions` is eslint-plugin-jsx-a11y's.
Rules about the whole page (`html-has-lang`, `document-title`) only look at full
documents (with an `<html>` tag), not at partial templates or components.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from myagent.quality.a11y.markup import MASK, Document, Element

_HIDDEN_INPUTS = frozenset({"hidden", "submit", "button", "reset", "image"})
_PRESENTATIONAL = frozenset({"presentation", "none"})
_INTERACTIVE = frozenset(
    {"a", "button", "input", "select", "textarea", "option", "summary", "details", "label"}
)
_HEADING = re.compile(r"h([1-6])")
_NUMBER = re.compile(r"-?\d+")


@dataclass(frozen=True)
class Finding:
    """One rule broken at one element (`element`: its index in the document)."""

    rule: str
    line: int
    message: str
    element: int | None = None


def _name_attrs(element: Element) -> bool:
    """An accessible name from attributes alone."""
    return any((element.attr(a) or "").strip() for a in ("aria-label", "aria-labelledby", "title"))


def _presentational(element: Element) -> bool:
    return (element.attr("role") or "").strip().lower() in _PRESENTATIONAL


def _snippet(doc: Document, element: Element) -> str:
    raw = " ".join(doc.text[element.start : element.end].split())
    return raw if len(raw) <= 60 else raw[:57] + "..."


def image_alt(doc: Document) -> Iterator[Finding]:
    for img in doc.by_tag("img"):
        if img.has("alt") or _name_attrs(img) or _presentational(img):
            continue
        if (img.attr("aria-hidden") or "").lower() == "true":
            continue
        yield Finding(
            "image-alt", img.line, f"image without alt text: {_snippet(doc, img)}", img.index
        )


def input_image_alt(doc: Document) -> Iterator[Finding]:
    for control in doc.by_tag("input"):
        if (control.attr("type") or "").lower() != "image":
            continue
        if not (control.attr("alt") or "").strip() and not _name_attrs(control):
            yield Finding(
                "input-image-alt", control.line, "image button without alt text", control.index
            )


def _labelled_ids(doc: Document) -> set[str]:
    return {(e.attr("for") or "").strip() for e in doc.by_tag("label")} - {""}


def _has_label(doc: Document, control: Element, labelled: set[str]) -> bool:
    if _name_attrs(control) or (control.attr("placeholder") or "").strip():
        return True
    if (control.attr("id") or "").strip() in labelled:
        return True
    return any(a.tag == "label" for a in doc.ancestors(control))


def label(doc: Document) -> Iterator[Finding]:
    labelled = _labelled_ids(doc)
    for control in doc.by_tag("input", "textarea", "select"):
        if (control.attr("type") or "text").lower() in _HIDDEN_INPUTS:
            continue
        if _presentational(control) or _has_label(doc, control, labelled):
            continue
        rule = "select-name" if control.tag == "select" else "label"
        what = control.attr("name") or control.attr("id") or control.tag
        yield Finding(rule, control.line, f"form control {what!r} has no label", control.index)


def button_name(doc: Document) -> Iterator[Finding]:
    for button in doc.by_tag("button"):
        if button.text or _name_attrs(button) or _presentational(button):
            continue
        yield Finding(
            "button-name",
            button.line,
            f"button without a name: {_snippet(doc, button)}",
            button.index,
        )


def link_name(doc: Document) -> Iterator[Finding]:
    for link in doc.by_tag("a"):
        if not link.has("href") or link.text or _name_attrs(link):
            continue
        yield Finding(
            "link-name", link.line, f"link without a name: {_snippet(doc, link)}", link.index
        )


def html_has_lang(doc: Document) -> Iterator[Finding]:
    for html in doc.by_tag("html")[:1]:
        if not (html.attr("lang") or html.attr("xml:lang") or "").strip():
            yield Finding("html-has-lang", html.line, "<html> has no lang attribute", html.index)


def document_title(doc: Document) -> Iterator[Finding]:
    pages = doc.by_tag("html")[:1]
    if pages and not any(t.text.strip() for t in doc.by_tag("title")):
        yield Finding("document-title", pages[0].line, "the page has no <title>", pages[0].index)


def heading_order(doc: Document) -> Iterator[Finding]:
    previous = 0
    for element in doc.elements:
        level = _HEADING.fullmatch(element.tag)
        if level is None:
            continue
        current = int(level.group(1))
        if previous and current > previous + 1:
            yield Finding(
                "heading-order", element.line,
                f"heading level jumps from h{previous} to h{current}", element.index,
            )  # fmt: skip
        previous = current


def empty_heading(doc: Document) -> Iterator[Finding]:
    for element in doc.elements:
        if _HEADING.fullmatch(element.tag) and not element.text and not _name_attrs(element):
            yield Finding("empty-heading", element.line, f"empty <{element.tag}>", element.index)


def duplicate_id(doc: Document) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for element in doc.elements:
        value = (element.attr("id") or "").strip()
        if not value or MASK in value:
            continue
        if value in seen:
            yield Finding(
                "duplicate-id", element.line,
                f"id {value!r} is used again (first on line {seen[value]})", element.index,
            )  # fmt: skip
        else:
            seen[value] = element.line


def tabindex_value(element: Element) -> int | None:
    """The element's tabindex as a number, None when absent or not a number."""
    raw = (element.attr("tabindex") or "").replace(MASK, "").strip()
    found = _NUMBER.fullmatch(raw)
    return int(found.group(0)) if found else None


def tabindex(doc: Document) -> Iterator[Finding]:
    for element in doc.elements:
        value = tabindex_value(element)
        if value is not None and value > 0:
            yield Finding("tabindex", element.line, f"tabindex={value} (above 0)", element.index)


def frame_title(doc: Document) -> Iterator[Finding]:
    for frame in doc.by_tag("iframe", "frame"):
        if not _name_attrs(frame):
            yield Finding("frame-title", frame.line, f"<{frame.tag}> without a title", frame.index)


def meta_viewport(doc: Document) -> Iterator[Finding]:
    for meta in doc.by_tag("meta"):
        if (meta.attr("name") or "").lower() != "viewport":
            continue
        content = (meta.attr("content") or "").replace(" ", "").lower()
        scale = re.search(r"maximum-scale=(\d+(?:\.\d+)?)", content)
        if "user-scalable=no" in content or (scale and float(scale.group(1)) < 2):
            yield Finding("meta-viewport", meta.line, "the viewport forbids zooming", meta.index)


def static_interactions(doc: Document) -> Iterator[Finding]:
    for element in doc.elements:
        if not element.has("onclick") or element.tag in _INTERACTIVE or element.tag[:1].isupper():
            continue
        if element.has("role") or element.has("tabindex"):
            continue
        yield Finding(
            "no-static-element-interactions", element.line,
            f"<{element.tag}> has a click handler but no role or tabindex", element.index,
        )  # fmt: skip


RULES: tuple[Callable[[Document], Iterator[Finding]], ...] = (
    html_has_lang, document_title, image_alt, input_image_alt, label, button_name,
    link_name, heading_order, empty_heading, duplicate_id, tabindex, frame_title,
    meta_viewport, static_interactions,
)  # fmt: skip


def check_document(doc: Document) -> list[Finding]:
    """Every rule's findings, ordered by line."""
    found = [finding for rule in RULES for finding in rule(doc)]
    return sorted(found, key=lambda f: (f.line, f.rule))
