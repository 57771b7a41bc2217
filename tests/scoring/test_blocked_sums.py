"""Row sums of cache-sized blocks (issue 27's front-door speed): a fixed order of additions.

The reference is Python's own float addition, left to right over each row (IEEE 754
double additions, as the kernel's), not clientel's output.
"""

from __future__ import annotations

import functools
import operator

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from clientel.errors import InvalidInputError
from clientel.scoring import kernels as sk
from clientel.scoring.kernels._blocked import BLOCK, affine_sum, row_sums

cells = st.floats(-1e300, 1e300, allow_nan=False, allow_subnormal=True)
blocks = hnp.arrays(
    np.float64, hnp.array_shapes(min_dims=2, max_dims=2, max_side=12), elements=cells
)


@given(blocks)
def test_row_sums_add_each_row_left_to_right(v: np.ndarray) -> None:
    got = row_sums(v, np.empty(v.shape[0]))
    with np.errstate(all="ignore"):
        expected = [functools.reduce(operator.add, row) if row else 0.0 for row in v.tolist()]
    assert np.array_equal(got, expected, equal_nan=True)  # inf - inf: NaN both ways
    alone = [row_sums(v[i : i + 1], np.empty(1))[0] for i in range(len(v))]
    assert np.array_equal(got, alone, equal_nan=True)  # the same bits in any batch


def test_row_sums_of_no_columns_are_zero() -> None:
    assert row_sums(np.empty((3, 0)), np.full(3, np.nan)).tolist() == [0.0, 0.0, 0.0]


def test_affine_sums_do_not_depend_on_the_block_a_row_falls_in() -> None:
    rng = np.random.default_rng(8)
    X = rng.uniform(-50, 50, size=(2 * BLOCK + 37, 10))
    c, ref, g = np.ones(10), rng.uniform(-1, 1, 10), rng.uniform(-2, 2, 10)
    whole = affine_sum(X, c, ref, g)
    rows = affine_sum(X[BLOCK - 5 : BLOCK + 5], c, ref, g)
    assert np.array_equal(whole[BLOCK - 5 : BLOCK + 5], rows)
    terms = (X - ref) * g
    expected = [functools.reduce(operator.add, r) for r in terms[-40:].tolist()]
    assert whole[-40:].tolist() == expected


def test_spotis_checks_bounds_in_every_block_and_names_the_row() -> None:
    m = 2 * BLOCK + 3
    X = np.full((m, 2), 2.0)
    X[-1] = [0.0, 5.0]  # on the bounds, in the last (short) block: accepted
    scores = sk.spotis(X, [0.5, 0.5], [1, -1], bounds=[[0, 5], [0, 5]])
    assert scores[-1] == 1.0  # the worst of both: distance 1 from the ideal point
    X[m - 2, 1] = np.nextafter(5.0, 6.0)  # one ulp above, in the last block
    with pytest.raises(InvalidInputError, match="outside the stated bounds") as exc:
        sk.spotis(X, [0.5, 0.5], [1, -1], bounds=[[0, 5], [0, 5]], names=["a", "b"])
    assert exc.value.field == f"row {m - 2}, criterion 'b'"
    X[m - 2, 1] = 5.0
    X[BLOCK, 0] = np.nan  # NaN is outside too: the usual error for a missing cell
    with pytest.raises(InvalidInputError) as exc:
        sk.spotis(X, [0.5, 0.5], [1, -1], bounds=[[0, 5], [0, 5]], names=["a", "b"])
    assert str(BLOCK) in str(exc.value.field)
