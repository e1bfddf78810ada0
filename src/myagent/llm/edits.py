"""Search/replace edit blocks: the format models use to propose code changes.

A model answers with one or more blocks (fences around them are allowed)::

    src/pkg/mod.py
    <<<<<<< SEARCH
    exact lines from the file
    =======
    the lines to put there instead
    >>>>>>> REPLACE

An empty SEARCH part creates a new file (or replaces the whole of an empty one).
Matching is exact first, then tolerant of trailing whitespace, then of a uniform
difference in indentation (the replacement is re-indented by the same amount). A
block that matches nowhere, or more than once, is an `EditApplyError` naming the block;
text that holds no well-formed block is an `EditFormatError`. Both are the model's
errors: the caller records them as a failed proposal and goes on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from myagent.llm.provider import LLMError

_HEAD = re.compile(r"^\s*<{5,9} ?SEARCH\s*$")
_DIVIDER = re.compile(r"^\s*={5,9}\s*$")
_TAIL = re.compile(r"^\s*>{5,9} ?REPLACE\s*$")
_FENCE = re.compile(r"^\s*```")


class EditFormatError(LLMError):
    """The model's answer holds no well-formed edit block."""


class EditApplyError(LLMError):
    """An edit block does not match the file it names."""


@dataclass(frozen=True)
class EditBlock:
    path: str
    search: str
    replace: str


def _path_before(lines: list[str], index: int) -> str:
    for back in range(index - 1, max(index - 4, -1), -1):
        candidate = lines[back].strip().strip("`").strip()
        if not candidate or _FENCE.match(lines[back]):
            continue
        candidate = candidate.removeprefix("#").strip().strip("*").strip()
        if "/" in candidate or candidate.endswith(".py") or "." in candidate:
            return candidate.split()[-1]
        break
    raise EditFormatError(f"edit block at line {index + 1} names no file on the line before it")


def parse_edit_blocks(text: str) -> list[EditBlock]:
    """Every block in `text`, in order (EditFormatError if there is none or one is broken)."""
    lines = text.splitlines()
    blocks: list[EditBlock] = []
    i = 0
    while i < len(lines):
        if not _HEAD.match(lines[i]):
            i += 1
            continue
        path = _path_before(lines, i)
        divider = next((j for j in range(i + 1, len(lines)) if _DIVIDER.match(lines[j])), None)
        if divider is None:
            raise EditFormatError(f"edit block for {path} has no ======= divider")
        tail = next((j for j in range(divider + 1, len(lines)) if _TAIL.match(lines[j])), None)
        if tail is None:
            raise EditFormatError(f"edit block for {path} has no >>>>>>> REPLACE line")
        search = "\n".join(lines[i + 1 : divider])
        replace = "\n".join(lines[divider + 1 : tail])
        blocks.append(
            EditBlock(
                path=path,
                search=search + "\n" if search else "",
                replace=replace + "\n" if replace else "",
            )
        )
        i = tail + 1
    if not blocks:
        raise EditFormatError("the answer holds no SEARCH/REPLACE edit block")
    return blocks


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    add: str = ""  # indentation to add to every replacement line
    remove: str = ""  # indentation to take away from every replacement line


def _windows(have: list[str], want: list[str], same: Callable[[str, str], bool]) -> list[int]:
    return [
        start
        for start in range(len(have) - len(want) + 1)
        if all(same(a, b) for a, b in zip(have[start : start + len(want)], want, strict=True))
    ]


def _find(content: str, search: str) -> _Match | None:
    """The one match of `search` in `content` (exact, then tolerant), or None."""
    occurrences = content.count(search)
    if occurrences > 1:
        raise EditApplyError("the SEARCH text occurs more than once: add surrounding lines")
    if occurrences == 1:
        start = content.index(search)
        return _Match(start, start + len(search))
    have = content.splitlines(keepends=True)
    want = search.splitlines()
    tolerant: list[Callable[[str, str], bool]] = [
        lambda a, b: a.rstrip() == b.rstrip(),
        lambda a, b: a.strip() == b.strip(),
    ]
    for same in tolerant:
        matches = _windows(have, want, same)
        if len(matches) > 1:
            raise EditApplyError("the SEARCH text occurs more than once: add surrounding lines")
        if not matches:
            continue
        first = matches[0]
        begin = sum(len(x) for x in have[:first])
        end = begin + sum(len(x) for x in have[first : first + len(want)])
        k = next((k for k, w in enumerate(want) if w.strip()), 0)
        file_indent, model_indent = _indent(have[first + k]), _indent(want[k])
        if file_indent.startswith(model_indent):
            return _Match(begin, end, add=file_indent[len(model_indent) :])
        if model_indent.startswith(file_indent):
            return _Match(begin, end, remove=model_indent[len(file_indent) :])
        return _Match(begin, end)
    return None


def _reindent(text: str, match: _Match) -> str:
    out = []
    for line in text.splitlines(keepends=True):
        if line.strip():
            line = match.add + line.removeprefix(match.remove)
        out.append(line)
    return "".join(out)


def apply_edit_blocks(
    blocks: Sequence[EditBlock], read: Callable[[str], str | None]
) -> dict[str, str]:
    """Apply `blocks` to the files `read(path)` returns (None: no such file).

    Returns the new content of every touched file; nothing is written here."""
    changed: dict[str, str] = {}
    for number, block in enumerate(blocks, start=1):
        current = changed.get(block.path)
        if current is None:
            current = read(block.path)
        if not block.search.strip():
            if current not in (None, ""):
                raise EditApplyError(
                    f"block {number}: {block.path} exists; SEARCH must not be empty"
                )
            changed[block.path] = block.replace
            continue
        if current is None:
            raise EditApplyError(f"block {number}: {block.path} does not exist")
        try:
            found = _find(current, block.search)
        except EditApplyError as exc:
            raise EditApplyError(f"block {number} ({block.path}): {exc}") from None
        if found is None:
            first = block.search.strip().splitlines()[0][:60]
            raise EditApplyError(
                f"block {number}: SEARCH text not found in {block.path} (starting {first!r})"
            )
        changed[block.path] = (
            current[: found.start] + _reindent(block.replace, found) + current[found.end :]
        )
    return changed
