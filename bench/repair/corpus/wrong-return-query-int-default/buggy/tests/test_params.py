from searchapi.params import int_param, search_options


def test_defaults():
    assert search_options({}) == {"query": "", "page": 1, "per_page": 20, "exact": False}


def test_values_are_clamped():
    assert int_param({"n": "500"}, "n", 20, 1, 100) == 100
    assert int_param({"n": "-3"}, "n", 20, 1, 100) == 1


def test_a_bad_page_falls_back_to_the_default():
    assert search_options({"page": "two"})["page"] == 1


def test_query_and_flags():
    options = search_options({"q": " lamps ", "exact": "Yes", "per_page": "50"})
    assert (options["query"], options["exact"], options["per_page"]) == ("lamps", True, 50)
