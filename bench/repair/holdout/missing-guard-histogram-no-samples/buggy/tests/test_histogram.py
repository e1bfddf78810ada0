import pytest

from charts.histogram import bin_counts, render


def test_counts_per_bin():
    assert bin_counts([1, 2, 2, 3, 9, 10], bins=3) == [4, 0, 2]


def test_all_values_equal():
    assert bin_counts([5.0, 5.0, 5.0], bins=4) == [3, 0, 0, 0]


def test_at_least_one_bin():
    with pytest.raises(ValueError):
        bin_counts([1, 2], bins=0)


def test_no_samples_give_empty_bins():
    assert bin_counts([], bins=5) == [0, 0, 0, 0, 0]
