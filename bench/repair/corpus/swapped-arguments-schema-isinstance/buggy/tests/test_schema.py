from ingest.schema import is_valid, problems


def test_an_empty_record_misses_every_field():
    assert problems({}) == ["id: missing", "name: missing", "price: missing", "tags: missing"]


def test_unknown_fields_are_reported():
    assert problems({"colour": "red"}, {}) == ["colour: unknown field"]


def test_an_integer_price_is_accepted():
    assert is_valid({"price": 3}, {"price": float})


def test_a_good_record():
    assert is_valid({"id": 7, "name": "Lamp", "price": 19.9, "tags": ["home"]})
