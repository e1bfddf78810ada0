"""Type hints read from source into TypeSpecs, with project classes found through
imports (nothing is imported: the files are parsed)."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from myagent.testgen.hints import (
    ClassSpec,
    Collection,
    HintReader,
    LiteralOf,
    OneOf,
    Scalar,
    TypeSpec,
    Unknown,
)
from myagent.testgen.sources import ProjectIndex, SourceModule

MODELS = """
import enum
from dataclasses import dataclass, field
from typing import ClassVar, NamedTuple


class Color(enum.Enum):
    RED = 1
    GREEN = 2
    _hidden = 3


@dataclass(frozen=True)
class Point:
    x: int
    y: int = 0
    kind: ClassVar[str] = "point"
    tags: list[str] = field(default_factory=list)
    cache: dict[str, int] = field(init=False)


class Pair(NamedTuple):
    left: str
    right: str


class Account:
    def __init__(self, owner: str, limit: "int" = 10, *args, **kwargs) -> None:
        self.owner = owner


class Plain:
    pass


class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self) -> float: ...


class Wrapped(SomeLibraryBase):
    pass
"""
USER = """
from __future__ import annotations

import typing
from typing import Annotated, Literal, Optional, Sequence, Union

import shop.models as m
from shop import models
from .models import Color, Point
from decimal import Decimal
"""


@pytest.fixture
def index(tmp_path: Path) -> ProjectIndex:
    package = tmp_path / "src" / "shop"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from shop.models import Account\n", encoding="utf-8")
    (package / "models.py").write_text(textwrap.dedent(MODELS), encoding="utf-8")
    (package / "user.py").write_text(textwrap.dedent(USER), encoding="utf-8")
    return ProjectIndex(tmp_path, ("src",))


@pytest.fixture
def user(index: ProjectIndex) -> SourceModule:
    module = index.module("shop.user")
    assert module is not None
    return module


def read(index: ProjectIndex, module: SourceModule, hint: str) -> TypeSpec:
    return HintReader(index).read(ast.parse(hint, mode="eval").body, module)


@pytest.mark.parametrize(
    ("hint", "spec"),
    [
        ("int", Scalar("int")),
        ("float", Scalar("float")),
        ("str", Scalar("str")),
        ("bool", Scalar("bool")),
        ("bytes", Scalar("bytes")),
        ("None", Scalar("None")),
        ("Decimal", Scalar("Decimal")),
        ("'int'", Scalar("int")),
        ("Optional[int]", OneOf((Scalar("int"), Scalar("None")))),
        ("int | None", OneOf((Scalar("int"), Scalar("None")))),
        ("Union[int, str, int]", OneOf((Scalar("int"), Scalar("str")))),
        ("list[int]", Collection("list", (Scalar("int"),))),
        ("Sequence[str]", Collection("list", (Scalar("str"),))),
        ("typing.List[int]", Collection("list", (Scalar("int"),))),
        ("set[int]", Collection("set", (Scalar("int"),))),
        ("frozenset[int]", Collection("frozenset", (Scalar("int"),))),
        ("dict[str, float]", Collection("dict", (Scalar("str"), Scalar("float")))),
        ("tuple[int, str]", Collection("tuple", (Scalar("int"), Scalar("str")))),
        ("tuple[int, ...]", Collection("tuple", (Scalar("int"),), variadic=True)),
        ("list", Collection("list", (Unknown(""),))),
        ("Literal['a', 2]", LiteralOf(("'a'", "2"))),
        ("Annotated[int, 'meta']", Scalar("int")),
        ("Callable[[int], int]", Unknown("Callable[[int], int]")),
        ("SomeLibraryType", Unknown("SomeLibraryType")),
    ],
)
def test_hints_of_builtin_and_typing_types(
    index: ProjectIndex, user: SourceModule, hint: str, spec: TypeSpec
):
    assert read(index, user, hint) == spec


def test_an_enum_imported_relatively_gives_its_members(index: ProjectIndex, user: SourceModule):
    spec = read(index, user, "Color")
    assert isinstance(spec, ClassSpec)
    assert (spec.module, spec.qualname, spec.members) == ("shop.models", "Color", ("RED", "GREEN"))
    assert spec.import_line == "from shop.models import Color"


def test_a_dataclass_gives_its_init_fields_with_hints_and_defaults(
    index: ProjectIndex, user: SourceModule
):
    spec = read(index, user, "Point")
    assert isinstance(spec, ClassSpec) and spec.params is not None
    fields = [(p.name, p.hint, p.default, p.keyword_only) for p in spec.params]
    assert fields == [
        ("x", Scalar("int"), "", True),
        ("y", Scalar("int"), "0", True),
        ("tags", Collection("list", (Scalar("str"),)), "field(default_factory=list)", True),
    ]  # ClassVar and init=False fields are not constructor arguments


@pytest.mark.parametrize("hint", ["m.Pair", "models.Pair", "'models.Pair'"])
def test_classes_are_found_through_module_imports(
    index: ProjectIndex, user: SourceModule, hint: str
):
    spec = read(index, user, hint)
    assert isinstance(spec, ClassSpec) and spec.params is not None
    assert [p.name for p in spec.params] == ["left", "right"]


def test_a_plain_class_is_built_from_its_init_without_self_or_star_args(index: ProjectIndex):
    package = index.module("shop")  # re-exports Account from shop.models
    assert package is not None and package.is_package
    spec = read(index, package, "Account")
    assert isinstance(spec, ClassSpec) and spec.params is not None
    assert [(p.name, p.hint, p.default) for p in spec.params] == [
        ("owner", Scalar("str"), ""),
        ("limit", Scalar("int"), "10"),
    ]


def test_classes_that_cannot_be_built_say_why(index: ProjectIndex):
    models = index.module("shop.models")
    assert models is not None
    reader = HintReader(index)
    plain = reader.class_spec(models, "Plain")
    assert plain is not None and plain.params == ()
    shape = reader.class_spec(models, "Shape")
    assert shape is not None and shape.params is None and "abstract" in shape.why
    wrapped = reader.class_spec(models, "Wrapped")
    assert wrapped is not None and wrapped.params is None
    assert "SomeLibraryBase" in wrapped.why


def test_modules_outside_the_project_are_not_found(index: ProjectIndex):
    assert index.module("decimal") is None
    assert index.module("shop.nothing") is None
    assert index.module_at("src/shop/user.py") is index.module("shop.user")
