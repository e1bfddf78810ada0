"""Candidate arguments from signatures: values per hint kind, boundary values first,
constants the function compares with, determinism, the cap, and source text that a
person (and Python) can read."""

from __future__ import annotations

import ast
import itertools
import random
from collections.abc import Sequence

import pytest

from myagent.testgen.hints import ClassSpec, Collection, LiteralOf, OneOf, Param, Scalar, Unknown
from myagent.testgen.inputs import Argument, ArgumentSet, candidates, combine, compared_constants
from myagent.testgen.values import OMITTED, Value, ValueMaker, by_name

POINT = ClassSpec(
    "shop.geo", "Point", params=(Param("x", Scalar("int")), Param("y", Scalar("int")))
)
COLOR = ClassSpec("shop.geo", "Color", members=("RED", "GREEN"))


def sources(spec: Scalar | Collection | OneOf | LiteralOf | ClassSpec | Unknown) -> list[str]:
    return [v.source for v in ValueMaker(random.Random(0)).for_spec(spec)]


def test_ints_start_with_boundary_values_then_seeded_random_ones():
    found = sources(Scalar("int"))
    assert found[:4] == ["0", "-1", "1", "1000000"]
    assert len(found) == 6 and all(isinstance(ast.literal_eval(s), int) for s in found)


def test_floats_keep_infinity_for_last_and_strings_start_empty():
    floats = sources(Scalar("float"))
    assert floats[:3] == ["0.0", "-1.0", "1.5"] and floats[-1] == 'float("inf")'
    assert sources(Scalar("str"))[:2] == ["''", "'a'"]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (Scalar("bool"), ["True", "False"]),
        (Scalar("bytes"), ["b''", "b'abc'", "b'\\x00\\xff'"]),
        (Scalar("None"), ["None"]),
        (LiteralOf(("'a'", "2")), ["'a'", "2"]),
        (Collection("list", (Scalar("bool"),)), ["[]", "[True]", "[True, False]"]),
        (Collection("set", (Scalar("bool"),)), ["set()", "{True}", "{True, False}"]),
        (Collection("frozenset", (Scalar("None"),)), ["frozenset()", "frozenset({None})"]),
        (Collection("tuple", (Scalar("bool"),), variadic=True), ["()", "(True,)", "(True, False)"]),
        (Collection("tuple", (Scalar("bool"), Scalar("None"))), ["(True, None)", "(False, None)"]),
        (Collection("dict", (Scalar("bool"), Scalar("None"))), ["{}", "{True: None}"]),
        (OneOf((Scalar("bool"), Scalar("None"))), ["True", "None", "False"]),
    ],
)
def test_each_hint_kind_gives_literal_values(spec: Scalar, expected: list[str]):
    assert sources(spec) == expected


def test_optional_puts_none_right_after_the_first_value():
    found = sources(OneOf((Scalar("int"), Scalar("str"), Scalar("None"))))
    assert found[:4] == ["0", "None", "''", "-1"]


def test_enums_and_classes_are_written_as_code_with_their_imports():
    maker = ValueMaker(random.Random(0))
    colors = maker.for_spec(COLOR)
    assert [(v.source, v.label) for v in colors] == [
        ("Color.RED", "color_red"),
        ("Color.GREEN", "color_green"),
    ]
    points = maker.for_spec(POINT)
    assert [v.source for v in points] == ["Point(x=0, y=0)", "Point(x=-1, y=-1)", "Point(x=1, y=1)"]
    assert all(v.imports == {"from shop.geo import Point"} for v in points)


def test_instances_leave_optional_arguments_out_but_the_second_one_sets_them():
    spec = ClassSpec(
        "shop.cart",
        "Cart",
        params=(
            Param("owner", Scalar("str")),
            Param("items", Collection("list", (Scalar("int"),)), "[]"),
        ),
    )
    found = [v.source for v in ValueMaker(random.Random(0)).for_spec(spec)]
    assert found[0] == "Cart(owner='')"
    assert found[1] == "Cart(owner='a', items=[0])"


def test_a_class_that_cannot_be_built_gives_no_values():
    assert sources(ClassSpec("m", "Shape", params=None, why="abstract")) == []
    nested = ClassSpec("m", "Box", params=(Param("inner", Unknown("Library")),))
    assert ValueMaker(random.Random(0)).instances(nested)[0].source == "Box(inner=1)"


@pytest.mark.parametrize(
    ("name", "spec"),
    [
        ("is_valid", Scalar("bool")),
        ("count", Scalar("int")),
        ("max_items", Scalar("int")),
        ("rate", Scalar("float")),
        ("name", Scalar("str")),
        ("user_name", Scalar("str")),
        ("names", Collection("list", (Scalar("str"),))),
        ("items", Collection("list", (Scalar("int"),))),
        ("prices", Collection("list", (Scalar("float"),))),
        ("options", Collection("dict", (Scalar("str"), Scalar("int")))),
        ("zzz", None),
    ],
)
def test_parameter_names_suggest_a_type_when_there_is_no_hint(name: str, spec: object):
    assert by_name(name) == spec


