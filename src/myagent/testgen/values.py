"""Candidate values for one parameter, as Python source text a person can read.

`ValueMaker.for_param(param)` gives a short list of `Value`s for a parameter, from
its type hint (`hints.TypeSpec`), else its default, else its name
(`count` -> int, `names` -> list[str], `is_valid` -> bool), else a generic mix:

- **boundary values first**: 0, -1, 1, a large number; "", " ", a word; empty and
  one-item collections; `None` right after the first value of an `Optional`; infinity
  once, last among the floats;
- then **constants** the function compares its parameters with (given by the caller,
  see `inputs`), and their neighbours for numbers;
- then a **few seeded random values** (the same seed gives the same values).

A parameter with a default first gets `OMITTED` (the argument is left out, so the
default applies). Enum members are written `Color.RED`; project classes are built
with keyword arguments from their own hints, `Point(x=0, y=0)`, each with the import
line it needs (`Value.imports`). A class that cannot be built (abstract, unhinted
required arguments, nested too deeply) gives no values.
"""

from __future__ import annotations

import ast
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from myagent.testgen.hints import (
    ClassSpec,
    Collection,
    LiteralOf,
    OneOf,
    Param,
    Scalar,
    TypeSpec,
    Unknown,
)

PER_PARAM = 8  # values per parameter at most
_ITEMS = 2  # distinct item values used inside collections

_BOOL_NAMES = re.compile(
    r"^(is|has|can|should|allow|enable|use|with|no)_|^(flag|verbose|strict|force|debug|"
    r"dry_run|recursive|reverse|quiet|enabled|disabled|inplace|ascending)$"
)
_INT_NAMES = re.compile(
    r"^(n|i|j|k|count|num|number|size|length|width|height|index|idx|limit|offset|depth|"
    r"level|times|retries|quantity|qty|age|year|month|day|hour|minute|second|port|start|"
    r"end|stop|step|position|pos|capacity|total_count|precision|digits|places)$"
    r"|_(count|size|index|len|length|id|number|num)$|^(num|n|max|min)_"
)
_FLOAT_NAMES = re.compile(
    r"^(x|y|z|rate|ratio|factor|scale|weight|probability|prob|alpha|beta|threshold|"
    r"tolerance|tol|percent|percentage|amount|price|cost|total|value|score|temperature)$"
    r"|_(rate|ratio|factor|price|amount|cost)$"
)
_STR_NAMES = re.compile(
    r"^(name|text|s|string|word|label|title|description|desc|key|prefix|suffix|sep|"
    r"separator|delimiter|message|msg|line|char|code|currency|email|url|tier|kind|mode|"
    r"fmt|format|lang|language|pattern|template|token|slug|category|status|unit|sku)$"
    r"|_(name|text|str|string|key|code|id)$"
)
_DICT_NAMES = re.compile(r"^(mapping|data|options|config|kwargs|params|attrs)$|_(map|by_\w+)$")
_NUMERIC_TEXT = re.compile(r"price|amount|cost|number|total|value|qty|quantity")


@dataclass(frozen=True)
class Value:
    """A candidate value: its `source` ("" for `OMITTED`), a `label` for test names
    ("zero", "empty_string", "color_red"), and the import lines the source needs."""

    source: str
    label: str
    imports: frozenset[str] = field(default_factory=frozenset)

    @property
    def omitted(self) -> bool:
        return self.source == ""


OMITTED = Value("", "default")


def _lit(value: object, label: str) -> Value:
    return Value(repr(value), label)


