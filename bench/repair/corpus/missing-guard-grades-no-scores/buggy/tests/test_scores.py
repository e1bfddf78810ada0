from gradebook.scores import class_average, letter, weighted_score


def test_all_parts_graded():
    assert weighted_score({"homework": 80, "midterm": 70, "final": 90}) == 81.0


def test_only_some_parts_graded():
    assert weighted_score({"homework": 100, "midterm": 50}) == 75.0


def test_nothing_graded_yet():
    assert weighted_score({}) == 0.0


def test_letters_and_empty_class():
    assert [letter(s) for s in (95, 80, 61, 12)] == ["A", "B", "D", "F"]
    assert class_average({}) == 0.0
