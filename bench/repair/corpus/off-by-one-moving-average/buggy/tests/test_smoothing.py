import pytest

from sensors.smoothing import moving_average, spikes


def test_window_of_two():
    assert moving_average([1.0, 3.0, 5.0, 7.0], 2) == [2.0, 4.0, 6.0]


def test_window_larger_than_the_data():
    assert moving_average([1.0, 2.0], 5) == []


def test_bad_window():
    with pytest.raises(ValueError):
        moving_average([1.0], 0)


def test_spikes():
    assert spikes([20.0, 20.5, 27.0, 26.8, 19.0], 3.0) == [2, 4]
