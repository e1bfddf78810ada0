from listing.pages import page


def test_last_partial_page():
    assert page(list(range(1, 24)), 3, 10) == [21, 22, 23]


def test_past_the_end_is_empty():
    assert page(list(range(5)), 3, 5) == []


def test_every_item_once():
    items = list("abcdefghij")
    pages = [page(items, n, 3) for n in range(1, 5)]
    assert sum(pages, []) == items
