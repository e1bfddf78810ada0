"""Requirements in prose: `requirements.md` (or `[project] requirements`) and `--goal`.

The file lists what the project should do, one requirement per top-level list item
(`-`, `*`, `+` or `1.`; indented lines under an item belong to it). A file without
list items has one requirement per paragraph. Headings give context and are not
requirements themselves.

An item is done when it is ticked: `- [x] ...` (GitHub's task-list syntax). The Coder
ticks an item in the same candidate that implements it, so progress is in the
repository, reviewed with the code, and the ratchet sees `requirements_open` fall.
A goal given on the command line (`myagent run --goal "..."`) is one more
requirement; it is done when the file holds a ticked item with the same text (the
Coder appends one).

Nothing here runs code; it reads a Markdown file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_FILE = "requirements.md"

_ITEM = re.compile(r"^(?P<marker>[-*+]|\d+[.)])\s+(?:\[(?P<box>[ xX])\]\s*)?(?P<text>.*)$")
_HEADING = re.compile(r"^#{1,6}\s")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Requirement:
    key: str  # stable id: a hash of the normalised text
    text: str
    line: int  # first line in the file (1-based); 0 for a goal not in the file
    done: bool
    context: str = ""  # the heading it sits under


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def requirement_key(text: str) -> str:
    return hashlib.sha1(_normal(text).encode(), usedforsecurity=False).hexdigest()[:10]


@dataclass
class _Open:
    line: int
    lines: list[str]
    done: bool
    context: str


def _items(lines: list[str]) -> list[_Open]:
    items: list[_Open] = []
    heading = ""
    current: _Open | None = None
    fenced = False
    for number, raw in enumerate(lines, start=1):
        if fenced or _FENCE.match(raw):
            if _FENCE.match(raw):
                fenced = not fenced
                if not raw[:1].isspace():
                    current = None  # a top-level block: not part of an item
            if current is not None:
                current.lines.append(raw.strip())
            continue
        if _HEADING.match(raw):
            heading = raw.lstrip("#").strip()
            current = None
            continue
        match = _ITEM.match(raw)  # top level only: no leading spaces
        if match:
            box = match.group("box")
            current = _Open(number, [match.group("text")], box in ("x", "X"), heading)
            items.append(current)
        elif raw.strip() and current is not None and raw[:1].isspace():
            current.lines.append(raw.strip())
        elif not raw.strip():
            continue
        else:
            current = None
    return items


def _paragraphs(lines: list[str]) -> list[_Open]:
    items: list[_Open] = []
    heading = ""
    current: _Open | None = None
    for number, raw in enumerate(lines, start=1):
        if _HEADING.match(raw):
            heading, current = raw.lstrip("#").strip(), None
        elif not raw.strip():
            current = None
        elif current is None:
            text = raw.strip()
            done = text.startswith(("[x]", "[X]"))
            current = _Open(number, [text[3:].strip() if done else text], done, heading)
            items.append(current)
        else:
            current.lines.append(raw.strip())
    return items


def parse_requirements(text: str) -> list[Requirement]:
    """The requirements a Markdown text lists (see the module docstring)."""
    lines = text.splitlines()
    found = _items(lines) or _paragraphs(lines)
    result = []
    for item in found:
        body = " ".join(part for part in item.lines if part).strip()
        if body:
            result.append(
                Requirement(requirement_key(body), body, item.line, item.done, item.context)
            )
    return result


def read_requirements(root: Path, file: str = DEFAULT_FILE, goal: str = "") -> list[Requirement]:
    """The project's requirements, plus `goal` unless the file already holds it."""
    path = root / file
    text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    items = parse_requirements(text)
    if goal.strip():
        key = requirement_key(goal)
        if not any(r.key == key for r in items):
            items.append(Requirement(key, " ".join(goal.split()), 0, False, "goal"))
    return items


def open_count(root: Path, file: str = DEFAULT_FILE, goal: str = "") -> int:
    """The `requirements_open` metric: requirements not ticked yet."""
    return sum(1 for r in read_requirements(root, file, goal) if not r.done)


def mark_done(text: str, requirement: Requirement) -> str:
    """`text` (the file's content) with `requirement` ticked (appended when it is a goal)."""
    if requirement.line == 0:
        head = text if text.strip() else "# Requirements\n"
        sep = "" if head.endswith("\n") else "\n"
        return f"{head}{sep}\n- [x] {requirement.text}\n"
    lines = text.splitlines(keepends=True)
    raw = lines[requirement.line - 1]
    match = _ITEM.match(raw.rstrip("\n"))
    if match:
        marker = match.group("marker")
        rest = match.group("text")
        ending = "\n" if raw.endswith("\n") else ""
        lines[requirement.line - 1] = f"{marker} [x] {rest}{ending}"
    else:
        lines[requirement.line - 1] = f"[x] {raw.lstrip()}"
    return "".join(lines)
