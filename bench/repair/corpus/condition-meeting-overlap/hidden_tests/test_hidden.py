from calendar_app.slots import Meeting, clashes, overlaps


def test_order_does_not_matter():
    early, late = Meeting("e", 100, 200), Meeting("l", 300, 400)
    assert not overlaps(early, late)
    assert not overlaps(late, early)


def test_containment():
    assert overlaps(Meeting("day", 0, 1000), Meeting("call", 10, 20))
    assert overlaps(Meeting("call", 10, 20), Meeting("day", 0, 1000))


def test_no_clash_in_a_sequence():
    day = [Meeting("c", 120, 180), Meeting("a", 0, 60), Meeting("b", 60, 120)]
    assert clashes(day) == []