def test_a_default_is_tried_first_by_leaving_the_argument_out_and_gives_its_type():
    values = ValueMaker(random.Random(0)).for_param(Param("width", None, "40"))
    assert values[0] is OMITTED
    assert [v.source for v in values[1:4]] == ["0", "-1", "1"]


def test_left_out_arguments_make_the_next_ones_go_by_name():
    params = [
        Param("a", Scalar("bool")),
        Param("b", Scalar("bool"), "True"),
        Param("c", Scalar("bool")),
    ]
    found = candidates(params, key="f", max_calls=50)
    texts = [c.source for c in found.calls]
    assert texts[0] == "True, c=True"  # b left at its default
    assert "True, False, True" in texts
    assert all(not a.keyword for c in found.calls for a in c.arguments if a.name == "a")


def test_keyword_only_parameters_always_go_by_name():
    found = candidates([Param("flag", Scalar("bool"), keyword_only=True)], key="f")
    assert [c.source for c in found.calls] == ["flag=True", "flag=False"]


def test_the_base_call_comes_first_then_one_value_changed_at_a_time_with_its_label():
    params = [Param("n", Scalar("int")), Param("text", Scalar("str"))]
    found = candidates(params, key="f", max_calls=5)
    assert [(c.source, c.labels) for c in found.calls] == [
        ("0, ''", ()),
        ("-1, ''", ("negative",)),
        ("0, 'a'", ("letter",)),
        ("1, ''", ("one",)),
        ("0, ' '", ("blank",)),
    ]


def test_calls_are_capped_and_deterministic_for_a_seed():
    params = [Param(n, Scalar("int")) for n in "abcd"]
    first = candidates(params, key="f", max_calls=12, seed=1)
    again = candidates(params, key="f", max_calls=12, seed=1)
    other = candidates(params, key="f", max_calls=40, seed=2)
    assert len(first.calls) == 12
    assert [c.source for c in first.calls] == [c.source for c in again.calls]
    assert {c.source for c in other.calls} != {c.source for c in first.calls}


def test_every_value_is_tried_and_pairs_get_covered_when_the_cap_allows():
    columns: list[Sequence[Value]] = [[Value(str(i), "") for i in range(3)] for _ in range(3)]
    rows = combine(columns, 40, random.Random(0))
    assert len(rows) < 27  # never the full product
    for i, j in itertools.combinations(range(3), 2):
        assert {(r[i], r[j]) for r in rows} == set(itertools.product(range(3), range(3)))


def test_every_argument_set_compiles_and_literals_round_trip():
    params = [
        Param("n", Scalar("int")),
        Param("items", Collection("list", (Scalar("float"),))),
        Param("mapping", Collection("dict", (Scalar("str"), Scalar("bytes")))),
        Param("pair", Collection("tuple", (Scalar("bool"), Scalar("None")))),
        Param("color", COLOR),
        Param("where", OneOf((POINT, Scalar("None"))), "None"),
    ]
    found = candidates(params, key="f", max_calls=30)
    assert found.imports == ("from shop.geo import Color", "from shop.geo import Point")
    for call in found.calls:
        ast.parse(f"f({call.source})", mode="eval")
        for argument in call.arguments:
            text = argument.value.source
            if not text.startswith(("Color.", "Point(", "float(")) and "inf" not in text:
                ast.literal_eval(text)


def test_an_instance_method_gets_a_receiver_column():
    receivers = ValueMaker(random.Random(0)).for_spec(POINT)
    found = candidates([Param("k", Scalar("bool"))], key="Point.scale", receiver=receivers)
    assert {c.receiver.source for c in found.calls if c.receiver} == {v.source for v in receivers}
    assert found.imports == ("from shop.geo import Point",)
    assert candidates([], key="m", receiver=[]).notes  # no instance: a note, no calls


def test_unhinted_parameters_are_noted():
    found = candidates([Param("thing", None)], key="f")
    assert found.calls and found.notes == ("thing has no type hint: values guessed",)


SOURCE = """
LIMIT = 10
RATES = {"silver": 0.02, "gold": 0.05}


def discount(quantity, tier, code):
    if quantity > LIMIT:
        return 1
    if tier == "vip" or code in ("A1", "B2"):
        return 2
    if len(code) > 3:
        return 3
    return RATES.get(tier, 0)
"""


def test_constants_the_function_compares_with_are_collected_per_parameter():
    tree = ast.parse(SOURCE)
    function = tree.body[-1]
    assert isinstance(function, ast.FunctionDef)
    found = compared_constants(function, tree)
    assert found["quantity"] == [10]
    assert found["tier"] == ["vip", "silver", "gold"]
    assert found["code"] == ["A1", "B2"]
    assert found[""] == [3]


def test_compared_constants_and_their_neighbours_become_values():
    params = [Param("quantity", Scalar("int")), Param("tier", Scalar("str"))]
    found = candidates(
        params, key="d", constants={"quantity": [10], "tier": ["gold"]}, max_calls=40
    )
    arguments = [a.value.source for c in found.calls for a in c.arguments]
    assert {"9", "10", "11", "'gold'"} <= set(arguments)


def test_argument_sets_render_positional_then_keyword():
    call = ArgumentSet(
        (Argument("a", Value("1", "one"), False), Argument("b", Value("'x'", "x"), True))
    )
    assert call.source == "1, b='x'"
