from charts.histogram import bin_counts, render


def test_render_without_samples():
    lines = render([], bins=2, bar_width=4)
    assert lines == ["    0.00 |      0", "    0.00 |      0"]


def test_bars_scale_to_the_fullest_bin():
    lines = render([0, 0, 0, 0, 10], bins=2, bar_width=8)
    assert lines[0].endswith("######## 4")
    assert lines[1].endswith("##       1")


def test_the_maximum_lands_in_the_last_bin():
    assert bin_counts([0.0, 0.5, 1.0], bins=2) == [1, 2]


def test_an_empty_tuple():
    assert bin_counts((), bins=1) == [0]
