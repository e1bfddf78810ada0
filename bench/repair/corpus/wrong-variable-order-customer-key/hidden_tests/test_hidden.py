from orders.book import OrderBook


def test_order_ids_that_look_like_customer_ids():
    book = OrderBook({"c1": "Ada", "c2": "Grace"})
    book.place("c2", "c1", 10.0)
    assert book.totals_by_customer() == {"Ada": 10.0}


def test_same_name_two_customers():
    book = OrderBook({"a": "Sam", "b": "Sam"})
    book.place("1", "a", 1.5)
    book.place("2", "b", 2.0)
    assert book.totals_by_customer() == {"Sam": 3.5}
