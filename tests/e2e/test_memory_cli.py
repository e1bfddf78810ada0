"""`myagent memory index|search|check PATH` as a user runs them (the hashed embedder,
so no model is loaded): counts, a table of what would be recalled, one-line errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cli_process import MyAgent

FILES = {
    "myagent.toml": '[memory]\nembedder = "deterministic"\n',
    "src/shop/__init__.py": "",
    "src/shop/prices.py": '''
        def discount_price(price: float, percent: float) -> float:
            """The price after a discount of `percent` per cent."""
            return price * (1 - percent / 100)


        def shipping_cost(weight_kg: float) -> float:
            return 4.5 if weight_kg < 2 else 9.0
        ''',
    "tests/test_prices.py": """
        from shop.prices import discount_price


        def test_discount_price_takes_ten_per_cent_off():
            assert discount_price(100.0, 10) == 90.0
        """,
}


def test_index_then_search_shows_what_would_be_recalled(
    myagent: MyAgent, project: Callable[..., Path]
) -> None:
    root = project(FILES)
    before = myagent("memory", "search", root, "discount")
    assert "has no MyAgent state (.myagent/)" in before.one_error_line()

    first = myagent("memory", "index", root)
    assert first.code == 0, first
    assert "indexing the code for the first time" in first.stdout
    assert "code index: 3 added, 0 updated, 0 removed, 0 unchanged" in first.stdout
    assert "code_snippets 3, error_patterns 0, solutions 0, requirements 0" in first.stdout
    again = myagent("memory", "index", root)
    assert "code index: 0 added, 0 updated, 0 removed, 3 unchanged" in again.stdout, again

    found = myagent("memory", "search", root, "discount price per cent", "-k", "2",
                    env={"COLUMNS": "160"})  # fmt: skip
    assert found.code == 0, found
    assert "Recalled for 'discount price per cent'" in found.stdout
    assert "code_snippets" in found.stdout
    assert "src/shop/prices.py:1-3" in found.stdout
    assert "shipping_cost" not in found.stdout  # only the 2 nearest
    only = myagent("memory", "search", root, "discount", "--collection", "solutions")
    assert "nothing stored in solutions" in only.stdout, only
    unknown = myagent("memory", "search", root, "discount", "--collection", "nope")
    assert "unknown collection 'nope'" in unknown.one_error_line()

    checked = myagent("memory", "check", root)
    assert checked.code == 0, checked
    assert "memory agrees: 0 stored solution(s)" in checked.stdout


def test_memory_off_or_unreachable_is_one_line(
    myagent: MyAgent, project: Callable[..., Path]
) -> None:
    off = project({**FILES, "myagent.toml": "[memory]\nenabled = false\n"}, name="off")
    line = myagent("memory", "index", off).one_error_line()
    assert line == "error: vector memory is off ([memory] enabled = false)"

    away = project({**FILES, "myagent.toml": '[memory]\nchroma_url = "http://127.0.0.1:9"\n'
                    'embedder = "deterministic"\n'}, name="away")  # fmt: skip
    line = myagent("memory", "index", away).one_error_line()
    assert "the Chroma server at http://127.0.0.1:9 does not answer" in line
