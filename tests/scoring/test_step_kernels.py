"""The kernels behind the process steps, against independent plain-Python computations.

nine_box, assignment, naive_bayes, channel_scores, scorecard_points and
tree_scores are public kernels; each is checked here against a direct
loop-by-loop (or brute-force) computation written in the test, never against
clientel's own output.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from long_run import LONG_RUN_EXAMPLES

from clientel.errors import InvalidInputError, MissingDataError
from clientel.scoring import kernels as sk

scores = st.floats(0.0, 10.0, allow_nan=False)


@given(st.lists(st.tuples(scores, scores), min_size=1, max_size=30), scores, scores)
def test_nine_box_counts_the_cuts_at_or_below_each_score(pairs, c1, c2) -> None:
    lo, hi = sorted((c1, c2))
    a, s = sk.nine_box([p[0] for p in pairs], [p[1] for p in pairs], [lo, hi])
    for (x, y), ai, si in zip(pairs, a, s, strict=True):
        assert ai == (x >= lo) + (x >= hi)
        assert si == (y >= lo) + (y >= hi)


@given(
    st.lists(st.tuples(st.integers(-1, 3), st.booleans()), min_size=1, max_size=40),
    st.floats(0.1, 5.0),
    st.booleans(),
)
def test_naive_bayes_equals_smoothed_counts(rows, alpha, bucket) -> None:
    """Lidstone: (count + alpha) / (class total + alpha K), K the categories (one more with
    the unseen bucket, the former scheme)."""
    n_codes = 4
    codes = np.array([c for c, _ in rows], dtype=np.int64)
    won = np.array([w for _, w in rows], dtype=bool)
    llr = sk.naive_bayes(codes, won, n_codes, alpha, unseen_bucket=bucket)
    k = n_codes + 1 if bucket else n_codes
    assert llr.shape == (k,)
    n_won = sum(1 for c, w in rows if c >= 0 and w)
    n_lost = sum(1 for c, w in rows if c >= 0 and not w)
    for code in range(k):
        w_count = sum(1 for c, w in rows if c == code and w)
        l_count = sum(1 for c, w in rows if c == code and not w)
        p_won = (w_count + alpha) / (n_won + alpha * k)
        p_lost = (l_count + alpha) / (n_lost + alpha * k)
        assert llr[code] == pytest.approx(math.log(p_won / p_lost), rel=1e-12, abs=1e-12)


def _best_by_brute_force(fit, eligible, capacity) -> tuple[int, float]:
    """(clients served, total fit) of the best assignment, trying every one."""
    n, m = fit.shape
    best = (-1, -math.inf)
    for choice in itertools.product(range(-1, m), repeat=n):
        load = [choice.count(o) for o in range(m)]
        if any(load[o] > capacity[o] for o in range(m)):
            continue
        if any(o >= 0 and not eligible[i, o] for i, o in enumerate(choice)):
            continue
        served = sum(1 for o in choice if o >= 0)
        total = sum(fit[i, o] for i, o in enumerate(choice) if o >= 0)
        best = max(best, (served, total))
    return best


@settings(max_examples=LONG_RUN_EXAMPLES or 60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_assignment_serves_most_clients_then_maximises_fit(n, m, seed) -> None:
    rng = np.random.default_rng(seed)
    fit = rng.integers(0, 5, size=(n, m)).astype(np.float64)
    eligible = rng.random((n, m)) < 0.7
    capacity = rng.integers(0, 3, size=m).astype(np.int64)
    owner = sk.assignment(fit, eligible, capacity)
    served = int((owner >= 0).sum())
    total = float(sum(fit[i, o] for i, o in enumerate(owner) if o >= 0))
    assert all(eligible[i, o] for i, o in enumerate(owner) if o >= 0)
    assert all((owner == o).sum() <= capacity[o] for o in range(m))
    assert (served, total) == _best_by_brute_force(fit, eligible, capacity)


@given(
    st.lists(
        st.tuples(st.floats(0, 1), st.floats(0, 1), st.floats(0.01, 100.0)),
        min_size=1,
        max_size=10,
    ),
    st.floats(0.0, 2.0),
)
def test_channel_scores_follow_the_formula(rows, weight) -> None:
    suitability = np.array([[a, b] for a, b, _ in rows])
    efficiency = np.array([e for _, _, e in rows])
    out = sk.channel_scores(suitability, efficiency, weight)
    top = max(efficiency)
    for c, (a, b, e) in enumerate(rows):
        rel = (e / top) ** weight
        assert out[c, 0] == pytest.approx(a * rel, rel=1e-12, abs=1e-15)
        assert out[c, 1] == pytest.approx(b * rel, rel=1e-12, abs=1e-15)


@given(
    st.lists(
        st.tuples(
            st.floats(-10, 10), st.floats(-5, 5), st.floats(0.01, 5), st.sampled_from([1, -1])
        ),
        min_size=1,
        max_size=6,
    )
)
def test_scorecard_points_place_each_value_on_its_scale(cells) -> None:
    values = np.array([[v for v, _, _, _ in cells]])
    low = np.array([lo for _, lo, _, _ in cells])
    high = np.array([lo + width for _, lo, width, _ in cells])
    sign = np.array([s for _, _, _, s in cells], dtype=np.int8)
    weights = np.full(len(cells), 1 / len(cells))
    pts = sk.scorecard_points(values, low, high, sign, weights)[0]
    for j, (v, lo, width, s) in enumerate(cells):
        u = min(1.0, max(0.0, (v - lo) / width))
        u = u if s > 0 else 1.0 - u
        assert pts[j] == pytest.approx(weights[j] * u, abs=1e-12)


def _tree_by_hand(row, groups, axes, wf, wg, wa) -> float:
    """Weighted means level by level, leaving out what is missing."""

    def mean(pairs):
        pairs = [(v, w) for v, w in pairs if v is not None and w > 0]
        den = sum(w for _, w in pairs)
        return None if den == 0 else sum(v * w for v, w in pairs) / den

    group_value = {
        g: mean([(row[j], wf[j]) for j in range(len(row)) if groups[j] == g and row[j] is not None])
        for g in set(groups)
    }
    axis_value = {
        a: mean([(group_value[g], wg[g]) for g in group_value if axes[g] == a])
        for a in set(axes.values())
    }
    total = mean([(axis_value[a], wa[a]) for a in axis_value])
    assert total is not None
    return total


@given(
    st.lists(st.one_of(st.none(), st.floats(0, 10)), min_size=4, max_size=4).filter(
        lambda r: any(v is not None for v in r)
    ),
    st.lists(st.floats(0.1, 5), min_size=4, max_size=4),
    st.floats(0.1, 5),
    st.floats(0.1, 5),
)
def test_tree_scores_are_weighted_means_that_leave_out_missing(row, wf, wg1, wa1) -> None:
    # factors 0, 1 -> group g0 -> axis a0; factors 2, 3 -> group g1 -> axis a1
    groups = ["g0", "g0", "g1", "g1"]
    axes = {"g0": "a0", "g1": "a1"}
    wg = {"g0": 1.0, "g1": wg1}
    wa = {"a0": 1.0, "a1": wa1}
    X = np.array([[np.nan if v is None else v for v in row]])
    FG = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
    GA = np.eye(2)
    total, eff = sk.tree_scores(X, np.array(wf), FG, GA, np.array([1.0, wg1]), np.array([1.0, wa1]))
    assert total[0] == pytest.approx(_tree_by_hand(row, groups, axes, wf, wg, wa), rel=1e-12)
    assert eff[0].sum() == pytest.approx(1.0)
    assert all(eff[0, j] == 0 for j, v in enumerate(row) if v is None)


def test_tree_scores_bad_input() -> None:
    tree = (np.ones(2), np.ones((2, 1)), np.ones((1, 1)), np.ones(1), np.ones(1))
    with pytest.raises(InvalidInputError) as shape:
        sk.tree_scores(np.ones((1, 3)), *tree)
    assert shape.value.field == "X"
    with pytest.raises(MissingDataError) as empty:
        sk.tree_scores(np.full((2, 2), np.nan), *tree)
    assert empty.value.field == "rows[0]"
