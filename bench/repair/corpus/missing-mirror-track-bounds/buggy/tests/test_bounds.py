import pytest

from tracks.bounds import bounds, center, contains, padded

TRACK = [(2.35, 48.85), (2.29, 48.86), (2.40, 48.88), (2.33, 48.83)]


def test_bounds_of_a_track():
    assert bounds(TRACK) == (2.29, 48.83, 2.40, 48.88)


def test_empty_track():
    with pytest.raises(ValueError):
        bounds([])


def test_center_and_padding():
    assert center((0.0, 0.0, 4.0, 2.0)) == (2.0, 1.0)
    assert padded((0.0, 0.0, 1.0, 1.0), 0.5) == (-0.5, -0.5, 1.5, 1.5)


def test_contains():
    assert contains((0.0, 0.0, 1.0, 1.0), (1.0, 0.5))
    assert not contains((0.0, 0.0, 1.0, 1.0), (1.1, 0.5))
