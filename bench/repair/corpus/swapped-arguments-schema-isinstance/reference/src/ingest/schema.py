"""Checks incoming product records (decoded JSON) against a field -> type schema."""

from __future__ import annotations

PRODUCT = {"id": int, "name": str, "price": float, "tags": list}


def problems(record: dict[str, object], schema: dict[str, type] = PRODUCT) -> list[str]:
    """One line per problem: missing fields, wrong types, unknown fields."""
    found = []
    for field, expected in schema.items():
        if field not in record:
            found.append(f"{field}: missing")
            continue
        value = record[field]
        if expected is float and type(value) is int:
            continue  # JSON writes 3.0 as 3
        if not isinstance(value, expected):
            found.append(f"{field}: expected {expected.__name__}, got {type(value).__name__}")
    for field in record:
        if field not in schema:
            found.append(f"{field}: unknown field")
    return found


def is_valid(record: dict[str, object], schema: dict[str, type] = PRODUCT) -> bool:
    return not problems(record, schema)
