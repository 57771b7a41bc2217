"""Weight stability checked against brute force: the top-k set, recomputed by the public
scoring function at rescaled weights, is unchanged inside the interval and changed just outside.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from clientel.scoring import kernels as sk

LINEAR = ["weighted_sum", "weighted_product", "promethee_ii"]


@st.composite
def problems(draw: st.DrawFn) -> tuple:
    m = draw(st.integers(3, 9))
    n = draw(st.integers(2, 4))
    X = draw(hnp.arrays(np.float64, (m, n), elements=st.integers(1, 30).map(float)))
    for j in range(n):
        assume(X[:, j].max() > X[:, j].min())
    w = draw(hnp.arrays(np.float64, n, elements=st.integers(1, 10).map(float)))
    d = draw(hnp.arrays(np.int8, n, elements=st.sampled_from([1, -1])))
    return X, w / w.sum(), d


def _rescaled(w: np.ndarray, j: int, t: float) -> np.ndarray:
    """Criterion j at weight t, the others sharing 1 - t in their original proportions."""
    out = w * ((1.0 - t) / (1.0 - w[j]))
    out[j] = t
    return out


def _top(X: np.ndarray, w: np.ndarray, d: np.ndarray, method: str, k: int) -> frozenset[int]:
    s = sk.score_matrix(X, w, d, method)
    order = np.lexsort((np.arange(s.size), -s))  # higher is better, ties by input order
    return frozenset(order[:k].tolist())


def _gap(X: np.ndarray, w: np.ndarray, d: np.ndarray, method: str, k: int) -> float:
    """Score gap between the k-th and (k+1)-th alternative (0 = a tie at the boundary)."""
    s = np.sort(sk.score_matrix(X, w, d, method))[::-1]
    if method == "weighted_product":
        s = np.log(s)
    return float(s[k - 1] - s[k])


@given(problems(), st.sampled_from(LINEAR), st.integers(1, 2))
def test_exact_interval_against_brute_force(problem: tuple, method: str, k: int) -> None:
    X, w, d = problem
    assume(_gap(X, w, d, method, k) > 1e-9)  # no tie at the given weights
    base = _top(X, w, d, method, k)
    for j, iv in enumerate(sk.weight_stability(X, w, d, method, top_k=k)):
        assert 0.0 <= iv.low <= iv.current <= iv.high <= 1.0
        inner = np.linspace(iv.low, iv.high, 23)[1:-1]
        for t in inner:
            wt = _rescaled(w, j, float(t))
            if _gap(X, wt, d, method, k) > 1e-9:
                assert _top(X, wt, d, method, k) == base, (j, t)
        for edge, outside in ((iv.low, iv.low - 1e-6), (iv.high, iv.high + 1e-6)):
            if 1e-6 < edge < 1 - 1e-6:
                assert _top(X, _rescaled(w, j, outside), d, method, k) != base, (j, edge)


def test_exact_and_grid_agree_on_a_worked_example() -> None:
    """By hand: with min-max scaling the balanced client C2 has
    r = (4/7, 4/7) and C1 r = (1, 0), C3 r = (0, 1); C2 leads C1 while 4/7 >= t, and leads C3
    while 4/7 >= 1 - t, so its lead holds for t in [3/7, 4/7] on either criterion."""
    X = [[9.0, 2.0], [6.0, 6.0], [2.0, 9.0]]
    exact = sk.weight_stability(X, [0.5, 0.5], method="weighted_sum")
    grid = sk.weight_stability(X, [0.5, 0.5], method="topsis")
    for iv in exact:
        assert iv.low == pytest.approx(3 / 7, abs=1e-12)
        assert iv.high == pytest.approx(4 / 7, abs=1e-12)
    assert all(0 < iv.low < 0.5 < iv.high < 1 for iv in grid)
