"""The static accessibility check of a project: find its markup files, read, check.

Files: `*.html`, `*.htm`, `*.xhtml` (read as templates when they hold `{{`/`{%`),
`*.j2`, `*.jinja`, `*.jinja2` (templates) and `*.jsx`, `*.tsx` (JSX), anywhere in the
project but in hidden folders, virtualenvs, `node_modules` and build output; at most
`MAX_FILES` files of at most `MAX_BYTES` each. This reads file text in MyAgent's
process and never runs project code.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from myagent.protocol import LintIssue, ToolRun, ToolStatus
from myagent.quality.a11y.markup import Document, MarkupKind, read_markup
from myagent.quality.a11y.rules import check_document

SUFFIXES: dict[str, MarkupKind] = {
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".j2": "template", ".jinja": "template", ".jinja2": "template",
    ".jsx": "jsx", ".tsx": "jsx",
}  # fmt: skip
SKIP_DIRS = frozenset(
    {"node_modules", "venv", "env", "build", "dist", "site-packages", "__pycache__", "htmlcov"}
)
MAX_FILES = 500
MAX_BYTES = 1_000_000
FIXABLE = frozenset({"html-has-lang", "tabindex"})  # always mechanically fixable


@dataclass(frozen=True)
class MarkupFile:
    path: str  # workspace-relative, POSIX
    kind: MarkupKind


def markup_files(root: Path) -> list[MarkupFile]:
    """The project's markup files, sorted (see the module docstring)."""
    found: list[MarkupFile] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
        for name in sorted(files):
            kind = SUFFIXES.get(Path(name).suffix.lower())
            path = Path(folder, name)
            if kind is None or path.is_symlink():
                continue
            found.append(MarkupFile(path.relative_to(root).as_posix(), kind))
            if len(found) >= MAX_FILES:
                return found
    return found


def read_file(root: Path, item: MarkupFile) -> Document | None:
    """The file read as markup, None when it is too big or not text."""
    path = root / item.path
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return read_markup(text, item.kind)


def check_text(path: str, doc: Document) -> list[LintIssue]:
    """The findings of one read file as `LintIssue`s (code = the rule id)."""
    return [
        LintIssue(path=path, line=f.line, code=f.rule, message=f.message, fixable=f.rule in FIXABLE)
        for f in check_document(doc)
    ]


def check_tree(root: Path) -> tuple[list[LintIssue], ToolRun]:
    """Every finding in the project's markup files, and how the check ran (ToolRun
    "a11y"; with no markup file: OK, nothing found)."""
    started = time.monotonic()
    files = markup_files(root)
    issues: list[LintIssue] = []
    unread: list[str] = []
    for item in files:
        doc = read_file(root, item)
        if doc is None:
            unread.append(item.path)
            continue
        issues.extend(check_text(item.path, doc))
    duration = round(time.monotonic() - started, 3)
    detail = f"{len(files)} file(s)" if files else "no markup files"
    if unread:
        detail += f", {len(unread)} not read (too big or not UTF-8): {unread[0]}"
    return issues, ToolRun(tool="a11y", status=ToolStatus.OK, duration_s=duration, detail=detail)
