"""Planning the calls that characterize a unit: how each kind of function is called,
and the reasons a unit cannot be called directly."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from myagent.testgen.hints import HintReader
from myagent.testgen.plan import Plan, plan_calls
from myagent.testgen.sources import ProjectIndex
from myagent.testgen.units import module_unit, units_in

SHOP = """
import enum
from abc import ABC, abstractmethod
from dataclasses import dataclass


class Size(enum.Enum):
    S = 1
    L = 2

    def label(self) -> str:
        return self.name.lower()


@dataclass
class Money:
    cents: int

    def __post_init__(self) -> None:
        if self.cents < 0:
            raise ValueError("negative")

    def __add__(self, other: "Money") -> "Money":
        return Money(self.cents + other.cents)

    def __len__(self) -> int:
        return 1

    def times(self, factor: float) -> "Money":
        return Money(round(self.cents * factor))

    @property
    def euros(self) -> int:
        return self.cents // 100

    @staticmethod
    def zero() -> "Money":
        return Money(0)

    @classmethod
    def parse(cls, text: str) -> "Money":
        return cls(int(text))


class Shape(ABC):
    @abstractmethod
    def area(self) -> float: ...

    def describe(self) -> str:
        return "shape"


def total(amounts: list[Money], rush: bool = False) -> int:
    return sum(a.cents for a in amounts)


async def fetch(url: str) -> str:
    return url
"""


@pytest.fixture
def plans(tmp_path: Path) -> dict[str, Plan]:
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "shop" / "core.py").write_text(textwrap.dedent(SHOP), encoding="utf-8")
    index = ProjectIndex(tmp_path, (".",))
    module = index.module("shop.core")
    assert module is not None
    reader = HintReader(index)
    found = {u.qualname: plan_calls(u, module, reader, max_calls=6) for u in units_in(module.tree)}
    found["<module>"] = plan_calls(module_unit(module.tree), module, reader)
    return found


def expressions(plan: Plan) -> list[str]:
    return [c.expression for c in plan.calls]


def test_functions_are_called_by_name_with_their_import(plans: dict[str, Plan]):
    plan = plans["total"]
    assert expressions(plan)[:3] == ["total([])", "total([Money(cents=0)])", "total([], True)"]
    assert plan.imports == ("from shop.core import Money", "from shop.core import total")
    assert plan.calls[0].parts == ("[]",)


def test_static_and_class_methods_are_called_on_the_class(plans: dict[str, Plan]):
    assert expressions(plans["Money.zero"]) == ["Money.zero()"]
    assert expressions(plans["Money.parse"])[:2] == ["Money.parse('')", "Money.parse('a')"]
    assert plans["Money.parse"].imports == ("from shop.core import Money",)


def test_a_constructor_is_called_through_its_class(plans: dict[str, Plan]):
    assert expressions(plans["Money.__post_init__"])[:3] == [
        "Money(cents=0)",
        "Money(cents=-1)",
        "Money(cents=1)",
    ]


def test_methods_and_properties_are_used_on_built_instances(plans: dict[str, Plan]):
    times = plans["Money.times"]
    assert expressions(times)[0] == "Money(cents=0).times(0.0)"
    assert times.calls[0].parts == ("Money(cents=0)", "0.0")
    assert expressions(plans["Money.euros"]) == [
        "Money(cents=0).euros",
        "Money(cents=-1).euros",
        "Money(cents=1).euros",
    ]
    assert expressions(plans["Size.label"]) == ["Size.S.label()", "Size.L.label()"]


def test_dunders_are_written_as_operators_and_builtins(plans: dict[str, Plan]):
    added = expressions(plans["Money.__add__"])
    assert added[0] == "Money(cents=0).__add__(Money(cents=0))"  # `x + x` reads as a mistake
    assert "(Money(cents=0) + Money(cents=-1))" in added
    assert expressions(plans["Money.__len__"])[0] == "len(Money(cents=0))"


@pytest.mark.parametrize(
    ("qualname", "reason"),
    [
        ("fetch", "an async function: it needs an event loop to run"),
        ("<module>", "module-level code: importing the module runs it"),
        ("Shape.describe", "Shape is abstract"),
    ],
)
def test_units_that_cannot_be_called_directly_say_why(
    plans: dict[str, Plan], qualname: str, reason: str
):
    assert plans[qualname].calls == ()
    assert plans[qualname].reason == reason
