from textstats.frequency import top_words


def test_ties_are_alphabetical():
    assert top_words("pear apple pear apple fig", 3) == ["apple", "pear", "fig"]


def test_more_than_there_are():
    assert top_words("one two", 5) == ["one", "two"]
    assert top_words("", 3) == []
