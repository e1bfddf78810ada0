from calendar_app.slots import Meeting, clashes, free_slots, overlaps

STANDUP = Meeting("standup", 540, 555)
REVIEW = Meeting("review", 550, 600)
LUNCH = Meeting("lunch", 720, 780)


def test_overlapping_meetings():
    assert overlaps(STANDUP, REVIEW)


def test_back_to_back_meetings_do_not_overlap():
    assert not overlaps(Meeting("a", 540, 600), Meeting("b", 600, 630))


def test_clashes_in_a_day():
    assert clashes([STANDUP, REVIEW, LUNCH]) == [("standup", "review")]


def test_free_slots():
    assert free_slots([STANDUP, LUNCH], 480, 1020) == [(480, 540), (555, 720), (780, 1020)]
