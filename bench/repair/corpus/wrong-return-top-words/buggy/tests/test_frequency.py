from textstats.frequency import counts, top_words, vocabulary_size, words

TEXT = "The cat and the hat. A cat in a hat is a cat."


def test_stop_words_are_dropped():
    assert words("The Cat is in the hat") == ["cat", "hat"]


def test_counts():
    assert counts(TEXT) == {"cat": 3, "hat": 2}


def test_top_words():
    assert top_words(TEXT, 1) == ["cat"]


def test_vocabulary():
    assert vocabulary_size(TEXT) == 2