def snake(text: str) -> str:
    """An identifier-safe lower-case label: "Color.RED" -> "color_red"."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    return re.sub(r"[^0-9a-zA-Z]+", "_", text).strip("_").lower()


class ValueMaker:
    """Candidate values from type specs (see the module docstring). `rng` makes the
    random part; `constants` are extra literals (numbers and strings) worth trying."""

    def __init__(self, rng: random.Random, max_depth: int = 4) -> None:
        self.rng = rng
        self.max_depth = max_depth

    def for_param(
        self, param: Param, constants: Sequence[object] = (), depth: int = 0
    ) -> list[Value]:
        spec = param.hint if param.hint is not None else Unknown("")
        if isinstance(spec, Unknown):
            spec = _from_default(param.default) or by_name(param.name) or spec
        values = self.for_spec(spec, depth, constants, param.name)
        if param.default and not param.positional_only:
            values = [OMITTED, *values]
        return _unique(values)[:PER_PARAM]

    def for_spec(
        self, spec: TypeSpec, depth: int = 0, constants: Sequence[object] = (), name: str = ""
    ) -> list[Value]:
        if isinstance(spec, Scalar):
            return self._scalar(spec.name, constants, name)
        if isinstance(spec, LiteralOf):
            return [Value(v, snake(v) or "literal") for v in spec.values]
        if isinstance(spec, OneOf):
            return self._one_of(spec, depth, constants, name)
        if isinstance(spec, Collection):
            return self._collection(spec, depth)
        if isinstance(spec, ClassSpec):
            return self.instances(spec, depth)
        return self._generic(constants)

    def instances(self, spec: ClassSpec, depth: int = 0) -> list[Value]:
        """Enum members, or up to three instances of a class built from its hints."""
        name = spec.qualname
        imports = frozenset({spec.import_line})
        if spec.is_enum:
            return [Value(f"{name}.{m}", snake(f"{name}_{m}"), imports) for m in spec.members]
        if spec.params is None or depth >= self.max_depth:
            return []
        required: list[tuple[Param, list[Value]]] = []
        optional: list[tuple[Param, Value]] = []
        for param in spec.params:
            values = [v for v in self.for_param(param, depth=depth + 1) if not v.omitted]
            if param.default and values:
                optional.append((param, values[min(1, len(values) - 1)]))
            elif not param.default and not values:
                return []  # a required argument that cannot be made
            elif not param.default:
                required.append((param, values))
        variants = max((len(v) for _, v in required), default=1)
        found = []
        for k in range(min(3, max(variants, 2 if optional else 1))):
            chosen = [(p, vs[k % len(vs)]) for p, vs in required]
            if k == 1:  # the second instance sets the optional arguments too
                chosen += optional
            found.append(_construct(name, chosen, imports, spec))
        return _unique(found)

    def _scalar(self, kind: str, constants: Sequence[object], name: str) -> list[Value]:
        rng = self.rng
        mined = [c for c in constants if _scalar_kind(c) == kind]
        if kind == "int":
            near = [n + d for c in mined if isinstance(c, int) for n in (c,) for d in (-1, 0, 1)]
            base = [_lit(0, "zero"), _lit(-1, "negative"), _lit(1, "one"), _lit(1_000_000, "large")]
            extra = [_lit(n, _number_label(n)) for n in near]
            randoms = [_lit(rng.randint(-100, 100), "random_int") for _ in range(2)]
            return _unique([*base, *extra, *randoms])
        if kind == "float":
            base = [_lit(0.0, "zero"), _lit(-1.0, "negative"), _lit(1.5, "fraction"),
                    _lit(1e6, "large")]  # fmt: skip
            extra = [_lit(float(c), _number_label(c)) for c in mined if isinstance(c, float | int)]
            randoms = [_lit(round(rng.uniform(-100, 100), 2), "random_float")]
            return _unique([*base, *extra, *randoms, Value('float("inf")', "infinity")])
        if kind == "str":
            numbers = [_lit("1.50", "number_text"), _lit("-3", "negative_text")]
            words = [_lit(" ", "blank"), _lit("hello world", "text")]
            extra = [_lit(c, snake(str(c)) or "text") for c in mined]
            word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(5))
            middle = [*numbers, *words] if _NUMERIC_TEXT.search(name) else [*words, *numbers]
            first = [_lit("", "empty_string"), _lit("a", "letter")]
            return _unique([*first, *extra, *middle, _lit(word, "random_text")])
        if kind == "bool":
            return [_lit(True, "true"), _lit(False, "false")]
        if kind == "bytes":
            return [_lit(b"", "empty_bytes"), _lit(b"abc", "bytes"), _lit(b"\x00\xff", "binary")]
        if kind == "complex":
            return [_lit(0j, "zero"), _lit(1 + 2j, "complex")]
        if kind == "Decimal":
            imports = frozenset({"from decimal import Decimal"})
            return [Value(f'Decimal("{t}")', label, imports)
                    for t, label in (("0", "zero"), ("1.50", "decimal"), ("-1", "negative"))]  # fmt: skip
        return [_lit(None, "none")]

    def _one_of(
        self, spec: OneOf, depth: int, constants: Sequence[object], name: str
    ) -> list[Value]:
        none = Scalar("None")
        lists = [self.for_spec(o, depth, constants, name) for o in spec.options if o != none]
        mixed = [v for column in _round_robin(lists) for v in column]
        if none in spec.options:
            mixed.insert(1 if mixed else 0, _lit(None, "none"))
        return _unique(mixed)

    def _collection(self, spec: Collection, depth: int) -> list[Value]:
        def items(item: TypeSpec) -> list[Value]:
            item = Scalar("int") if isinstance(item, Unknown) else item
            return [v for v in self.for_spec(item, depth + 1) if not v.omitted][:_ITEMS]

        if spec.kind == "dict":
            keys, values = items(spec.items[0]), items(spec.items[1])
            found = [Value("{}", "empty_dict")]
            if keys and values:
                found.append(_joined("{%s}", [(keys[0], values[0])], "one_entry"))
            return found
        if spec.kind == "tuple" and not spec.variadic:
            columns = [items(i) for i in spec.items]
            if not all(columns):
                return []
            rows = [[c[k % len(c)] for c in columns] for k in range(_ITEMS)]
            text = "(%s,)" if len(columns) == 1 else "(%s)"
            return _unique([_joined(text, [(v, None) for v in row], "tuple") for row in rows])
        inner = items(spec.items[0])
        empty, text = {"list": ("[]", "[%s]"), "set": ("set()", "{%s}"),
                       "frozenset": ("frozenset()", "frozenset({%s})"),
                       "tuple": ("()", "(%s,)")}[spec.kind]  # fmt: skip
        found = [Value(empty, f"empty_{spec.kind}")]
        if inner:
            found.append(_joined(text, [(inner[0], None)], "one_item"))
        if len(inner) > 1:
            found.append(_joined(text.replace(",)", ")"), [(v, None) for v in inner], "two_items"))
        return found

    def _generic(self, constants: Sequence[object]) -> list[Value]:
        mined = [_lit(c, snake(str(c)) or "value") for c in constants]
        base = [_lit(1, "one"), _lit("a", "letter"), _lit(None, "none"), _lit(0, "zero"),
                _lit("", "empty_string"), _lit([], "empty_list")]  # fmt: skip
        return _unique([*base[:2], *mined, *base[2:]])


def _construct(
    name: str, chosen: list[tuple[Param, Value]], imports: frozenset[str], spec: ClassSpec
) -> Value:
    args = ", ".join(v.source if p.positional_only else f"{p.name}={v.source}" for p, v in chosen)
    needed = imports.union(*(v.imports for _, v in chosen))
    return Value(f"{name}({args})", snake(spec.qualname), needed)


def by_name(name: str) -> TypeSpec | None:
    """The type a parameter's name suggests, or None."""
    lowered = name.lower().lstrip("_")
    if _BOOL_NAMES.search(lowered):
        return Scalar("bool")
    if _INT_NAMES.search(lowered):
        return Scalar("int")
    if _FLOAT_NAMES.search(lowered):
        return Scalar("float")
    if _STR_NAMES.search(lowered):
        return Scalar("str")
    if _DICT_NAMES.search(lowered):
        return Collection("dict", (Scalar("str"), Scalar("int")))
    if len(lowered) > 3 and lowered.endswith("s") and not lowered.endswith("ss"):
        item = by_name(lowered[:-1]) or (Scalar("int") if lowered in ("values", "items") else None)
        if item is not None and not isinstance(item, Collection):
            return Collection("list", (item,))
    return None


