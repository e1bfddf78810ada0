from tabsplit.bill import per_person, with_tip


def test_small_bill():
    assert per_person(7.5, 2) == 3.75


def test_with_tip():
    assert with_tip(100.0, 10, 4) == 27.5
