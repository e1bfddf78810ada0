import pytest

from listing.pages import page, page_count, page_links

ITEMS = list(range(1, 24))  # 23 items


def test_page_count():
    assert page_count(23, 10) == 3
    assert page_count(0, 10) == 1


def test_first_page():
    assert page(ITEMS, 1, 10) == list(range(1, 11))


def test_page_zero_is_rejected():
    with pytest.raises(ValueError):
        page(ITEMS, 0, 10)


def test_links():
    assert page_links(1, 3) == {"first": 1, "previous": None, "next": 2, "last": 3}
    assert page_links(3, 3)["next"] is None
