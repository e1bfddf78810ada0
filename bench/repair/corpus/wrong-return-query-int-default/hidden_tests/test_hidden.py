from searchapi.params import int_param, search_options


def test_bad_values_use_each_default():
    assert int_param({"n": "1.5"}, "n", 7, 1, 10) == 7
    assert search_options({"per_page": "lots"})["per_page"] == 20


def test_default_is_not_clamped_to_zero():
    assert int_param({"n": "x"}, "n", 42, 40, 50) == 42
