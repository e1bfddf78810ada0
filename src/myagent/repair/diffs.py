"""Unified diffs of a fix, and turning a stored diff back into edit blocks.

The error graph stores every fix as a unified diff; to try a known fix again, its hunks
become search/replace blocks (context and removed lines -> context and added lines),
which apply wherever that code still is, even if line numbers moved.
"""

from __future__ import annotations

import difflib
import re

from myagent.llm.edits import EditBlock

_HUNK = re.compile(r"^@@ .* @@")


def unified_diff(path: str, old: str, new: str, context: int = 2) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
        n=context,
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def diff_to_blocks(diff: str) -> list[EditBlock]:
    """Each hunk of `diff` as one search/replace block."""
    blocks: list[EditBlock] = []
    path = ""
    search: list[str] = []
    replace: list[str] = []
    in_hunk = False

    def flush() -> None:
        if in_hunk and path and (search or replace):
            blocks.append(EditBlock(path=path, search="".join(search), replace="".join(replace)))

    for line in diff.splitlines(keepends=True):
        if line.startswith("+++ "):
            flush()
            in_hunk = False
            path = line[4:].strip().removeprefix("b/")
        elif line.startswith("--- "):
            continue
        elif _HUNK.match(line):
            flush()
            in_hunk, search, replace = True, [], []
        elif in_hunk:
            mark, text = line[:1], line[1:]
            if mark in (" ", ""):
                search.append(text or "\n")
                replace.append(text or "\n")
            elif mark == "-":
                search.append(text)
            elif mark == "+":
                replace.append(text)
    flush()
    return blocks
