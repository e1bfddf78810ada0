"""Import cycles: strongly connected components of the import graph, each with one of
its shortest cycles.

A cycle is counted on the edges that run when a module is imported (`"module"` edges).
Imports inside functions run later, when Python can already finish both modules, and
imports under `if TYPE_CHECKING:` never run, so a cycle only through those is not a
runtime cycle: it is not counted (`import_cycles`), though the design review still
lists the components they would form.

`import_cycles` is the number of components of two or more modules that import each
other: breaking one 3-module cycle by one edge can leave a smaller one, which still
counts, so the Architect breaks a whole component at a time.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Set
from dataclasses import dataclass


@dataclass(frozen=True)
class Cycle:
    """One strongly connected component and one of its shortest cycles."""

    modules: tuple[str, ...]  # every module of the component, sorted
    path: tuple[str, ...]  # a shortest cycle, first module repeated at the end

    def describe(self) -> str:
        return " -> ".join(self.path)


def components(adjacent: Mapping[str, Set[str]]) -> list[list[str]]:
    """The strongly connected components (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(adjacent):
        if start in index:
            continue
        work: list[tuple[str, list[str]]] = [(start, sorted(adjacent.get(start, ())))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            if children:
                child = children.pop(0)
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, sorted(adjacent.get(child, ()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(sorted(component))
    return found


def shortest_cycle(adjacent: Mapping[str, Set[str]], members: Set[str]) -> tuple[str, ...]:
    """A shortest cycle through the `members` of one component (breadth first from each
    member, in name order, so the answer is stable); () when there is none."""
    best: tuple[str, ...] = ()
    for start in sorted(members):
        parent: dict[str, str] = {}
        queue = deque([start])
        seen = {start}
        closed: str | None = None
        while queue and closed is None:
            node = queue.popleft()
            for child in sorted(adjacent.get(node, ())):
                if child == start:
                    closed = node
                    break
                if child in members and child not in seen:
                    seen.add(child)
                    parent[child] = node
                    queue.append(child)
        if closed is None:
            continue
        path = [closed]
        while path[-1] != start:
            path.append(parent[path[-1]])
        cycle = (*reversed(path), start)
        if not best or len(cycle) < len(best):
            best = cycle
    return best


def find_cycles(adjacent: Mapping[str, Set[str]]) -> list[Cycle]:
    """Every component of two or more modules, with a shortest cycle, smallest first."""
    cycles = [
        Cycle(tuple(members), shortest_cycle(adjacent, set(members)))
        for members in components(adjacent)
        if len(members) > 1
    ]
    return sorted(cycles, key=lambda c: (len(c.modules), c.modules))


def is_acyclic(adjacent: Mapping[str, Set[str]]) -> bool:
    return not find_cycles(adjacent)
