"""Rank acceptability from a ranking: its own method, weights and missing-data policies."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from long_run import LONG_RUN_EXAMPLES

from clientel import scoring as sc
from clientel.errors import InvalidInputError, UnknownReferenceError
from clientel.scoring import kernels as sk

X = np.array([[9.0, 2.0, 4.0], [6.0, 6.0, 5.0], [2.0, 9.0, 3.0], [5.0, 5.5, 8.0], [7.0, 1.0, 6.0]])
IDS = ["e", "b", "d", "a", "c"]
CRIT = [
    sc.Criterion(name="x", weight=3),
    sc.Criterion(name="y", weight=2),
    sc.Criterion(name="z", weight=1, direction=sc.Direction.COST),
]


@pytest.mark.parametrize(
    ("method", "options"),
    [
        ("weighted_sum", {}),
        ("topsis", {"normalisation": "minmax"}),
        ("vikor", {"v": 0.3}),
        ("promethee_ii", {"preference": "linear", "q": [0.5, 0.5, 0.5], "p": [3, 3, 3]}),
        ("weighted_product", {}),
    ],
)
def test_the_ranking_samples_with_its_own_method_and_options(method: str, options: dict) -> None:
    """Same draws as the array kernel with the same method, options and centre weights:
    the same counts, rows in rank order with their ids."""
    r = sc.score_alternatives(X, CRIT, ids=IDS, method=method, **options)  # type: ignore[arg-type]
    acc = r.acceptability(samples=3000, seed=5)
    by_id = np.argsort(IDS)  # the ranking samples its rows in id order (its tie order)
    kernel = sk.acceptability(X[by_id], r.weights, [1, 1, -1], method=method, samples=3000,
                              seed=5, **options)  # fmt: skip
    position = {IDS[i]: k for k, i in enumerate(by_id)}
    rows = [position[i] for i in acc.ids]
    assert acc.ids == r.ids
    np.testing.assert_array_equal(acc.acceptability, kernel.acceptability[rows])
    np.testing.assert_allclose(acc.acceptability.sum(axis=1), 1.0)
    np.testing.assert_allclose(acc.at_most(2), acc.acceptability[:, :2].sum(axis=1))
    assert acc.probability(acc.ids[0], k=5) == pytest.approx(1.0)


@settings(max_examples=LONG_RUN_EXAMPLES or 25, deadline=None)
@given(st.data())
def test_partitioned_sample_ranges_give_the_same_acceptability(data: st.DataObject) -> None:
    r = sc.score_alternatives(X, CRIT, ids=IDS, method="topsis")
    samples = data.draw(st.integers(1, 5000))
    whole = r.acceptability(samples=samples, seed=11)
    cuts = sorted(data.draw(st.lists(st.integers(0, samples), max_size=6)))
    for parts in (1, 3, 7, 16):
        cuts_k = [round(samples * k / parts) for k in range(1, parts)]
        for chosen in (cuts_k, cuts):
            edges = [0, *chosen, samples]
            counts = [r.acceptability_counts(a, b, seed=11) for a, b in itertools.pairwise(edges)]
            random.Random(len(edges)).shuffle(counts)
            merged = counts[0]
            for c in counts[1:]:
                merged = merged.merge(c)
            got = r.acceptability_of(merged)
            np.testing.assert_array_equal(got.acceptability, whole.acceptability)
            np.testing.assert_allclose(got.central_weights, whole.central_weights, rtol=1e-14)


def test_missing_data_follows_the_criteria_policies() -> None:
    """EXCLUDE rows stay out; NEUTRAL cells keep the observed mean; a BOUNDS cell with
    bounds (5, 5) is drawn as 5 every time, so it samples like the value 5 itself."""
    Y = X.copy()
    Y[0, 0] = np.nan  # e: x missing, EXCLUDE -> out
    Y[1, 1] = np.nan  # b: y missing, NEUTRAL -> mean of the kept rows' 9, 5.5, 1
    Y[2, 2] = np.nan  # d: z missing, BOUNDS (5, 5)
    crit = [
        sc.Criterion(name="x", weight=3, missing=sc.MissingPolicy.EXCLUDE),
        sc.Criterion(name="y", weight=2, missing=sc.MissingPolicy.NEUTRAL),
        sc.Criterion(name="z", weight=1, direction=sc.Direction.COST,
                     missing=sc.MissingPolicy.BOUNDS, bounds=(5.0, 5.0)),
    ]  # fmt: skip
    r = sc.score_alternatives(Y, crit, ids=IDS, method="weighted_sum")
    acc = r.acceptability(samples=2000, seed=2)
    assert sorted(acc.ids) == ["a", "b", "c", "d"]
    mean = (9.0 + 5.5 + 1.0) / 3
    filled = np.array([[6.0, mean, 5.0], [2.0, 9.0, 5.0], [5.0, 5.5, 8.0], [7.0, 1.0, 6.0]])
    kept = ["b", "d", "a", "c"]  # input order of the kept rows
    order = np.argsort(kept)
    kernel = sk.acceptability(filled[order], r.weights, [1, 1, -1], samples=2000, seed=2)
    position = {kept[i]: k for k, i in enumerate(order)}
    np.testing.assert_array_equal(
        acc.acceptability, kernel.acceptability[[position[i] for i in acc.ids]]
    )


def test_bounds_cells_are_drawn_and_move_the_probabilities() -> None:
    Y = X.copy()
    Y[3, 0] = np.nan  # a: x unknown between the observed 2 and 9
    crit = [sc.Criterion(name="x", weight=3, missing=sc.MissingPolicy.BOUNDS), *CRIT[1:]]
    r = sc.score_alternatives(Y, crit, ids=IDS, method="weighted_sum")
    drawn = r.acceptability(samples=4000, seed=9)
    parts = [r.acceptability_counts(a, b, seed=9) for a, b in [(0, 1500), (1500, 4000)]]
    again = r.acceptability_of(parts[1].merge(parts[0]))
    np.testing.assert_array_equal(drawn.acceptability, again.acceptability)
    a = drawn.ids.index("a")
    # at the observed mean (the point score) a ranks in the middle; drawn over [2, 9]
    # it spreads over more ranks than with fixed values
    fixed = Y.copy()
    fixed[3, 0] = np.nanmean(Y[:, 0])
    point = sc.score_alternatives(fixed, CRIT, ids=IDS, method="weighted_sum")
    spread = (drawn.acceptability[a] > 0.01).sum()
    stiff = point.acceptability(samples=4000, seed=9)
    assert spread > (stiff.acceptability[stiff.ids.index("a")] > 0.01).sum()


def test_bad_arguments_are_named() -> None:
    r = sc.score_alternatives(X, CRIT, ids=IDS, method="weighted_sum")
    for kwargs, field in [
        ({"samples": 0}, "samples"),
        ({"seed": -1}, "seed"),
        ({"ranks": 9}, "ranks"),
        ({"concentration": 0.0}, "concentration"),
    ]:
        with pytest.raises(InvalidInputError) as exc:
            r.acceptability(**kwargs)
        assert exc.value.field == field
    with pytest.raises(UnknownReferenceError):
        r.acceptability(samples=10).probability("zz")
    a, b = r.acceptability_counts(0, 10, seed=1), r.acceptability_counts(10, 20, seed=2)
    with pytest.raises(InvalidInputError, match="different samplings"):
        a.merge(b)


def _stable_reference(N: np.ndarray, center: np.ndarray, samples: int, seed: int) -> np.ndarray:
    """Rank counts written out the slow, obvious way: the documented draws (block ``b`` from
    ``default_rng([seed, b])``, Dirichlet around ``50 * center``), the weighted sum of the
    normalised matrix, and a stable sort of every sample's scores (ties to the earlier row)."""
    m = N.shape[0]
    counts = np.zeros((m, m), dtype=np.int64)
    for b in range(-(-samples // 1024)):
        W = np.random.default_rng([seed, b]).dirichlet(center * 50.0, size=1024)
        W = W[: samples - b * 1024]
        order = np.argsort(-(N @ W.T), axis=0, kind="stable")
        for r in range(m):
            counts[:, r] += np.bincount(order[r], minlength=m)
    return counts


@settings(max_examples=LONG_RUN_EXAMPLES or 40, deadline=None)
@given(
    pool=st.lists(st.lists(st.integers(0, 4), min_size=4, max_size=4), min_size=1, max_size=4),
    picks=st.lists(st.integers(0, 3), min_size=2, max_size=30),
    samples=st.integers(1, 2500),
)
def test_ties_in_a_sample_go_to_the_earlier_row(
    pool: list[list[int]], picks: list[int], samples: int
) -> None:
    """Rows drawn from a small pool repeat, so every sample has exact ties; the counts equal a
    stable sort of each sample's scores. Every column holds 0 and 4, so the min-max normalised
    values x / 4 and the contributions at weight 1/4 are exact in binary and the kernel's
    unit scores equal ``X / 4`` bit for bit."""
    rows = [pool[i % len(pool)] for i in picks]
    X = np.array([[0, 0, 0, 0], [4, 4, 4, 4], *rows], dtype=float)
    center = np.full(4, 0.25)
    got = sk.acceptability(X, center, samples=samples, seed=3)
    want = _stable_reference(X / 4.0, center, samples, seed=3)
    np.testing.assert_array_equal(got.acceptability, want / samples)


def test_identical_rows_keep_their_order_in_every_sample_for_a_lower_is_better_method() -> None:
    """VIKOR (smaller is better) on rows 1 and 3 equal: row 1 precedes row 3 in every sample,
    so row 1 is at least as likely as row 3 to rank within the first k, for every k."""
    Y = np.array([[5.0, 1.0, 3.0], [2.0, 8.0, 4.0], [7.0, 3.0, 1.0], [2.0, 8.0, 4.0],
                  [4.0, 4.0, 4.0]])  # fmt: skip
    acc = sk.acceptability(Y, [0.4, 0.4, 0.2], method="vikor", samples=3000, seed=4)
    cumulative = np.cumsum(acc.acceptability, axis=1)
    assert (cumulative[1] >= cumulative[3]).all()
    assert acc.acceptability[3, 0] == 0.0  # never first: the earlier twin always beats it
