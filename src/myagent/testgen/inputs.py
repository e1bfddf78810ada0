"""Candidate arguments for a function, from its signature, as Python source text.

`candidates(params, ...)` turns a parameter list (`hints.Param`, read from the source
by `hints.HintReader`) into at most `max_calls` argument sets:

1. each parameter gets a short list of values (`values.ValueMaker`: boundary values
   first, then the constants the function compares that parameter with, see
   `compared_constants`, then a few seeded random ones);
2. the **base** call takes every parameter's first value;
3. then each other value once, the rest at their base (one factor at a time, the
   parameters taking turns, so that every value is tried early and a call that
   raises says which value made it raise);
4. then calls that cover pairs of values not yet seen together (greedy pairwise),
   until the cap. Never the full product.

Everything is deterministic for a given `seed` and `key` (the function's name):
the same inputs give the same calls, in the same order.

An instance method gets a `receiver` column too (instances of its class, built by
`ValueMaker.instances`), handled like a parameter. Each `ArgumentSet` renders as
the text between the call's parentheses (`source`), with the import lines its values
need (`imports`) and labels for what sets it apart from the base call (`labels`,
used in test names).
"""

from __future__ import annotations

import ast
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from myagent.testgen.hints import Param
from myagent.testgen.values import Value, ValueMaker

MAX_CALLS = 20
_CANDIDATE_ROWS = 24  # random rows tried per greedy pairwise step


@dataclass(frozen=True)
class Argument:
    name: str
    value: Value
    keyword: bool  # passed as `name=value`


@dataclass(frozen=True)
class ArgumentSet:
    """One call's arguments (and receiver, for a method)."""

    arguments: tuple[Argument, ...]
    receiver: Value | None = None
    labels: tuple[str, ...] = ()  # labels of the values that differ from the base call

    @property
    def source(self) -> str:
        """The text between the parentheses: `1, "a", flag=True`."""
        return ", ".join(
            f"{a.name}={a.value.source}" if a.keyword else a.value.source for a in self.arguments
        )

    @property
    def imports(self) -> frozenset[str]:
        found = frozenset().union(*(a.value.imports for a in self.arguments))
        return found | (self.receiver.imports if self.receiver else frozenset())


@dataclass(frozen=True)
class Candidates:
    """The argument sets for one function, the import lines they need, and notes on
    parameters that had to be guessed."""

    calls: tuple[ArgumentSet, ...]
    imports: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


def candidates(
    params: Sequence[Param],
    *,
    key: str,
    receiver: Sequence[Value] | None = None,
    constants: dict[str, list[object]] | None = None,
    max_calls: int = MAX_CALLS,
    seed: int = 0,
) -> Candidates:
    """At most `max_calls` argument sets for `params` (see the module docstring).
    `constants` maps a parameter name to literals the function compares it with
    ("" for literals compared with something else, offered to every parameter)."""
    rng = random.Random(f"{seed}:{key}")  # noqa: S311 (test inputs, not secrets)
    maker = ValueMaker(rng)
    mined = constants or {}
    notes: list[str] = []
    columns: list[list[Value]] = []
    for param in params:
        values = maker.for_param(param, [*mined.get(param.name, []), *mined.get("", [])])
        if not values:
            return Candidates((), notes=(f"no value can be made for {param.name}",))
        if param.hint is None:
            notes.append(f"{param.name} has no type hint: values guessed")
        columns.append(values)
    if receiver is not None:
        if not receiver:
            return Candidates((), notes=("no instance can be built to call the method on",))
        columns.append(list(receiver))
    rows = combine(columns, max_calls, rng)
    calls = tuple(_argument_set(params, columns, row, receiver is not None) for row in rows)
    imports = sorted(frozenset().union(*(c.imports for c in calls))) if calls else []
    return Candidates(calls, tuple(imports), tuple(notes))


