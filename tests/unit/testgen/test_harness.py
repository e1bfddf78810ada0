"""The harness's way of describing results and exceptions (its pure parts; the whole
harness runs in the sandbox in tests/integration/testgen)."""

from __future__ import annotations

import datetime
import decimal
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from myagent.testgen.harness import describe, raised


@dataclass
class Point:
    x: int
    y: float


class Opaque:
    def __init__(self) -> None:
        self.name = "box"
        self.items = [1, 2]
        self._private = 1
        self.callback = print

    def __len__(self) -> int:
        return 2


NS: dict[str, Any] = {"Point": Point, "Decimal": decimal.Decimal}


def test_values_whose_repr_round_trips_are_recorded_by_repr():
    assert describe(3, NS) == {
        "kind": "value",
        "repr": "3",
        "type": "int",
        "approx": False,
        "wrap": "",
        "imports": [],
    }
    assert describe(Point(1, 2.5), NS)["repr"] == "Point(x=1, y=2.5)"
    assert describe(decimal.Decimal("1.50"), NS)["repr"] == "Decimal('1.50')"


def test_the_imports_a_repr_needs_are_found_from_the_classes_in_the_value():
    found = describe([decimal.Decimal("1.5")], {})
    assert (found["kind"], found["repr"]) == ("value", "[Decimal('1.5')]")
    assert found["imports"] == ["from decimal import Decimal"]
    day = describe(datetime.date(2024, 2, 29), {})
    assert (day["repr"], day["imports"]) == ("datetime.date(2024, 2, 29)", ["import datetime"])


def test_floats_are_marked_for_approx_where_pytest_can_compare_them():
    assert describe(0.1, NS)["approx"] is True
    assert describe([1, 0.5], NS)["approx"] is True
    assert describe({"a": 0.5}, NS)["approx"] is True
    assert describe([[0.5]], NS)["approx"] is False  # nested: compared exactly
    assert describe([True, 0.5], NS)["approx"] is False


def test_a_generator_is_recorded_by_its_items():
    def count() -> Iterator[int]:
        yield from range(3)

    assert describe(count(), NS) == {
        "kind": "value", "repr": "[0, 1, 2]", "type": "list", "approx": False, "wrap": "list",
        "imports": [],
    }  # fmt: skip


def test_other_results_are_described_by_type_length_and_public_attributes():
    found = describe(Opaque(), NS)
    assert found == {
        "kind": "object",
        "type": "Opaque",
        "wrap": "",
        "imports": [],
        "len": 2,
        "attributes": [("items", "[1, 2]"), ("name", "'box'")],
    }
    nan = describe(math.nan, NS)
    assert (nan["kind"], nan["type"]) == ("object", "float")  # nan != nan


def test_exceptions_name_an_importable_class_and_keep_their_message():
    assert raised(ValueError("bad input")) == {
        "kind": "raises", "type": "ValueError", "module": "builtins", "name": "ValueError",
        "message": "bad input",
    }  # fmt: skip
    found = raised(decimal.InvalidOperation("x"))
    assert (found["module"], found["name"]) == ("decimal", "InvalidOperation")

    class Local(KeyError):
        pass

    local = raised(Local("k"))
    assert (local["type"], local["module"], local["name"]) == (
        "test_exceptions_name_an_importable_class_and_keep_their_message.<locals>.Local",
        "builtins",
        "KeyError",
    )
