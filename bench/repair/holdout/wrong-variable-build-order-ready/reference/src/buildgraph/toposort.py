"""Ordering build targets so that every target comes after its dependencies."""

from collections import deque


class CycleError(Exception):
    """The dependencies loop back on themselves."""


def build_order(dependencies: dict[str, list[str]]) -> list[str]:
    """Targets in an order that builds each one after what it needs.

    `dependencies` maps a target to the targets it needs; a target that is not a key
    needs nothing. Targets that become ready together are built in name order.
    """
    nodes = set(dependencies)
    for needs in dependencies.values():
        nodes.update(needs)
    waiting = {node: len(set(dependencies.get(node, []))) for node in nodes}
    dependents: dict[str, list[str]] = {node: [] for node in nodes}
    for target, needs in dependencies.items():
        for need in set(needs):
            dependents[need].append(target)
    ready = deque(sorted(node for node, count in waiting.items() if count == 0))
    order = []
    while ready:
        node = ready.popleft()
        order.append(node)
        for dependent in sorted(dependents[node]):
            waiting[dependent] -= 1
            if waiting[dependent] == 0:
                ready.append(dependent)
    if len(order) != len(nodes):
        stuck = sorted(node for node, count in waiting.items() if count > 0)
        raise CycleError(f"dependency cycle among {', '.join(stuck)}")
    return order
