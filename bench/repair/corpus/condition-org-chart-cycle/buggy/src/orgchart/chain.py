"""Reporting lines: who reports to whom, from the HR export (employee -> manager)."""

from __future__ import annotations


class CycleError(ValueError):
    """The reporting lines loop back on themselves."""


def depth(employee: str, managers: dict[str, str | None]) -> int:
    """How many managers stand between `employee` and the top of the company."""
    levels = 0
    seen = {employee}
    current = employee
    while managers.get(current) is not None:
        current = managers[current]
        seen.add(current)
        levels += 1
    return levels


def top(managers: dict[str, str | None]) -> list[str]:
    """Everyone without a manager, sorted."""
    return sorted(name for name, boss in managers.items() if boss is None)


def team(manager: str, managers: dict[str, str | None]) -> list[str]:
    """The direct reports of `manager`, sorted."""
    return sorted(name for name, boss in managers.items() if boss == manager)
