from subtitles.srt import renumber


def test_three_blocks_from_ten():
    srt = "a\n\nb\n\nc"
    assert renumber(srt, start=10) == "10\na\n\n11\nb\n\n12\nc\n"
