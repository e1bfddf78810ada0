"""Property-based tests with Hypothesis, written as ordinary, readable pytest files.

From a module's source (parsed with `ast`, never imported) it finds functions whose
signatures have type hints it can turn into strategies, and proposes properties:

* **round trip**: a pair such as `encode`/`decode`, `dumps`/`loads`, `to_json`/
  `from_json`, `serialize`/`deserialize`, `compress`/`decompress`, `pack`/`unpack`,
  `encrypt`/`decrypt`, `quote`/`unquote`: `decode(encode(x)) == x`;
* **idempotence**: a one-argument function whose result has its argument's type and
  whose name says it normalises (`normalize`, `clean`, `canonical`, `sort`, `dedupe`,
  `strip`, `slugify`, `simplify`, `format`...): `f(f(x)) == f(x)`;
* **result type**: any function with a simple return annotation (`int`, `str`,
  `list`, ...): for every input the declared exceptions aside, the result has that type.
  Exceptions the function raises on purpose (`raise ValueError` in its body) are allowed.

Every property is a *candidate*: the Tester keeps it only if it passes on the current
code three times (Hypothesis runs derandomized, so a kept test is not flaky), runs fast,
and adds coverage or kills a mutant. A property that fails on the current code is either
a real bug or a wrong guess; it is dropped, with the failing example recorded.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Sequence
from dataclasses import dataclass

SETTINGS = "@settings(max_examples=25, deadline=None, derandomize=True, database=None)"

_SIMPLE = {
    "int": "st.integers()",
    "float": "st.floats(allow_nan=False, allow_infinity=False)",
    "str": "st.text()",
    "bool": "st.booleans()",
    "bytes": "st.binary()",
    "None": "st.none()",
}
_CONTAINERS = {"list": "st.lists", "set": "st.sets", "frozenset": "st.frozensets"}
_TYPES = {"int", "float", "str", "bool", "bytes", "list", "dict", "tuple", "set"}
_PAIRS = (
    ("encode", "decode"),
    ("dumps", "loads"),
    ("dump", "load"),
    ("serialize", "deserialize"),
    ("compress", "decompress"),
    ("pack", "unpack"),
    ("encrypt", "decrypt"),
    ("quote", "unquote"),
    ("escape", "unescape"),
    ("to_", "from_"),
)
_IDEMPOTENT = (
    "normalize", "normalise", "clean", "canonical", "sort", "dedupe", "deduplicate",
    "strip", "slugify", "simplify", "format", "sanitize", "sanitise", "unique", "flatten",
)  # fmt: skip


@dataclass(frozen=True)
class Param:
    name: str
    annotation: str  # source text; "" when absent


@dataclass(frozen=True)
class FunctionSig:
    name: str
    params: tuple[Param, ...]
    returns: str  # source text of the return annotation; "" when absent
    raises: tuple[str, ...]  # exception names raised in its body


@dataclass(frozen=True)
class Property:
    kind: str  # "round-trip" | "idempotent" | "result-type"
    functions: tuple[str, ...]
    test_name: str
    source: str  # the test function's source (decorators included)


def strategy_for(annotation: str) -> str | None:
    """A Hypothesis strategy (source text) for a type hint, None when there is none."""
    try:
        node = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return None
    return _strategy(node)


def _strategy(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and node.value is None:
        return _SIMPLE["None"]
    if isinstance(node, ast.Name):
        if node.id in _SIMPLE:
            return _SIMPLE[node.id]
        if node.id in _CONTAINERS:
            return f"{_CONTAINERS[node.id]}(st.integers())"
        return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = _strategy(node.left), _strategy(node.right)
        return f"({left} | {right})" if left and right else None
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        outer = node.value.id
        args = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
        inner = [_strategy(a) for a in args]
        if any(s is None for s in inner):
            return None
        parts = [s for s in inner if s is not None]
        if outer in ("list", "List", "Sequence") and len(parts) == 1:
            return f"st.lists({parts[0]}, max_size=20)"
        if outer in ("set", "Set", "frozenset") and len(parts) == 1:
            return f"st.sets({parts[0]}, max_size=20)"
        if outer in ("dict", "Dict", "Mapping") and len(parts) == 2:
            return f"st.dictionaries({parts[0]}, {parts[1]}, max_size=10)"
        if outer in ("tuple", "Tuple") and parts and not _is_ellipsis(args[-1]):
            return f"st.tuples({', '.join(parts)})"
        if outer == "Optional" and len(parts) == 1:
            return f"st.none() | {parts[0]}"
    return None


def _is_ellipsis(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is Ellipsis


def signatures(source: str) -> list[FunctionSig]:
    """The public module-level functions of `source` with their hints."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        args = node.args
        if args.vararg or args.kwarg or args.posonlyargs:
            continue
        params = tuple(
            Param(a.arg, ast.unparse(a.annotation) if a.annotation else "")
            for a in [*args.args, *args.kwonlyargs]
        )
        raises = tuple(
            sorted(
                {
                    _exception_name(n.exc)
                    for n in ast.walk(node)
                    if isinstance(n, ast.Raise) and n.exc is not None
                }
                - {""}
            )
        )
        returns = ast.unparse(node.returns) if node.returns else ""
        found.append(FunctionSig(node.name, params, returns, raises))
    return found


