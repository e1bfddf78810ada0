"""Mechanical fixes of accessibility findings, as text edits at the tag.

Edits insert or change one attribute (or add a `<title>`) in the original text and
leave every other byte alone, so a file keeps its formatting. What is fixed:

- `html-has-lang`: `lang="<lang>"` on `<html>` (the `[ui] lang`, default "en");
- `tabindex`: a positive tabindex becomes 0;
- `image-alt`: `alt=""` only for an image that is clearly decorative (a spacer or
  divider by its file or class name, at most 2 pixels wide or high, or inside a link
  or button that has text of its own);
- `label`/`select-name`: a control right after a short text ("Email: <input>") or a
  `<label>` with no `for` gets `aria-label="Email"` (or the label gets `for`, when the
  control has an id);
- `document-title`: a `<title>` from the page's `<h1>` when it is plain text.

Everything else becomes a proposal: one line saying what a person (or a model) should do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from myagent.quality.a11y.markup import MASK, Document, Element
from myagent.quality.a11y.rules import Finding

_DECORATIVE = re.compile(
    r"spacer|divider|separator|decor|ornament|flourish|shadow|blank\.gif", re.I
)
_PLAIN_TEXT = re.compile(r"[^\W\d_][\w .,'&/()-]{0,60}")
_TABINDEX = re.compile(r"(tabindex\s*=\s*[\"'{]?\s*)(\d+)", re.I)
_LABEL_SOURCES = frozenset({"label", "span", "b", "strong", "em", "td", "th", "dt"})
ADVICE: dict[str, str] = {
    "image-alt": 'describe the image in its alt attribute (alt="" if it is decorative)',
    "button-name": "give the button visible text or an aria-label saying what it does",
    "link-name": "give the link text or an aria-label naming where it goes",
    "label": "add a <label for=...> naming the field (or an aria-label)",
    "select-name": "add a <label for=...> naming the list (or an aria-label)",
    "heading-order": "use the next heading level (or restyle the heading with CSS)",
    "empty-heading": "put text in the heading or remove it",
    "document-title": "add a <title> naming the page",
    "duplicate-id": "give each element its own id",
    "frame-title": "add a title describing the frame",
    "meta-viewport": "let users zoom (drop user-scalable=no, maximum-scale >= 2)",
    "no-static-element-interactions": "use a <button> (or add role and tabindex with key handling)",
}


@dataclass(frozen=True)
class TextEdit:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class FixPlan:
    edits: tuple[TextEdit, ...]
    fixed: tuple[Finding, ...]
    proposals: tuple[str, ...]


def apply_edits(text: str, edits: Sequence[TextEdit]) -> str:
    """`text` with `edits` (non-overlapping) applied."""
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def _insert_attr(doc: Document, element: Element, name: str, value: str) -> TextEdit:
    at = element.start + 1 + len(element.tag)
    return TextEdit(at, at, f' {name}="{escape(value, quote=True)}"')


def _fix_lang(doc: Document, element: Element, lang: str) -> list[TextEdit]:
    raw = doc.text[element.start : element.end]
    empty = re.search(r"\blang\s*=\s*(\"\"|'')", raw)
    if empty:
        at = element.start + empty.start(1)
        return [TextEdit(at, at + 2, f'"{escape(lang, quote=True)}"')]
    return [_insert_attr(doc, element, "lang", lang)]


def _fix_tabindex(doc: Document, element: Element, lang: str) -> list[TextEdit]:
    found = _TABINDEX.search(doc.text, element.start, element.end)
    if found is None:
        return []
    return [TextEdit(found.start(2), found.end(2), "0")]


def _decorative(doc: Document, img: Element) -> bool:
    names = " ".join(img.attr(a) or "" for a in ("src", "class", "classname", "id"))
    if _DECORATIVE.search(names):
        return True
    for size in (img.attr("width"), img.attr("height")):
        if size and size.strip().isdigit() and int(size) <= 2:
            return True
    for parent in doc.ancestors(img)[:2]:
        if parent.tag in ("a", "button"):
            own = parent.text.replace(img.attr("alt") or "", "").strip()
            return bool(own)
    return False


def _fix_alt(doc: Document, element: Element, lang: str) -> list[TextEdit]:
    return [_insert_attr(doc, element, "alt", "")] if _decorative(doc, element) else []


def _clean_label(text: str) -> str:
    text = " ".join(text.split()).rstrip(":*").strip()
    return text if MASK not in text and _PLAIN_TEXT.fullmatch(text) else ""


def _fix_label(doc: Document, element: Element, lang: str) -> list[TextEdit]:
    text = _clean_label(element.before)
    if text:
        return [_insert_attr(doc, element, "aria-label", text)]
    if element.previous is None:
        return []
    previous = doc.elements[element.previous]
    text = _clean_label(previous.text)
    if previous.tag not in _LABEL_SOURCES or previous.parent != element.parent or not text:
        return []
    control_id = (element.attr("id") or "").strip()
    if (
        previous.tag == "label"
        and not previous.has("for")
        and control_id
        and MASK not in control_id
    ):
        name = "htmlFor" if doc.kind == "jsx" else "for"
        return [_insert_attr(doc, previous, name, control_id)]
    return [_insert_attr(doc, element, "aria-label", text)]


def _fix_title(doc: Document, element: Element, lang: str) -> list[TextEdit]:
    heads = doc.by_tag("head")
    headings = [h for h in doc.by_tag("h1") if h.text]
    if not heads or not headings or MASK in headings[0].text:
        return []
    title = f"<title>{escape(headings[0].text, quote=False)}</title>"
    after = doc.text[heads[0].end :]
    indent = re.match(r"\n([ \t]*)", after)
    if indent:
        title = f"\n{indent.group(1)}{title}"
    return [TextEdit(heads[0].end, heads[0].end, title)]


FIXERS: dict[str, Callable[[Document, Element, str], list[TextEdit]]] = {
    "html-has-lang": _fix_lang,
    "tabindex": _fix_tabindex,
    "image-alt": _fix_alt,
    "label": _fix_label,
    "select-name": _fix_label,
    "document-title": _fix_title,
}


def proposal(path: str, finding: Finding) -> str:
    advice = ADVICE.get(finding.rule, "fix it by hand")
    return f"{path}:{finding.line} {finding.rule}: {finding.message}; {advice}"


def plan_fixes(path: str, doc: Document, findings: Sequence[Finding], lang: str = "en") -> FixPlan:
    """The edits that fix what can be fixed mechanically, and proposals for the rest."""
    edits: list[TextEdit] = []
    fixed: list[Finding] = []
    proposals: list[str] = []
    for finding in findings:
        fixer = FIXERS.get(finding.rule)
        made = []
        if fixer is not None and finding.element is not None:
            made = fixer(doc, doc.elements[finding.element], lang)
        if made:
            edits.extend(made)
            fixed.append(finding)
        else:
            proposals.append(proposal(path, finding))
    return FixPlan(tuple(edits), tuple(fixed), tuple(proposals))
