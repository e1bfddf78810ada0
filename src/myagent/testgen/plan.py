"""Which calls to make to characterize one unit, as `PlannedCall`s.

`plan_calls(unit, module, reader)` gives the calls and their import lines, or the
reason the unit cannot be characterized by calling it:

- a function, static method or class method is called by name (`total(...)`,
  `Money.parse(...)`);
- `__init__`/`__post_init__` by calling the class (`Money(...)`), with what its
  constructor takes;
- an instance method or property on an instance built from the class's hints
  (`Money(cents=0).times(1.5)`, `Invoice(customer="a").total`); enum members stand
  for instances of an enum. A class that cannot be built is a reason;
- a dunder with an operator or builtin is written that way (`(a + b)`, `len(a)`,
  `str(a)`, `(b in a)`, `a[b]`), others as method calls (`a.__iadd__(b)`), and so is
  an operator whose two sides read the same (linters flag `x == x`);
- async functions, and `<module>`, are reasons: there is nothing to call directly.
"""

from __future__ import annotations

import ast
import random
from dataclasses import dataclass

from myagent.testgen.hints import ClassSpec, HintReader, Param
from myagent.testgen.inputs import ArgumentSet, Candidates, candidates, compared_constants
from myagent.testgen.observe import PlannedCall
from myagent.testgen.sources import SourceModule
from myagent.testgen.units import Unit
from myagent.testgen.values import Value, ValueMaker

_BINARY = {
    "__add__": "+", "__sub__": "-", "__mul__": "*", "__truediv__": "/", "__floordiv__": "//",
    "__mod__": "%", "__pow__": "**", "__matmul__": "@", "__and__": "&", "__or__": "|",
    "__xor__": "^", "__lshift__": "<<", "__rshift__": ">>", "__eq__": "==", "__ne__": "!=",
    "__lt__": "<", "__le__": "<=", "__gt__": ">", "__ge__": ">=",
}  # fmt: skip
_UNARY = {"__neg__": "-", "__pos__": "+", "__invert__": "~"}
_BUILTINS = {
    "__str__": "str", "__repr__": "repr", "__len__": "len", "__bool__": "bool",
    "__hash__": "hash", "__int__": "int", "__float__": "float", "__abs__": "abs",
    "__bytes__": "bytes", "__iter__": "iter", "__reversed__": "reversed",
    "__round__": "round", "__next__": "next",
}  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """The calls for one unit and the import lines they need (the unit's own
    included); `reason` says why there are none."""

    calls: tuple[PlannedCall, ...] = ()
    imports: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    reason: str = ""


def plan_calls(
    unit: Unit, module: SourceModule, reader: HintReader, *, max_calls: int = 20, seed: int = 0
) -> Plan:
    """The calls that characterize `unit` of `module` (see the module docstring)."""
    node = unit.node
    if node is None:
        return Plan(reason="module-level code: importing the module runs it")
    if isinstance(node, ast.AsyncFunctionDef):
        return Plan(reason="an async function: it needs an event loop to run")
    own_import = f"from {module.name} import {unit.qualname.split('.')[0]}"
    owner = ".".join(unit.qualname.split(".")[:-1])
    constants = compared_constants(node, module.tree)

    def make(params: tuple[Param, ...], receivers: list[Value] | None = None) -> Candidates:
        return candidates(params, key=unit.qualname, receiver=receivers, constants=constants,
                          max_calls=max_calls, seed=seed)  # fmt: skip

    if unit.kind in ("function", "staticmethod", "classmethod"):
        params = reader.params(node, module, skip_first=unit.kind == "classmethod")
        found = make(params)
        calls = [_call(unit.qualname, c) for c in found.calls]
        return _plan(calls, found, own_import)
    spec = reader.class_spec(module, owner)
    if spec is None:
        return Plan(reason=f"class {owner} not found")
    if unit.kind == "constructor":
        if spec.params is None:
            return Plan(reason=spec.why or f"{owner} cannot be built from hinted arguments")
        found = make(spec.params)
        return _plan([_call(owner, c) for c in found.calls], found, own_import)
    receivers = _receivers(spec, seed)
    if not receivers:
        return Plan(reason=spec.why or f"no {owner} can be built from hinted arguments")
    params = () if unit.kind == "property" else reader.params(node, module, skip_first=True)
    found = make(params, receivers)
    attribute = unit.kind == "property"
    calls = [_method_call(unit.name, c, attribute) for c in found.calls]
    return _plan(calls, found, own_import)


def _receivers(spec: ClassSpec, seed: int) -> list[Value]:
    rng = random.Random(f"{seed}:{spec.qualname}")  # noqa: S311 (test inputs, not secrets)
    return ValueMaker(rng).instances(spec)


def _plan(calls: list[PlannedCall], found: Candidates, own_import: str) -> Plan:
    if not calls:
        return Plan(notes=found.notes, reason="; ".join(found.notes) or "no arguments can be made")
    imports = sorted({own_import, *found.imports})
    return Plan(tuple(calls), tuple(imports), found.notes)


def _call(callee: str, arguments: ArgumentSet) -> PlannedCall:
    parts = tuple(a.value.source for a in arguments.arguments)
    return PlannedCall(f"{callee}({arguments.source})", parts, arguments.labels, arguments.imports)


def _method_call(name: str, arguments: ArgumentSet, attribute: bool) -> PlannedCall:
    receiver = arguments.receiver.source if arguments.receiver else ""
    args = [a.value.source for a in arguments.arguments]
    parts = (receiver, *args)
    positional = not any(a.keyword for a in arguments.arguments)
    if attribute:
        text = f"{receiver}.{name}"
    elif name in _BINARY and len(args) == 1 and positional and args[0] != receiver:
        text = f"({receiver} {_BINARY[name]} {args[0]})"
    elif name in _UNARY and not args:
        text = f"({_UNARY[name]}{receiver})"
    elif name in _BUILTINS and not args and "." not in _BUILTINS[name]:
        text = f"{_BUILTINS[name]}({receiver})"
    elif name == "__contains__" and len(args) == 1 and positional:
        text = f"({args[0]} in {receiver})"
    elif name == "__getitem__" and len(args) == 1 and positional:
        text = f"{receiver}[{args[0]}]"
    elif name == "__call__":
        text = f"{receiver}({arguments.source})"
    else:
        text = f"{receiver}.{name}({arguments.source})"
    return PlannedCall(text, parts, arguments.labels, arguments.imports)
