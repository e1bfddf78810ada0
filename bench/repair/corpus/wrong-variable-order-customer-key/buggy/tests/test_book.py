import pytest

from orders.book import OrderBook


def make() -> OrderBook:
    book = OrderBook({"c1": "Ada", "c2": "Grace"})
    book.place("o-100", "c1", 20.0)
    book.place("o-101", "c2", 5.5)
    book.place("o-102", "c1", 12.25)
    return book


def test_customer_of_an_order():
    assert make().customer_of("o-101") == "Grace"


def test_unknown_customer_is_refused():
    with pytest.raises(KeyError):
        make().place("o-200", "c9", 1.0)


def test_totals_by_customer():
    assert make().totals_by_customer() == {"Ada": 32.25, "Grace": 5.5}


def test_no_orders_no_totals():
    assert OrderBook({"c1": "Ada"}).totals_by_customer() == {}
