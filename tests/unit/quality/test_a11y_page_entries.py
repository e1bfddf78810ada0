"""`[ui] pages` entries: what a valid one is, and the one-line error a broken one gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from myagent.config import UiConfig, load_settings
from myagent.errors import ConfigError
from myagent.quality.a11y.page_entry import PageEntry, parse_page_entry


@pytest.mark.parametrize(
    ("text", "module", "name", "values"),
    [
        ("webshop.pages:catalog_page", "webshop.pages", "catalog_page", ()),
        ("webshop.pages:checkout_page(1250)", "webshop.pages", "checkout_page", (1250,)),
        (" app:Views.home( 'de', [1, 2], {'a': None} ) ", "app", "Views.home",
         ("de", [1, 2], {"a": None})),
        ("app:page()", "app", "page", ()),
    ],
)  # fmt: skip
def test_an_entry_names_a_module_a_callable_and_literal_arguments(
    text: str, module: str, name: str, values: tuple[object, ...]
) -> None:
    entry = parse_page_entry(text)
    assert (entry.module, entry.callable, entry.values()) == (module, name, values)
    assert entry.text == text.strip()


NOT_ENTRIES = ["webshop.pages", "webshop.pages:", "webshop pages:page", "app:page(1250"]
NOT_LITERALS = ["total=1250", "__import__('os').getcwd()", "1), (2", "*[1]"]


@pytest.mark.parametrize("text", NOT_ENTRIES)
def test_text_that_is_not_an_entry_is_a_one_line_error_with_an_example(text: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_page_entry(text)
    assert str(raised.value) == (
        f"{text!r} is not 'module:callable' or 'module:callable(literal args)',"
        " e.g. 'webshop.pages:checkout_page(1250)'"
    )


@pytest.mark.parametrize("args", NOT_LITERALS)
def test_arguments_that_are_not_positional_literals_are_refused(args: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_page_entry(f"app:page({args})")
    assert str(raised.value) == f"arguments ({args}) are not positional Python literals"


def test_arguments_are_never_evaluated(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    with pytest.raises(ValueError):
        parse_page_entry(f"app:page(open({str(marker)!r}, 'w'))")
    assert not marker.exists()


def test_pages_default_to_none_and_keep_their_text() -> None:
    assert UiConfig().pages == []
    ui = UiConfig(pages=["webshop.pages:checkout_page(1250)"])
    assert ui.pages == ["webshop.pages:checkout_page(1250)"]
    assert parse_page_entry(ui.pages[0]) == PageEntry(
        "webshop.pages:checkout_page(1250)", "webshop.pages", "checkout_page", "1250"
    )


def test_a_broken_entry_in_myagent_toml_is_a_one_line_config_error(tmp_path: Path) -> None:
    (tmp_path / "myagent.toml").write_text('[ui]\npages = ["shop:page(total=3)"]\n')
    with pytest.raises(ConfigError) as raised:
        load_settings(tmp_path, environ={})
    message = str(raised.value)
    assert message.startswith(f"{tmp_path / 'myagent.toml'}: bad value for 'ui.pages'")
    assert message.endswith("arguments (total=3) are not positional Python literals")
    assert "\n" not in message
