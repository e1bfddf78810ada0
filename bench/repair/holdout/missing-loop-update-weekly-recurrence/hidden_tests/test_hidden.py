from datetime import date

from recurrence.weekly import occurrences


def test_every_other_week_from_a_matching_day():
    assert occurrences(date(2024, 5, 6), {0}, 3, interval=2) == [
        date(2024, 5, 6),
        date(2024, 5, 20),
        date(2024, 6, 3),
    ]


def test_the_start_week_counts_from_its_monday():
    assert occurrences(date(2024, 5, 8), {1, 4}, 2, interval=2) == [
        date(2024, 5, 10),
        date(2024, 5, 21),
    ]


def test_across_the_new_year():
    assert occurrences(date(2024, 12, 30), {6}, 2) == [date(2025, 1, 5), date(2025, 1, 12)]
