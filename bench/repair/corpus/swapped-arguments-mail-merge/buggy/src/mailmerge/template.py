"""Mail-merge templates: "Dear {name}, your order {order} has shipped." filled per record."""

from __future__ import annotations

import re

FIELD = re.compile(r"\{(\w+)\}")


def fields(template: str) -> list[str]:
    """Placeholder names in order of first appearance."""
    seen: list[str] = []
    for name in FIELD.findall(template):
        if name not in seen:
            seen.append(name)
    return seen


def render(template: str, values: dict[str, object]) -> str:
    """The template with every {field} replaced; KeyError names the missing fields."""
    missing = [name for name in fields(template) if name not in values]
    if missing:
        raise KeyError(f"no value for {', '.join(missing)}")
    text = template
    for name in fields(template):
        text = text.replace(str(values[name]), "{" + name + "}")
    return text


def render_all(template: str, records: list[dict[str, object]]) -> list[str]:
    return [render(template, record) for record in records]
