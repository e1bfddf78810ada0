from subtitles.srt import from_ms, renumber, to_ms

SRT = "7\n00:00:01,000 --> 00:00:02,000\nHello\n\n9\n00:00:03,000 --> 00:00:04,000\nWorld\n"


def test_timestamps():
    assert to_ms("00:01:02,500") == 62500
    assert from_ms(3_723_004) == "01:02:03,004"


def test_renumber_one_block():
    assert renumber("00:00:01,000 --> 00:00:02,000\nHi", start=5).startswith("5\n")


def test_renumber_blocks_in_order():
    assert [b.split("\n")[0] for b in renumber(SRT).strip().split("\n\n")] == ["1", "2"]


def test_renumber_keeps_text():
    assert "Hello" in renumber(SRT) and "World" in renumber(SRT)
