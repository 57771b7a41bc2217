"""Blocked fits and scores of COPRAS and EDAS equal their definitions on whole matrices, bitwise.

Each definition below is written from the method's formulas with whole-matrix
numpy expressions (no blocks, no folding), its row sums added column by column
from the left; the kernels must give exactly the same bits for any row count
(blocks of 8192 rows, the last one as short as one row), and so score a row
alike whether it is alone or in a matrix.
"""

from __future__ import annotations

from functools import reduce

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from long_run import LONG_RUN_EXAMPLES

from clientel.scoring import kernels as sk

ROWS = st.one_of(st.integers(2, 120), st.sampled_from([8192, 8193, 8191, 16_385]))


def left_sums(V: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Row sums of the columns ``cols``, added from the left: ``((v_0 + v_1) + v_2) + ...``."""
    if not cols.size:
        return np.zeros(V.shape[0])
    return reduce(lambda acc, j: acc + V[:, j], cols[1:].tolist(), V[:, cols[0]].copy())


def _case(draw: st.DrawFn, low: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    seed = draw(st.integers(0, 2**32 - 1))
    rows, cols = draw(ROWS), draw(st.integers(1, 14))
    rng = np.random.default_rng(seed)
    scale = 10.0 ** rng.integers(-8, 8, size=cols)
    X = rng.uniform(low, 100.0, size=(rows, cols)) * scale
    d = rng.choice([-1, 1], size=cols)
    return X, rng.uniform(0.1, 1.0, size=cols), d


@st.composite
def copras_cases(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return _case(draw, 1.0)


@st.composite
def edas_cases(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return _case(draw, 0.0)


def copras_definition(X: np.ndarray, w: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Zavadskas et al. (1994): ``d_ij = w_j x_ij / sum_i x_ij``, S+, S-, Q, N = Q / max Q."""
    w = w / w.sum()
    sums = sk.fit_stats(X).sum  # the column sums the fit keeps (exact merge of blocks)
    V = X * (w / sums)
    plus, minus = left_sums(V, np.flatnonzero(d > 0)), left_sums(V, np.flatnonzero(d < 0))
    q: np.ndarray = plus
    if (d < 0).any():
        stats = sk.fit_stats(minus[:, None], inverse=True)
        assert stats.sum_inv is not None
        q = plus + float(stats.sum[0]) / (minus * float(stats.sum_inv[0]))
    out: np.ndarray = q / sk.fit_stats(q[:, None]).max[0]
    return out


def edas_definition(X: np.ndarray, w: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Keshavarz Ghorabaee et al. (2015): distances from the average, SP, SN, AS."""
    w = w / w.sum()
    av = sk.fit_stats(X).sum / X.shape[0]
    V = (X - av) * (w * d / av)
    every = np.arange(X.shape[1])
    sp = left_sums(np.maximum(V, 0.0), every)
    sn = -left_sums(np.minimum(V, 0.0), every) + 0.0
    top_p, top_n = sp.max(), sn.max()
    nsp = sp / top_p if top_p > 0 else np.zeros_like(sp)
    nsn = 1.0 - sn / top_n if top_n > 0 else np.ones_like(sn)
    return (nsp + nsn) / 2.0


@settings(max_examples=LONG_RUN_EXAMPLES or 30)
@given(case=copras_cases())
def test_copras_equals_its_definition(case: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    X, w, d = case
    scorer = sk.Scorer(method="copras", weights=w, directions=d).fit(X)
    got = scorer.score(X)
    assert np.array_equal(got, copras_definition(X, w, d))
    assert np.array_equal(sk.copras(X, w, d).utility, got)
    assert np.array_equal(scorer.score(X[-1:]), got[-1:])  # a row alone scores the same


@settings(max_examples=LONG_RUN_EXAMPLES or 30)
@given(case=edas_cases())
def test_edas_equals_its_definition(case: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    X, w, d = case
    scorer = sk.Scorer(method="edas", weights=w, directions=d).fit(X)
    got = scorer.score(X)
    assert np.array_equal(got, edas_definition(X, w, d))
    assert np.array_equal(sk.edas(X, w, d).scores, got)
    assert np.array_equal(scorer.contributions(X)[0], got)
    assert np.array_equal(scorer.score(X[-1:]), got[-1:])  # a row alone scores the same
