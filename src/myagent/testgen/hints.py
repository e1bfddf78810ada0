"""Type hints read from source: what kind of value a parameter wants.

`HintReader(index).read(annotation, module)` turns an annotation (an `ast`
expression, or a string annotation) written in `module` into a `TypeSpec`:

- `Scalar`: int, float, str, bool, bytes, complex, None, `decimal.Decimal`;
- `Collection`: list/set/frozenset/tuple/dict and their `typing` and
  `collections.abc` spellings (`Sequence`, `Iterable`, `Mapping`...);
- `OneOf`: `Optional[X]`, `Union[...]`, `X | Y`;
- `LiteralOf`: `Literal[...]` (its values as source text);
- `ClassSpec`: a class of the project, found through the module's own definitions and
  its imports (absolute or relative) of other project modules (`sources`): an
  `Enum` (its members), or a class built from keyword arguments: a dataclass, a
  `NamedTuple`, a pydantic model (their fields) or a plain class (its `__init__`);
- `Unknown`: anything else (`Any`, a class from another library, a type variable).

Only the project's files are read, with `ast`; nothing is imported.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from myagent.testgen.sources import ProjectIndex, SourceModule, import_map
from myagent.testgen.units import decorator_names, last_name

_SCALARS = {
    "int": "int", "float": "float", "str": "str", "bool": "bool", "bytes": "bytes",
    "complex": "complex", "None": "None", "NoneType": "None", "Decimal": "Decimal",
}  # fmt: skip
_LISTS = {"list", "List", "Sequence", "MutableSequence", "Iterable", "Collection",
          "Iterator", "Reversible", "Container"}  # fmt: skip
_SETS = {"set", "Set", "MutableSet", "AbstractSet"}
_DICTS = {"dict", "Dict", "Mapping", "MutableMapping", "OrderedDict", "defaultdict"}
_TRANSPARENT = {"Annotated", "Final", "ClassVar", "Required", "NotRequired", "ReadOnly"}
_ENUM_BASES = {"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag"}
_KEYWORD_BASES = {"NamedTuple", "BaseModel"}
_MAX_REEXPORTS = 4


@dataclass(frozen=True)
class Scalar:
    name: str  # "int", "float", "str", "bool", "bytes", "complex", "None", "Decimal"


@dataclass(frozen=True)
class Collection:
    kind: str  # "list", "set", "frozenset", "tuple", "dict"
    items: tuple[TypeSpec, ...]  # list/set: (item,); dict: (key, value); tuple: each
    variadic: bool = False  # tuple[X, ...]


@dataclass(frozen=True)
class OneOf:
    options: tuple[TypeSpec, ...]


@dataclass(frozen=True)
class LiteralOf:
    values: tuple[str, ...]  # source text


@dataclass(frozen=True)
class Param:
    """A parameter: its hint (None when absent) and default (its source text, "" when
    it has none; a dataclass field's `field(...)` call when that gives a default)."""

    name: str
    hint: TypeSpec | None
    default: str = ""
    positional_only: bool = False
    keyword_only: bool = False


@dataclass(frozen=True)
class ClassSpec:
    """A project class: where it is importable from and how to build one.

    `module` is its dotted module, `qualname` its name there ("Point",
    "Shape.Kind"); `members` the member names of an enum; `params` what its
    constructor takes (None: cannot be built from hinted arguments, `why` says so)."""

    module: str
    qualname: str
    members: tuple[str, ...] = ()
    params: tuple[Param, ...] | None = ()
    why: str = ""

    @property
    def is_enum(self) -> bool:
        return bool(self.members)

    @property
    def import_line(self) -> str:
        return f"from {self.module} import {self.qualname.split('.')[0]}"


@dataclass(frozen=True)
class Unknown:
    text: str  # the annotation's source ("" when there is none)


TypeSpec = Scalar | Collection | OneOf | LiteralOf | ClassSpec | Unknown


class HintReader:
    """Reads annotations into `TypeSpec`s (see the module docstring)."""

    def __init__(self, index: ProjectIndex, max_depth: int = 3) -> None:
        self.index = index
        self.max_depth = max_depth
        self._classes: dict[tuple[str, str, int], ClassSpec] = {}

    def read(self, annotation: ast.expr | None, module: SourceModule, depth: int = 0) -> TypeSpec:
        if annotation is None:
            return Unknown("")
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            text = annotation.value
            try:
                annotation = ast.parse(text, mode="eval").body
            except SyntaxError:
                return Unknown(text)
        return self._read(annotation, module, depth)

    def params(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, module: SourceModule, depth: int = 0,
        *, skip_first: bool = False,
    ) -> tuple[Param, ...]:  # fmt: skip
        """The parameters of a function (`*args`/`**kwargs` left out; `skip_first`
        drops `self`/`cls`)."""
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
        defaults += list(args.defaults)
        found = [
            Param(
                a.arg, self.read(a.annotation, module, depth) if a.annotation else None,
                ast.unparse(d) if d is not None else "", positional_only=i < len(args.posonlyargs),
            )
            for i, (a, d) in enumerate(zip(positional, defaults, strict=True))
        ]  # fmt: skip
        found += [
            Param(
                a.arg, self.read(a.annotation, module, depth) if a.annotation else None,
                ast.unparse(d) if d is not None else "", keyword_only=True,
            )
            for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
        ]  # fmt: skip
        return tuple(found[1:] if skip_first else found)

    def class_spec(self, module: SourceModule, qualname: str, depth: int = 0) -> ClassSpec | None:
        """The spec of the class `qualname` defined in `module`, or None."""
        node = _class_node(module.tree, qualname)
        if node is None:
            return None
        key = (module.name, qualname, depth)
        if key not in self._classes:
            self._classes[key] = self._class_spec(module, qualname, node, depth)
        return self._classes[key]

    def _read(self, node: ast.expr, module: SourceModule, depth: int) -> TypeSpec:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return self.read(node, module, depth)  # a forward reference inside a hint
        if isinstance(node, ast.Constant) and node.value is None:
            return Scalar("None")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return _one_of(
                self._read(node.left, module, depth), self._read(node.right, module, depth)
            )
        if isinstance(node, ast.Subscript):
            return self._generic(node, module, depth)
        name = last_name(node)
        found = self._resolve(node, module, depth)
        if found is not None:
            return found
        if name in _SCALARS:
            return Scalar(_SCALARS[name])
        if name in _LISTS:
            return Collection("list", (Unknown(""),))
        if name in _SETS | {"frozenset", "FrozenSet"}:
            return Collection("frozenset" if "rozen" in name else "set", (Unknown(""),))
        if name in _DICTS:
            return Collection("dict", (Unknown(""), Unknown("")))
        if name in ("tuple", "Tuple"):
            return Collection("tuple", (Unknown(""),), variadic=True)
        return Unknown(ast.unparse(node))

    def _generic(self, node: ast.Subscript, module: SourceModule, depth: int) -> TypeSpec:
        outer = last_name(node.value)
        args = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
        if outer == "Literal":
            return LiteralOf(tuple(ast.unparse(a) for a in args))
        if outer in _TRANSPARENT:
            return self._read(args[0], module, depth)
        if outer == "Optional":
            return _one_of(self._read(args[0], module, depth), Scalar("None"))
        items = tuple(self._read(a, module, depth) for a in args if not _is_ellipsis(a))
        if outer == "Union":
            return _one_of(*items)
        if outer in _LISTS and items:
            return Collection("list", items[:1])
        if outer in _SETS and items:
            return Collection("set", items[:1])
        if outer in ("frozenset", "FrozenSet") and items:
            return Collection("frozenset", items[:1])
        if outer in _DICTS and len(items) == 2:
            return Collection("dict", items)
        if outer in ("tuple", "Tuple") and items:
            return Collection("tuple", items, variadic=_is_ellipsis(args[-1]))
        found = self._resolve(node.value, module, depth)  # a generic project class
        return found if found is not None else Unknown(ast.unparse(node))

    def _resolve(self, node: ast.expr, module: SourceModule, depth: int) -> ClassSpec | None:
        """A project class named by `node` (`Money`, `money.Money`) in `module`."""
        dotted = ast.unparse(node) if isinstance(node, ast.Name | ast.Attribute) else ""
        if not dotted:
            return None
        return self._lookup(module, dotted, depth, _MAX_REEXPORTS)

    def _lookup(self, module: SourceModule, dotted: str, depth: int, hops: int) -> ClassSpec | None:
        if _class_node(module.tree, dotted) is not None:
            return self.class_spec(module, dotted, depth)
        head, _, rest = dotted.partition(".")
        source = import_map(module).get(head)
        if source is None or hops <= 0:
            return None
        source_module, source_name = source
        path = [*([source_name] if source_name else []), *(rest.split(".") if rest else [])]
        for split in range(len(path) - 1, -1, -1):  # the longest module prefix first
            other = self.index.module(".".join([source_module, *path[:split]]))
            if other is not None:
                return self._lookup(other, ".".join(path[split:]), depth, hops - 1)
        return None

    def _class_spec(
        self, module: SourceModule, qualname: str, node: ast.ClassDef, depth: int
    ) -> ClassSpec:
        bases = {last_name(b.value if isinstance(b, ast.Subscript) else b) for b in node.bases}
        if bases & _ENUM_BASES:
            return ClassSpec(module.name, qualname, members=_enum_members(node))
        if depth >= self.max_depth:
            return ClassSpec(module.name, qualname, params=None, why="nested too deeply")
        if "ABC" in bases or "Protocol" in bases or _has_abstract(node):
            return ClassSpec(module.name, qualname, params=None, why=f"{qualname} is abstract")
        if "dataclass" in decorator_names(node) or bases & _KEYWORD_BASES:
            params = tuple(
                Param(name, self.read(hint, module, depth + 1), default, keyword_only=True)
                for name, hint, default in _fields(node)
            )
            return ClassSpec(module.name, qualname, params=params)
        init = next(
            (s for s in node.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"), None
        )
        if init is not None:
            return ClassSpec(
                module.name, qualname, params=self.params(init, module, depth + 1, skip_first=True)
            )
        if bases - {"object", ""}:
            why = f"{qualname} inherits its constructor from {', '.join(sorted(bases))}"
            return ClassSpec(module.name, qualname, params=None, why=why)
        return ClassSpec(module.name, qualname, params=())


def _one_of(*specs: TypeSpec) -> TypeSpec:
    options: list[TypeSpec] = []
    for spec in specs:
        for option in spec.options if isinstance(spec, OneOf) else (spec,):
            if option not in options:
                options.append(option)
    return options[0] if len(options) == 1 else OneOf(tuple(options))


def _is_ellipsis(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is Ellipsis


def _class_node(tree: ast.Module, qualname: str) -> ast.ClassDef | None:
    body: list[ast.stmt] = tree.body
    found: ast.ClassDef | None = None
    for part in qualname.split("."):
        found = next((s for s in body if isinstance(s, ast.ClassDef) and s.name == part), None)
        if found is None:
            return None
        body = found.body
    return found


def _enum_members(node: ast.ClassDef) -> tuple[str, ...]:
    members = []
    for statement in node.body:
        targets = statement.targets if isinstance(statement, ast.Assign) else []
        for target in targets:
            if isinstance(target, ast.Name) and not target.id.startswith("_"):
                members.append(target.id)
    return tuple(members)


def _has_abstract(node: ast.ClassDef) -> bool:
    return any(
        "abstractmethod" in decorator_names(s)
        for s in node.body
        if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)
    )


def _fields(node: ast.ClassDef) -> list[tuple[str, ast.expr, str]]:
    """(name, hint, default source or "") of each init field of a dataclass-like class."""
    fields = []
    for statement in node.body:
        if not isinstance(statement, ast.AnnAssign) or not isinstance(statement.target, ast.Name):
            continue
        if last_name(statement.annotation.value if isinstance(statement.annotation, ast.Subscript)
                     else statement.annotation) in ("ClassVar", "InitVar"):  # fmt: skip
            continue
        value = statement.value
        if isinstance(value, ast.Call) and last_name(value.func) == "field":
            keywords = {k.arg: k.value for k in value.keywords}
            init = keywords.get("init")
            if isinstance(init, ast.Constant) and init.value is False:
                continue
            if "default" not in keywords and "default_factory" not in keywords:
                value = None
        default = ast.unparse(value) if value is not None else ""
        fields.append((statement.target.id, statement.annotation, default))
    return fields
