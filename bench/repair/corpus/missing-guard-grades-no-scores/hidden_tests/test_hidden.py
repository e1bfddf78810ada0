from gradebook.scores import class_average, weighted_score


def test_a_class_with_a_new_student():
    book = {"ann": {"final": 90.0}, "ben": {}}
    assert class_average(book) == 45.0


def test_unknown_parts_are_ignored():
    assert weighted_score({"quiz": 100.0}) == 0.0
    assert weighted_score({"quiz": 100.0, "final": 70.0}) == 70.0
