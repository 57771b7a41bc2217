"""Property-based tests of the scoring kernels (hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from long_run import LONG_RUN_EXAMPLES

from clientel import scoring as sc
from clientel.scoring import kernels as sk


@st.composite
def problems(draw: st.DrawFn, min_rows: int = 2, max_rows: int = 12) -> tuple:
    m = draw(st.integers(min_rows, max_rows))
    n = draw(st.integers(1, 5))
    X = draw(hnp.arrays(np.float64, (m, n), elements=st.integers(1, 50).map(float)))
    for j in range(n):  # no constant columns: every method is defined
        assume(X[:, j].max() > X[:, j].min())
    w = draw(hnp.arrays(np.float64, n, elements=st.integers(1, 10).map(float)))
    d = draw(hnp.arrays(np.int8, n, elements=st.sampled_from([1, -1])))
    return X, w / w.sum(), d


METHODS = ["weighted_sum", "weighted_product", "topsis", "vikor", "promethee_ii", "moora",
           "copras", "edas", "mabac"]  # fmt: skip


@given(problems(), st.randoms(use_true_random=False), st.sampled_from(METHODS))
def test_permutation_invariance(problem: tuple, rnd: object, method: str) -> None:
    X, w, d = problem
    perm = np.arange(X.shape[0])
    rnd.shuffle(perm)  # type: ignore[attr-defined]
    a = sk.score_matrix(X, w, d, method)
    b = sk.score_matrix(X[perm], w, d, method)
    np.testing.assert_allclose(a[perm], b, atol=1e-12)


@given(problems(), st.sampled_from(METHODS))
def test_dominating_alternative_never_scores_worse(problem: tuple, method: str) -> None:
    X, w, d = problem
    better = X[0] + np.where(d > 0, 1.0, -0.5)  # improve row 0 on every criterion
    assume((better > 0).all())
    Y = np.vstack([X, better])
    s = sk.score_matrix(Y, w, d, method)
    if method == "vikor":
        assert s[-1] <= s[0] + 1e-12
    else:
        assert s[-1] >= s[0] - 1e-12


@given(problems(), st.floats(0.01, 1000), st.sampled_from(["minmax", "vector", "max"]))
def test_positive_scaling_of_a_criterion_changes_nothing(
    problem: tuple, k: float, norm: str
) -> None:
    X, w, d = problem
    Y = X.copy()
    Y[:, 0] *= k
    np.testing.assert_allclose(sk.normalise(X, d, norm), sk.normalise(Y, d, norm), atol=1e-12)
    np.testing.assert_allclose(
        sk.weighted_sum(X, w, d, normalisation=norm),
        sk.weighted_sum(Y, w, d, normalisation=norm),
        atol=1e-12,
    )


@given(problems())
def test_scores_within_documented_bounds(problem: tuple) -> None:
    X, w, d = problem
    s = sk.weighted_sum(X, w, d)
    assert (s >= -1e-12).all()
    assert (s <= 1 + 1e-12).all()
    c = sk.topsis(X, w, d).closeness
    assert ((c >= 0) & (c <= 1)).all()
    q = sk.vikor(X, w, d).Q
    assert ((q >= -1e-12) & (q <= 1 + 1e-12)).all()
    net = sk.promethee_ii(X, w, d).net
    assert ((net >= -1 - 1e-12) & (net <= 1 + 1e-12)).all()
    assert abs(net.sum()) < 1e-9  # net flows sum to zero


@given(problems())
def test_cost_negated_as_benefit_gives_the_same_ranking(problem: tuple) -> None:
    X, w, d = problem
    flipped = X * d  # cost criteria negated...
    a = sk.weighted_sum(X, w, d)
    b = sk.weighted_sum(flipped, w, np.ones_like(d))  # ...and declared benefit
    np.testing.assert_allclose(a, b, atol=1e-12)


@given(hnp.arrays(np.float64, st.integers(1, 7), elements=st.floats(0.05, 20)))
def test_ahp_of_a_consistent_matrix_is_exact(v: np.ndarray) -> None:
    A = v[:, None] / v[None, :]
    r = sk.ahp_weights(A)
    np.testing.assert_allclose(r.weights, v / v.sum(), rtol=1e-9)
    assert r.cr == pytest.approx(0.0, abs=1e-9)
    assert r.consistent


@given(
    problems(min_rows=2, max_rows=40),
    st.integers(1, 17),
    st.sampled_from(METHODS),
)
def test_chunked_equals_whole(problem: tuple, chunk: int, method: str) -> None:
    X, w, d = problem
    whole = sk.score_matrix(X, w, d, method)
    parts = sk.score_in_chunks(X, w, d, method, chunk_size=chunk)
    np.testing.assert_allclose(whole, parts, atol=1e-14, rtol=0)


@given(problems(min_rows=2, max_rows=40), st.integers(1, 9))
def test_topsis_block_size_does_not_matter(problem: tuple, block: int) -> None:
    X, w, d = problem
    a = sk.topsis(X, w, d).closeness
    b = sk.topsis(X, w, d, block_size=block).closeness
    np.testing.assert_array_equal(a, b)


@given(hnp.arrays(np.float64, st.integers(1, 30), elements=st.integers(0, 6).map(float)))
def test_ranks_are_competition_ranks(scores: np.ndarray) -> None:
    order, ranks = sk.ranks(scores)
    assert sorted(order.tolist()) == list(range(scores.size))
    for i in range(scores.size):
        assert ranks[i] == 1 + int((scores > scores[i]).sum())
    assert np.all(np.diff(scores[order]) <= 0)
    again = sk.ranks(scores.copy())
    np.testing.assert_array_equal(again[0], order)


@given(problems(min_rows=2, max_rows=8), st.integers(0, 2**31), st.integers(1, 5000))
def test_rank_acceptability_is_chunk_invariant(problem: tuple, seed: int, chunk: int) -> None:
    X, w, d = problem
    a = sk.acceptability(X, w, d, samples=3000, seed=seed)
    b = sk.acceptability(X, w, d, samples=3000, seed=seed, chunk_size=chunk)
    np.testing.assert_array_equal(a.acceptability, b.acceptability)
    np.testing.assert_allclose(a.acceptability.sum(axis=0), 1.0)
    np.testing.assert_allclose(a.acceptability.sum(axis=1), 1.0)


@given(problems(min_rows=3, max_rows=15), st.data())
def test_missing_bounds_bracket_the_truth(problem: tuple, data: st.DataObject) -> None:
    X, w, d = problem
    mask = data.draw(hnp.arrays(np.bool_, X.shape))
    mask &= np.arange(X.shape[0])[:, None] > 0  # keep row 0 complete
    Y = np.where(mask, np.nan, X)
    for j in range(X.shape[1]):
        observed = Y[~mask[:, j], j]
        assume(observed.max() > observed.min())
    r = sk.score_with_missing(Y, w, d, "weighted_sum", policies=sc.MissingPolicy.BOUNDS)
    assert (r.low <= r.score + 1e-12).all()
    assert (r.score <= r.high + 1e-12).all()
    _, ranks = sk.ranks(r.score)
    assert (r.best_rank <= ranks).all()
    assert (ranks <= r.worst_rank).all()
    # The hidden true values are one possible filling (when inside the observed range):
    # their scores and ranks must fall inside the intervals.
    lo, hi = np.nanmin(Y, axis=0), np.nanmax(Y, axis=0)
    truth = np.clip(X, lo, hi)
    worst, best = np.where(d > 0, lo, hi), np.where(d > 0, hi, lo)
    stats = sk.fit_stats(np.where(mask, worst, X)).merge(sk.fit_stats(np.where(mask, best, X)))
    s_true = sk.weighted_sum(truth, w, d, stats=stats)
    assert (r.low - 1e-12 <= s_true).all()
    assert (s_true <= r.high + 1e-12).all()
    _, true_ranks = sk.ranks(s_true)
    assert (r.best_rank <= true_ranks).all()
    assert (true_ranks <= r.worst_rank).all()


@given(problems(min_rows=3, max_rows=10))
def test_weight_stability_interval_contains_current_weight(problem: tuple) -> None:
    X, w, d = problem
    for iv in sk.weight_stability(X, w, d):
        assert iv.low - 1e-6 <= iv.current <= iv.high + 1e-6
        assert 0 <= iv.low <= iv.high <= 1


@settings(max_examples=LONG_RUN_EXAMPLES or 60, deadline=None)
@given(
    st.integers(2, 20_000),
    st.integers(1, 140),
    st.sampled_from(["minmax", "max", "sum", "vector", "none"]),
    st.integers(0, 2**32 - 1),
    st.booleans(),
)
def test_weighted_scores_are_the_row_sums_of_their_contributions_bit_for_bit(
    m: int, n: int, norm: str, seed: int, extreme: bool
) -> None:
    """The scores alone are computed criterion by criterion (a transposed block, numpy's
    pairwise order emulated); they must equal numpy's own row sums of the contributions
    exactly, for every number of criteria (above 128 numpy's reduction is used), every
    normalisation (sum of cost criteria: reciprocals), and values of extreme magnitude
    (prescaled columns)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(1.0, 100.0, size=(m, n))
    X[0], X[-1] = 0.5, 150.0  # no constant column
    if extreme:
        X[:, 0] *= 1e300
    w = rng.uniform(0.1, 1.0, n)
    d = rng.choice([1, -1], n)
    scores = sk.weighted_sum(X, w, d, normalisation=norm)
    contributions = sk.weighted_sum_contributions(X, w, d, normalisation=norm)
    expected = np.add.reduce(contributions, axis=1) + 0.0
    assert np.array_equal(scores, expected)