def combine(
    columns: Sequence[Sequence[Value]], limit: int, rng: random.Random
) -> list[tuple[int, ...]]:
    """Rows of value indexes: the base row, one factor at a time, then greedy pairwise."""
    if limit <= 0:
        return []
    base = tuple(0 for _ in columns)
    rows = [base]
    longest = max((len(c) for c in columns), default=0)
    for k in range(1, longest):  # one factor at a time, the parameters taking turns
        for i, column in enumerate(columns):
            if k < len(column):
                rows.append((*base[:i], k, *base[i + 1 :]))
    rows = list(dict.fromkeys(rows))[:limit]
    uncovered = {
        (i, a, j, b)
        for i, j in itertools.combinations(range(len(columns)), 2)
        for a in range(len(columns[i]))
        for b in range(len(columns[j]))
    }
    for row in rows:
        uncovered -= _pairs(row)
    while uncovered and len(rows) < limit:
        i, a, j, b = min(uncovered)
        tries = [_random_row(columns, rng, {i: a, j: b}) for _ in range(_CANDIDATE_ROWS)]
        best = max(tries, key=lambda row: len(_pairs(row) & uncovered))
        if best in rows:
            break
        rows.append(best)
        uncovered -= _pairs(best)
    return rows


def _pairs(row: tuple[int, ...]) -> set[tuple[int, int, int, int]]:
    return {(i, row[i], j, row[j]) for i, j in itertools.combinations(range(len(row)), 2)}


def _random_row(
    columns: Sequence[Sequence[Value]], rng: random.Random, fixed: dict[int, int]
) -> tuple[int, ...]:
    return tuple(fixed.get(i, rng.randrange(len(c))) for i, c in enumerate(columns))


def _argument_set(
    params: Sequence[Param], columns: Sequence[Sequence[Value]], row: tuple[int, ...],
    method: bool,
) -> ArgumentSet:  # fmt: skip
    arguments: list[Argument] = []
    labels: list[str] = []
    keyword = False  # after a left-out argument, the others go by name
    for i, param in enumerate(params):
        value = columns[i][row[i]]
        if row[i]:
            labels.append(value.label)
        if value.omitted:
            keyword = True
            continue
        arguments.append(Argument(param.name, value, keyword or param.keyword_only))
    receiver = columns[-1][row[-1]] if method else None
    if method and row[-1] and receiver is not None:
        labels.insert(0, receiver.label)
    return ArgumentSet(tuple(arguments), receiver, tuple(labels))


def compared_constants(
    node: ast.FunctionDef | ast.AsyncFunctionDef, module: ast.Module
) -> dict[str, list[object]]:
    """Literals the function compares its parameters with: `if n > 10`, `if tier ==
    "gold"`, `x in ("a", "b")`, and module-level constants used that way (`n >
    LIMIT`, `key in TABLE` gives TABLE's keys). Keyed by parameter name; "" holds
    those compared with anything else (`len(s) > 3`)."""
    names = {a.arg for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]}
    table = _module_constants(module)
    found: dict[str, list[object]] = {}
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Compare):
            continue
        sides = [sub.left, *sub.comparators]
        params = [s.id for s in sides if isinstance(s, ast.Name) and s.id in names]
        literals = [v for s in sides for v in _literals(s, table)]
        for name in params or [""]:
            bucket = found.setdefault(name, [])
            bucket.extend(v for v in literals if v not in bucket)
    for sub in ast.walk(node):  # TABLE.get(param) / TABLE[param]
        if (
            isinstance(sub, ast.Call)
            and isinstance(sub.func, ast.Attribute)
            and sub.func.attr == "get"
        ):
            target, table_node = (sub.args[0] if sub.args else None), sub.func.value
        elif isinstance(sub, ast.Subscript):
            target, table_node = sub.slice, sub.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in names:
            bucket = found.setdefault(target.id, [])
            bucket.extend(v for v in _literals(table_node, table) if v not in bucket)
    return found


def _module_constants(module: ast.Module) -> dict[str, object]:
    table: dict[str, object] = {}
    for statement in module.body:
        target = value = None
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        if isinstance(target, ast.Name) and value is not None:
            try:
                table[target.id] = ast.literal_eval(value)
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue
    return table


def _literals(node: ast.expr, table: dict[str, object]) -> list[object]:
    """The scalar literals `node` stands for: a constant, a named module constant, the
    items of a literal tuple/list/set, the keys of a dict."""
    if isinstance(node, ast.Name) and node.id in table:
        value = table[node.id]
    else:
        try:
            value = ast.literal_eval(node)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return []
    items: list[object] = (
        list(value) if isinstance(value, tuple | list | set | frozenset | dict) else [value]
    )
    scalars: list[object] = [
        v for v in items if isinstance(v, int | float | str) and not isinstance(v, bool)
    ]
    return scalars[:8]
