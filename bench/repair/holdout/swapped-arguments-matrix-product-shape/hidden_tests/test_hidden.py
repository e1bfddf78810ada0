from linalg.matrix import multiply, shape, transpose


def test_a_row_vector_times_a_matrix():
    assert multiply([[1, 2, 3]], [[1, 0], [0, 1], [1, 1]]) == [[4, 5]]


def test_outer_product():
    assert multiply([[1], [2]], [[3, 4, 5]]) == [[3, 4, 5], [6, 8, 10]]


def test_product_shape_and_transpose_identity():
    a = [[1, 2, 3], [4, 5, 6]]
    b = [[7, 8, 9, 10], [11, 12, 13, 14], [15, 16, 17, 18]]
    ab = multiply(a, b)
    assert shape(ab) == (2, 4)
    assert transpose(ab) == multiply(transpose(b), transpose(a))
