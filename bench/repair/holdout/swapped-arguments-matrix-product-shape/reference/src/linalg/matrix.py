"""Small dense matrices as lists of rows, for scripts that cannot pull in numpy."""

Matrix = list[list[float]]


def zeros(rows: int, cols: int) -> Matrix:
    return [[0.0] * cols for _ in range(rows)]


def identity(size: int) -> Matrix:
    m = zeros(size, size)
    for i in range(size):
        m[i][i] = 1.0
    return m


def shape(m: Matrix) -> tuple[int, int]:
    """(rows, columns); raises ValueError on ragged rows."""
    cols = len(m[0]) if m else 0
    if any(len(row) != cols for row in m):
        raise ValueError("ragged matrix")
    return len(m), cols


def transpose(m: Matrix) -> Matrix:
    rows, cols = shape(m)
    return [[m[r][c] for r in range(rows)] for c in range(cols)]


def multiply(a: Matrix, b: Matrix) -> Matrix:
    """The matrix product a x b."""
    n, inner = shape(a)
    inner_b, p = shape(b)
    if inner != inner_b:
        raise ValueError(f"cannot multiply {n}x{inner} by {inner_b}x{p}")
    product = zeros(n, p)
    for i in range(n):
        for j in range(p):
            product[i][j] = sum(a[i][k] * b[k][j] for k in range(inner))
    return product
