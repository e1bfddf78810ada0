from logscan.entries import Entry, last_error


def test_no_entries_at_all():
    assert last_error([]) is None


def test_only_warnings():
    assert last_error([Entry("t", "WARNING", "w"), Entry("t", "INFO", "i")]) is None


def test_single_error():
    assert last_error([Entry("t", "ERROR", "boom")]) == Entry("t", "ERROR", "boom")
