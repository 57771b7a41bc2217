"""Additive methods score a row the same in any batch, and check every block (issue 27).

The front-door speed work sums each block's terms column by column in a fixed order; a row
must score to the same bits alone and inside any matrix, whatever block it falls in. The
references are the definitions, summed here with ``math.fsum``, not clientel's output.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError
from clientel.scoring import kernels as sk

BLOCK = 8192  # rows the kernels score together (documented in kernels' module notes)
BOUNDS = [[-100.0, 100.0]] * 10


@pytest.mark.parametrize(
    "method",
    [
        "moora",
        "mabac",
        "spotis",
        "weighted_sum",
        "copras",
        "edas",
        "vikor",
        "topsis",
        "weighted_product",
        "promethee_ii",
    ],
)
def test_rows_score_the_same_alone_and_across_block_boundaries(method: str) -> None:
    rng = np.random.default_rng(8)
    X = rng.uniform(-50, 50, size=(2 * BLOCK + 37, 10))
    if method in ("copras", "weighted_product", "edas"):
        X = np.abs(X) + 1.0  # these need positive values
    w, d = rng.uniform(0.1, 1, 10), np.where(rng.random(10) < 0.3, -1, 1)
    options = {"bounds": BOUNDS} if method == "spotis" else {}
    scorer = sk.Scorer(method=method, weights=w, directions=d, options=options).fit(X)
    whole = scorer.score(X)
    for a, b in [(BLOCK - 5, BLOCK + 5), (0, 1), (2 * BLOCK, 2 * BLOCK + 37), (17, 18)]:
        assert np.array_equal(scorer.score(X[a:b]), whole[a:b])
    scores, _ = scorer.contributions(X)
    assert np.array_equal(scores, whole)


@given(st.lists(st.lists(st.floats(-100, 100), min_size=3, max_size=3), min_size=1,
                max_size=20))  # fmt: skip
def test_spotis_scores_are_the_sum_of_weighted_distances(rows: list[list[float]]) -> None:
    X = np.array(rows)
    w, d, b = np.array([0.5, 0.3, 0.2]), [1, -1, 1], [[-100, 100], [-100, 100], [-100, 100]]
    got = sk.spotis(X, w, d, bounds=b)
    ideal = [100.0, -100.0, 100.0]
    for i, row in enumerate(rows):  # Dezert et al. (2020): d_i = sum_j w_j |x_ij - S*_j| / span_j
        expected = math.fsum(w[j] * abs(row[j] - ideal[j]) / 200.0 for j in range(3))
        assert got[i] == pytest.approx(expected, rel=1e-14, abs=1e-15)


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
