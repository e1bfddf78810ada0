"""The recall data set: past errors with their fixes, and the queries that should find them.

    past_errors.jsonl   one line per repair-corpus bug (`build.py` writes it):
                        {"bug", "defect_class", "kind", "errors": [{"test", "error_type",
                        "message", "location"}, ...], "fix": "<unified diff>"}
    queries.jsonl       hand-written: {"id", "bug", "style", "query"}; the right answer
                        is the fix of `bug`

Standard library only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from myagent.memory.recall import MAX_MESSAGE_CHARS, error_text

HERE = Path(__file__).resolve().parent
PAST_ERRORS = HERE / "past_errors.jsonl"
QUERIES = HERE / "queries.jsonl"

Style = Literal["reworded", "renamed", "equivalent"]
STYLES: tuple[str, ...] = get_args(Style)
# How a past error is written into the vector memory.
DocumentStyle = Literal["first-line", "full", "message-only"]
DOCUMENT_STYLES: tuple[str, ...] = get_args(DocumentStyle)


class DatasetError(Exception):
    """A line of the data set that does not follow its format."""


@dataclass(frozen=True)
class PastError:
    """One failing test's error, as the Debugger saw it."""

    test: str
    error_type: str
    message: str
    location: str  # path:function, as the error graph's signature names it


@dataclass(frozen=True)
class PastBug:
    """A solved bug: its errors and the fix that solved them (the right answer)."""

    bug: str
    defect_class: str
    errors: tuple[PastError, ...]
    fix: str


@dataclass(frozen=True)
class Query:
    id: str
    bug: str  # whose fix is the right answer
    style: Style
    query: str


def _lines(path: Path) -> list[dict[str, object]]:
    found = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                found.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{path.name}:{n}: {exc}") from exc
    return found


def load_past(path: Path = PAST_ERRORS) -> list[PastBug]:
    bugs = []
    for record in _lines(path):
        errors = record["errors"]
        if not isinstance(errors, list) or not errors:
            raise DatasetError(f"{path.name}: {record.get('bug')}: no errors")
        bugs.append(
            PastBug(
                bug=str(record["bug"]),
                defect_class=str(record["defect_class"]),
                errors=tuple(PastError(**e) for e in errors),
                fix=str(record["fix"]),
            )
        )
    return bugs


def load_queries(path: Path = QUERIES, known: set[str] | None = None) -> list[Query]:
    """The queries; with `known` (the past bugs' ids), one naming another bug is an error."""
    queries = []
    for record in _lines(path):
        style = str(record["style"])
        if style not in STYLES:
            raise DatasetError(f"{path.name}: {record.get('id')}: unknown style {style!r}")
        query = Query(str(record["id"]), str(record["bug"]), style, str(record["query"]))  # type: ignore[arg-type]
        if known is not None and query.bug not in known:
            raise DatasetError(f"{path.name}: {query.id}: no past bug {query.bug!r}")
        queries.append(query)
    if len({q.id for q in queries}) != len(queries):
        raise DatasetError(f"{path.name}: query ids are not unique")
    return queries


def error_document(error: PastError, style: DocumentStyle) -> str:
    """The text a past error is stored under.

    `first-line`: the type, the message's first line and the location, exactly as the
    Debugger's recall writes it (`myagent.memory.recall.error_text`); `full`: every line
    of the message (pytest's `where ...` lines name the function and its arguments), cut at
    `MAX_MESSAGE_CHARS`; `message-only`: as `full` without the location (whose function
    and test names say much of what the code does).
    """
    if style == "first-line":
        return error_text(error.error_type, error.message, error.location)
    lines = [line.strip() for line in error.message.strip().splitlines() if line.strip()]
    body = "\n".join(lines)
    text = f"{error.error_type}: {body}"[:MAX_MESSAGE_CHARS]
    if style == "message-only" or not error.location:
        return text
    return f"{text}\nat {error.location}"
