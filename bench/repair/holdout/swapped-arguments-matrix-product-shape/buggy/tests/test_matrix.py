import pytest

from linalg.matrix import identity, multiply, transpose


def test_square_product():
    assert multiply([[1, 2], [3, 4]], [[5, 6], [7, 8]]) == [[19, 22], [43, 50]]


def test_identity_is_neutral():
    m = [[2.0, -1.0, 0.5], [0.0, 3.0, 1.0], [4.0, 4.0, 4.0]]
    assert multiply(identity(3), m) == m


def test_transpose():
    assert transpose([[1, 2, 3], [4, 5, 6]]) == [[1, 4], [2, 5], [3, 6]]


def test_a_matrix_times_a_column_vector():
    assert multiply([[1, 0, 2], [0, 1, 1]], [[3], [4], [5]]) == [[13], [9]]


def test_incompatible_shapes():
    with pytest.raises(ValueError):
        multiply([[1, 2]], [[1, 2]])