def _from_default(default: str) -> TypeSpec | None:
    """The type of a literal default (`0` -> int); None for None or a non-literal."""
    try:
        value = ast.literal_eval(default) if default else None
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    kind = _scalar_kind(value)
    return Scalar(kind) if kind not in ("", "None") else None


def _scalar_kind(value: object) -> str:
    if isinstance(value, bool):
        return "bool"
    for kind in (int, float, str, bytes, complex):
        if isinstance(value, kind):
            return kind.__name__
    return "None" if value is None else ""


def _number_label(n: float) -> str:
    return "zero" if n == 0 else f"{'minus_' if n < 0 else ''}{snake(str(abs(n)))}"


def _joined(template: str, parts: list[tuple[Value, Value | None]], label: str) -> Value:
    texts = [f"{k.source}: {v.source}" if v is not None else k.source for k, v in parts]
    imports = frozenset().union(*(k.imports | (v.imports if v else frozenset()) for k, v in parts))
    return Value(template % ", ".join(texts), label, imports)


def _round_robin(lists: Iterable[list[Value]]) -> list[list[Value]]:
    columns = list(lists)
    longest = max((len(c) for c in columns), default=0)
    return [[c[k] for c in columns if k < len(c)] for k in range(longest)]


def _unique(values: Iterable[Value]) -> list[Value]:
    seen: dict[str, Value] = {}
    for value in values:
        seen.setdefault(value.source, value)
    return list(seen.values())