def _exception_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    return target.id if isinstance(target, ast.Name) else ""


def _given(params: Sequence[Param]) -> str | None:
    strategies = []
    for param in params:
        strategy = strategy_for(param.annotation) if param.annotation else None
        if strategy is None:
            return None
        strategies.append(f"{param.name}={strategy}")
    return f"@given({', '.join(strategies)})"


def _args(params: Sequence[Param]) -> str:
    return ", ".join(f"{p.name}: {p.annotation}" for p in params)


def _call(sig: FunctionSig) -> str:
    return f"{sig.name}({', '.join(p.name for p in sig.params)})"


def _pair_of(encode: str, decode: str) -> bool:
    for left, right in _PAIRS:
        if left.endswith("_"):
            if encode.startswith(left) and decode == right + encode[len(left) :]:
                return True
        elif encode.replace(left, right, 1) == decode and left in encode:
            return True
    return False


def _round_trips(sigs: Sequence[FunctionSig]) -> list[Property]:
    by_name = {s.name: s for s in sigs}
    found = []
    for encode in sigs:
        for decode in sigs:
            if encode is decode or not _pair_of(encode.name, decode.name):
                continue
            if len(encode.params) != 1 or len(decode.params) < 1:
                continue
            if any(p.name not in {decode.params[0].name} for p in decode.params[1:]):
                continue
            given = _given(encode.params)
            if given is None or decode.name not in by_name:
                continue
            arg = encode.params[0].name
            body = f"    assert {decode.name}({encode.name}({arg})) == {arg}\n"
            name = f"test_{decode.name}_inverts_{encode.name}"
            source = f"{SETTINGS}\n{given}\ndef {name}({_args(encode.params)}) -> None:\n{body}"
            found.append(Property("round-trip", (encode.name, decode.name), name, source))
    return found


def _idempotent(sig: FunctionSig) -> Property | None:
    if len(sig.params) != 1 or not any(sig.name.startswith(w) for w in _IDEMPOTENT):
        return None
    param = sig.params[0]
    if not param.annotation or param.annotation != sig.returns:
        return None
    given = _given(sig.params)
    if given is None:
        return None
    name = f"test_{sig.name}_is_idempotent"
    body = f"    once = {_call(sig)}\n    assert {sig.name}(once) == once\n"
    source = f"{SETTINGS}\n{given}\ndef {name}({_args(sig.params)}) -> None:\n{body}"
    return Property("idempotent", (sig.name,), name, source)


def _result_type(sig: FunctionSig) -> Property | None:
    outer = sig.returns.split("[", 1)[0]
    if outer not in _TYPES or not sig.params:
        return None
    given = _given(sig.params)
    if given is None:
        return None
    name = f"test_{sig.name}_returns_{outer}"
    call = _call(sig)
    if sig.raises:
        allowed = ", ".join(sig.raises)
        tuple_src = allowed if len(sig.raises) == 1 else f"({allowed})"
        body = (
            f"    try:\n        result = {call}\n    except {tuple_src}:\n"
            f"        return  # raised on purpose\n    assert isinstance(result, {outer})\n"
        )
    else:
        body = f"    assert isinstance({call}, {outer})\n"
    source = f"{SETTINGS}\n{given}\ndef {name}({_args(sig.params)}) -> None:\n{body}"
    return Property("result-type", (sig.name,), name, source)


def find_properties(source: str) -> list[Property]:
    """Candidate properties of a module's public functions (see the module docstring)."""
    sigs = signatures(source)
    found = _round_trips(sigs)
    for sig in sigs:
        for make in (_idempotent, _result_type):
            prop = make(sig)
            if prop is not None:
                found.append(prop)
    return found


def render_properties(module: str, properties: Sequence[Property]) -> str:
    """A pytest file holding `properties` for the module imported as `module`."""
    names = sorted({f for p in properties for f in p.functions})
    exceptions = sorted(
        {n for p in properties for n in _handled_names(p.source) if not hasattr(builtins, n)}
    )
    imports = [
        "from hypothesis import given, settings",
        "from hypothesis import strategies as st",
        "",
        f"from {module} import {', '.join([*names, *exceptions])}",
    ]
    header = (
        f'"""Property-based tests of {module}, generated by MyAgent.\n\n'
        'Each held on the code as it was when it was written."""\n\n'
    )
    body = "\n\n\n".join(p.source.rstrip("\n") for p in properties)
    return header + "\n".join(imports) + "\n\n\n" + body + "\n"


def _handled_names(source: str) -> set[str]:
    """The exception names a test's `except` clauses use."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            for elt in node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]:
                if isinstance(elt, ast.Name):
                    names.add(elt.id)
    return names
