"""Where an axe finding on a rendered page comes from: a template line, or the page.

A rendered page (`rendered`) is read with `markup` (unmasked: it is output, not a
template) and loaded with two marks on every tag: `data-myagent-line` (its line in
the rendered HTML) and `data-myagent-element` (its index), so a finding names its
element. The element's opening tag, as the project wrote it, is looked up in the
project's markup files (`TagIndex`: every element of every HTML or template file, by
its opening-tag text, whitespace-normalised, marks left out):

- exactly one file and line has an identical opening tag: the finding is reported
  there, so it merges with the static check's finding of the same path, line and
  rule (`measure.merge`), and the UI Refiner can fix it at the tag;
- none, or several (a bare `<p>` many templates hold, a tag with a substituted value
  such as `<img src="img/tea.png">` written by Python code or by `{{ }}`): it is
  reported under the page's name, `<page module:callable>`, at its line in the
  rendered HTML.

A markup file that at least one element of a rendered page matches this way is
*covered*: axe's findings on its unrendered copy are dropped (the rendered truth
replaces the masked approximation, such as a `<ul>` holding a `$cards`
placeholder). The static check still reads it. Limits: identical text is all that
is compared, so a generic tag (`<li>`) found in exactly one file is attributed to it
even when another part of the code wrote it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from myagent.quality.a11y.markup import Document

LINE_ATTR = "data-myagent-line"
ELEMENT_ATTR = "data-myagent-element"
_MARKS = re.compile(rf'\s+(?:{LINE_ATTR}|{ELEMENT_ATTR})="\d+"')
_LINE = re.compile(LINE_ATTR + r'="(\d+)"')
_ELEMENT = re.compile(ELEMENT_ATTR + r'="(\d+)"')

Place = tuple[str, int]  # workspace-relative path, 1-based line


def tag_key(opening_tag: str) -> str:
    """An opening tag's text as compared: whitespace-normalised, without the marks."""
    return " ".join(_MARKS.sub("", opening_tag).split())


def opening_tag(doc: Document, index: int) -> str:
    element = doc.elements[index]
    return doc.text[element.start : element.end]


@dataclass(frozen=True)
class TagIndex:
    """Where each opening tag is written in the project's markup files."""

    places: Mapping[str, frozenset[Place]] = field(default_factory=dict)

    def place(self, key: str) -> Place | None:
        """The one file and line writing this tag, None when none or several do."""
        found = self.places.get(key, frozenset())
        return next(iter(found)) if len(found) == 1 else None


def tag_index(files: Iterable[tuple[str, Document]]) -> TagIndex:
    """The index of the opening tags of `files` (HTML and templates; JSX is left out,
    its text is not what a page's HTML holds)."""
    places: dict[str, set[Place]] = {}
    for path, doc in files:
        if doc.kind == "jsx":
            continue
        for element in doc.elements:
            key = tag_key(opening_tag(doc, element.index))
            places.setdefault(key, set()).add((path, element.line))
    return TagIndex({key: frozenset(found) for key, found in places.items()})


@dataclass(frozen=True)
class TracedPage:
    """A rendered page and, per element, the template line it comes from (or None)."""

    name: str  # "<page module:callable>"
    doc: Document
    origins: tuple[Place | None, ...]

    @property
    def covered(self) -> frozenset[str]:
        """The markup files some element of this page comes from."""
        return frozenset(o[0] for o in self.origins if o is not None)

    def main_file(self) -> str | None:
        """The file most of its matched elements come from (its template), if any."""
        counts = Counter(o[0] for o in self.origins if o is not None)
        return counts.most_common(1)[0][0] if counts else None

    def locate(self, node_html: str) -> Place:
        """Where a finding on the node axe shows as `node_html` is reported."""
        element = _ELEMENT.search(node_html)
        if element and int(element.group(1)) < len(self.origins):
            index = int(element.group(1))
            return self.origins[index] or (self.name, self.doc.elements[index].line)
        return self.name, marked_line(node_html)  # an element the browser made


def marked_line(node_html: str) -> int:
    """The line mark of the node axe shows as `node_html` (1 without one)."""
    found = _LINE.search(node_html)
    return int(found.group(1)) if found else 1


def trace(name: str, doc: Document, index: TagIndex) -> TracedPage:
    """Each element of the rendered `doc` looked up in `index`."""
    origins = tuple(index.place(tag_key(opening_tag(doc, e.index))) for e in doc.elements)
    return TracedPage(name, doc, origins)
