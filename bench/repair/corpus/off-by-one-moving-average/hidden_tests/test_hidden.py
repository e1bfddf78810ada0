from sensors.smoothing import moving_average


def test_window_of_one_is_the_data():
    assert moving_average([4.0, 5.0, 6.0], 1) == [4.0, 5.0, 6.0]


def test_window_equal_to_the_length():
    assert moving_average([1.0, 2.0, 3.0, 6.0], 4) == [3.0]


def test_count_of_averages():
    assert len(moving_average([float(i) for i in range(10)], 3)) == 8
