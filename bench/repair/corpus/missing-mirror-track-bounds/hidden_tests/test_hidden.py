from tracks.bounds import bounds, contains


def test_every_point_is_inside_its_bounds():
    track = [(0.0, 0.0), (1.0, 5.0), (-2.0, 3.0), (4.0, -1.0), (0.5, 7.5)]
    box = bounds(track)
    assert box == (-2.0, -1.0, 4.0, 7.5)
    assert all(contains(box, p) for p in track)


def test_single_point():
    assert bounds([(3.0, 4.0)]) == (3.0, 4.0, 3.0, 4.0)
