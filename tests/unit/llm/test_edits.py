import pytest

from myagent.llm.edits import EditApplyError, EditFormatError, apply_edit_blocks, parse_edit_blocks

SOURCE = """def bulk(quantity):
    if quantity > 10:
        return 0.1
    return 0.0
"""

ANSWER = """The threshold is inclusive.

```python
src/shop/discounts.py
<<<<<<< SEARCH
    if quantity > 10:
=======
    if quantity >= 10:
>>>>>>> REPLACE
```
"""


def read(files):
    return lambda path: files.get(path)


def test_parses_and_applies_a_fenced_block():
    blocks = parse_edit_blocks(ANSWER)
    assert [(b.path, b.search, b.replace) for b in blocks] == [
        ("src/shop/discounts.py", "    if quantity > 10:\n", "    if quantity >= 10:\n")
    ]
    new = apply_edit_blocks(blocks, read({"src/shop/discounts.py": SOURCE}))
    assert new == {"src/shop/discounts.py": SOURCE.replace("> 10", ">= 10")}


def test_tolerates_trailing_whitespace_and_lost_indentation():
    answer = "src/a.py\n<<<<<<< SEARCH\nif quantity > 10:   \n    return 0.1\n=======\nif quantity >= 10:\n    return 0.1\n>>>>>>> REPLACE\n"
    new = apply_edit_blocks(parse_edit_blocks(answer), read({"src/a.py": SOURCE}))
    assert new["src/a.py"] == SOURCE.replace("> 10", ">= 10")


def test_tolerates_extra_indentation_from_the_model():
    answer = "src/a.py\n<<<<<<< SEARCH\n        return 0.0\n=======\n        return 0.5\n>>>>>>> REPLACE\n"
    new = apply_edit_blocks(parse_edit_blocks(answer), read({"src/a.py": SOURCE}))
    assert new["src/a.py"].endswith("    return 0.5\n")


def test_empty_search_creates_a_new_file():
    answer = "tests/test_new.py\n<<<<<<< SEARCH\n=======\ndef test_x():\n    assert True\n>>>>>>> REPLACE\n"
    new = apply_edit_blocks(parse_edit_blocks(answer), read({}))
    assert new == {"tests/test_new.py": "def test_x():\n    assert True\n"}


def test_several_blocks_on_one_file_apply_in_order():
    answer = (
        "a.py\n<<<<<<< SEARCH\n        return 0.1\n=======\n        return 0.2\n>>>>>>> REPLACE\n"
        "a.py\n<<<<<<< SEARCH\n    return 0.0\n=======\n    return 0.05\n>>>>>>> REPLACE\n"
    )
    new = apply_edit_blocks(parse_edit_blocks(answer), read({"a.py": SOURCE}))
    assert "return 0.2" in new["a.py"] and "return 0.05" in new["a.py"]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("I would change the threshold.", "no SEARCH/REPLACE edit block"),
        ("a.py\n<<<<<<< SEARCH\nx\n>>>>>>> REPLACE\n", "no ======= divider"),
        ("a.py\n<<<<<<< SEARCH\nx\n=======\ny\n", "no >>>>>>> REPLACE"),
        ("\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n", "names no file"),
    ],
)
def test_malformed_answers_are_format_errors(answer, message):
    with pytest.raises(EditFormatError, match=message):
        parse_edit_blocks(answer)


def test_a_block_that_matches_nowhere_or_twice_is_an_apply_error():
    missing = parse_edit_blocks(
        "a.py\n<<<<<<< SEARCH\n    if qty > 10:\n=======\nx\n>>>>>>> REPLACE\n"
    )
    with pytest.raises(EditApplyError, match=r"block 1: SEARCH text not found in a\.py"):
        apply_edit_blocks(missing, read({"a.py": SOURCE}))
    twice = parse_edit_blocks("a.py\n<<<<<<< SEARCH\n    return\n=======\nx\n>>>>>>> REPLACE\n")
    with pytest.raises(EditApplyError, match="more than once"):
        apply_edit_blocks(twice, read({"a.py": "    return\n    return\n"}))
    absent = parse_edit_blocks("b.py\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n")
    with pytest.raises(EditApplyError, match=r"b\.py does not exist"):
        apply_edit_blocks(absent, read({}))
