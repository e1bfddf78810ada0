from ingest.schema import problems


def test_wrong_types():
    record = {"id": "7", "name": "Lamp", "price": "cheap", "tags": "home"}
    assert problems(record) == [
        "id: expected int, got str",
        "price: expected float, got str",
        "tags: expected list, got str",
    ]


def test_bool_is_not_a_price():
    assert problems({"price": True}, {"price": float}) == ["price: expected float, got bool"]


def test_custom_schema():
    assert problems({"n": 1, "m": 2.5}, {"n": int, "m": int}) == ["m: expected int, got float"]
