"""Tolerant reading of HTML, Jinja templates and JSX/TSX into elements with positions.

`read_markup(text, kind)` masks what is not markup, then runs the standard library's
`html.parser` over the result and returns a `Document`: every start tag in document
order, with its attributes, line and column, its offsets in the text, its parent, and
the text it (with its descendants) holds.

Masking keeps every offset and newline, so positions are valid in the original text:

- templates (Jinja, Django): `{{ expr }}` becomes `MASK` characters (an expression
  yields text: `<a>{{ name }}</a>` has a name); `{% stmt %}` and `{# comment #}`
  become spaces (both branches of an `if` are read, a loop body once);
- JSX/TSX: a `{...}` inside a tag (an attribute value, a spread) becomes a quoted
  string of `MASK` characters (a number keeps its digits), so `onClick={() => go()}` does not end the tag at `=>`; `{expr}`
  children stay as text. Attribute names are read in lower case (`htmlFor` is
  `htmlfor`, read as `for`); an element whose name starts with a capital letter is a
  component and no rule looks at it.

Limits: JavaScript outside tags is read as text, so a comparison written `a<b` may be
taken for a tag; JSX built by functions (`React.createElement`) is not seen; the value
of a masked attribute is unknown (a masked `alt` counts as present, a masked `id` is
never a duplicate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from typing import Literal

MarkupKind = Literal["html", "template", "jsx"]
MASK = "\u00b7"  # stands for text a template or JSX expression produces
VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_TAG_NAME = re.compile(r"<([^\s/>]+)")


def looks_like_template(text: str) -> bool:
    """True when the text holds template syntax (`{{ }}`, `{% %}`)."""
    return "{{" in text or "{%" in text


def _blank(chunk: str, fill: str) -> str:
    return "".join(c if c == "\n" else fill for c in chunk)


def mask_template(text: str) -> str:
    """`text` with template expressions masked and statements blanked (offsets kept)."""

    def repl(match: re.Match[str]) -> str:
        chunk = match.group(0)
        return _blank(chunk, MASK if chunk.startswith("{{") else " ")

    return _TEMPLATE.sub(repl, text)


def mask_jsx(text: str) -> str:
    """`text` with every `{...}` inside a JSX tag masked (offsets kept)."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        if text[i] == "<" and i + 1 < n and (text[i + 1].isalpha() or text[i + 1] == "/"):
            i = _mask_tag(text, out, i + 1)
        else:
            i += 1
    return "".join(out)


def _mask_tag(text: str, out: list[str], i: int) -> int:
    """Mask the braces of the tag starting before `i`; the offset after the tag."""
    quote = ""
    while i < len(text):
        c = text[i]
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'":
            quote = c
        elif c == "{":
            end = _closing_brace(text, i)
            inner = text[i + 1 : end - 1].strip()
            for k in range(i + 1, end - 1):
                if text[k] != "\n":
                    out[k] = MASK
            if inner.isdigit():  # a literal number is kept: tabIndex={2}
                out[i + 1 : i + 1 + len(inner)] = inner
            out[i], out[end - 1] = '"', '"'  # a quoted value, whatever it holds
            i = end
            continue
        elif c == ">":
            return i + 1
        i += 1
    return i


def _closing_brace(text: str, i: int) -> int:
    depth = 0
    quote = ""
    for k in range(i, len(text)):
        c = text[k]
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'`":
            quote = c
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return k + 1
    return len(text)


@dataclass(frozen=True)
class Element:
    """One start tag and what it holds."""

    index: int  # in document order
    tag: str  # lower case; a JSX component keeps its capitalised name
    attrs: tuple[tuple[str, str | None], ...]
    line: int  # 1-based
    col: int  # 0-based
    start: int  # offset of "<" in the text
    end: int  # offset after the start tag's ">"
    parent: int | None
    text: str  # text of the element and its descendants (img alt and aria-label included)
    before: str  # text between the previous tag and this one, stripped
    previous: int | None  # the sibling element that closed right before this one

    def attr(self, name: str) -> str | None:
        """The attribute's value ("" when given without one), None when absent."""
        for key, value in self.attrs:
            if key == name:
                return "" if value is None else value
        return None

    def has(self, name: str) -> bool:
        return self.attr(name) is not None


@dataclass(frozen=True)
class Document:
    text: str  # the original text
    kind: MarkupKind
    source: str  # the text as read: template and JSX expressions masked (same offsets)
    elements: tuple[Element, ...]

    def by_tag(self, *tags: str) -> list[Element]:
        return [e for e in self.elements if e.tag in tags]

    def ancestors(self, element: Element) -> list[Element]:
        found = []
        parent = element.parent
        while parent is not None:
            found.append(self.elements[parent])
            parent = self.elements[parent].parent
        return found


@dataclass
class _Open:
    index: int
    tag: str
    text: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self, text: str, kind: MarkupKind) -> None:
        super().__init__(convert_charrefs=True)
        self._kind = kind
        self._starts = [0]
        for number, char in enumerate(text):
            if char == "\n":
                self._starts.append(number + 1)
        self.found: list[Element] = []
        self.texts: list[list[str]] = []
        self._stack: list[_Open] = []
        self._pending: list[str] = []
        self._closed: int | None = None

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closes=tag in VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closes=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closes: bool) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        name = tag
        if self._kind == "jsx":
            written = _TAG_NAME.match(raw)
            if written and written.group(1)[:1].isupper():
                name = written.group(1)
            attrs = [("for" if k == "htmlfor" else k, v) for k, v in attrs]
        line, col = self.getpos()
        start = self._offset()
        index = len(self.found)
        parent = self._stack[-1].index if self._stack else None
        self.found.append(
            Element(
                index=index, tag=name, attrs=tuple(attrs), line=line, col=col, start=start,
                end=start + len(raw), parent=parent, text="",
                before=" ".join("".join(self._pending).split()), previous=self._closed,
            )
        )  # fmt: skip
        self.texts.append([])
        self._pending = []
        self._closed = None
        inner = dict(attrs).get("alt") if name == "img" else None
        label = dict(attrs).get("aria-label")
        for extra in (inner, label):
            if extra:
                self._add_text(extra)
        if closes:
            self._closed = index
        else:
            self._stack.append(_Open(index, name))

    def handle_endtag(self, tag: str) -> None:
        names = [o.tag.lower() for o in self._stack]
        if tag.lower() not in names:
            return
        while self._stack:
            closed = self._stack.pop()
            self._closed = closed.index
            if closed.tag.lower() == tag.lower():
                break
        self._pending = []

    def handle_data(self, data: str) -> None:
        self._pending.append(data)
        self._add_text(data)

    def _add_text(self, data: str) -> None:
        for opened in self._stack:
            self.texts[opened.index].append(data)


def read_markup(text: str, kind: MarkupKind, *, mask: bool = True) -> Document:
    """Read `text` (see the module docstring); never raises on malformed markup.
    `mask=False` reads HTML as it is, `{{` included (a page a project rendered)."""
    masked = text
    if not mask:
        pass
    elif kind == "template" or (kind == "html" and looks_like_template(text)):
        masked = mask_template(text)
    elif kind == "jsx":
        masked = mask_jsx(text)
    reader = _Reader(masked, kind)
    reader.feed(masked)
    reader.close()
    elements = tuple(
        replace(found, text=" ".join("".join(reader.texts[found.index]).split()))
        for found in reader.found
    )
    return Document(text=text, kind=kind, source=masked, elements=elements)
