"""Column types and the JSON encoder that behave the same on SQLite and PostgreSQL.

* `UtcDateTime`: always stored and returned as an aware UTC datetime (SQLite keeps no
  time zone; PostgreSQL returns the session's zone).
* `CleanText`: text with NUL characters replaced, because PostgreSQL text rejects them.
* `dumps_json`: JSON has no NaN or infinity (PostgreSQL rejects them), so a non-finite
  float is stored as null; values that are not JSON (paths, datetimes, pydantic models,
  sets) are converted instead of failing a ledger write.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import PurePath
from typing import Any

from sqlalchemy import DateTime, Dialect, Text
from sqlalchemy.types import TypeDecorator

_NUL = "\x00"
_REPLACEMENT = "\ufffd"


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp that round-trips as an aware UTC `datetime` on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the ledger stores aware UTC times")
        value = value.astimezone(UTC)
        # SQLite has no time zone type: store the UTC wall time.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class CleanText(TypeDecorator[str]):
    """Unbounded text; a NUL character is stored as U+FFFD (PostgreSQL refuses NUL)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return value.replace(_NUL, _REPLACEMENT) if _NUL in value else value


def to_json_value(value: Any) -> Any:
    """`value` as plain JSON data: non-finite floats become None, known types are converted."""
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
        return [to_json_value(v) for v in items]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return to_json_value(dump(mode="json"))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_json_value(dataclasses.asdict(value))
    return str(value)


def json_object(data: Mapping[str, Any] | None) -> dict[str, Any]:
    """A mapping as a plain JSON object (see `to_json_value`)."""
    return {str(k): to_json_value(v) for k, v in (data or {}).items()}


def dumps_json(value: Any) -> str:
    """The engine's JSON serializer (see the module docstring)."""
    return json.dumps(to_json_value(value), allow_nan=False, ensure_ascii=True)
