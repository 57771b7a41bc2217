"""Fit, merge, apply: partitioned scores agree with whole ones, whatever the partitioning.

Each test splits the rows into 1, 3, 7 and 16 partitions and into uneven
partitions drawn by hypothesis (empty ones included), fits every stage per
partition, merges the partials in a shuffled order and tree shape, and compares
the per-partition scores with the single-process kernel.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from clientel import models as m
from clientel.errors import InvalidInputError, MissingDataError
from clientel.scoring import kernels as sk

OPTIONS = {
    "weighted_sum": [
        {},
        {"normalisation": "vector"},
        {"normalisation": "sum"},
        {"normalisation": "none"},
    ],
    "weighted_product": [{}],
    "topsis": [{}, {"normalisation": "minmax"}],
    "vikor": [{}, {"v": 0.2}],
    "promethee_ii": [
        {},
        {"preference": "level", "q": [1.0, 2.0, 0.5], "p": [4.0, 6.0, 3.0]},
        {"preference": "linear", "q": [1.0, 2.0, 0.5], "p": [4.0, 6.0, 3.0]},
    ],
    "moora": [{}],
    "copras": [{}],
    "edas": [{}],
    "mabac": [{}],
    "spotis": [{"bounds": [[0.0, 2e6]] * 3}],
}
CASES = [(name, opts) for name, options in OPTIONS.items() for opts in options]


@st.composite
def matrices(draw: st.DrawFn) -> np.ndarray:
    rows = draw(st.integers(2, 60))
    values = st.one_of(st.integers(1, 9).map(float), st.floats(0.5, 1e6))
    X = draw(hnp.arrays(np.float64, (rows, 3), elements=values))
    X[0] = [1.0, 2.0, 3.0]
    X[1] = [9.0, 8.0, 7.0]  # no constant column
    return X


def _cuts(rows: int, parts: int) -> list[int]:
    return [round(rows * k / parts) for k in range(1, parts)]


def _merge(partials: list, rnd: random.Random) -> object:
    """Merge in a shuffled order and a random tree shape."""
    items = list(partials)
    rnd.shuffle(items)
    while len(items) > 1:
        i = rnd.randrange(len(items) - 1)
        items[i : i + 2] = [items[i].merge(items[i + 1])]
    return items[0]


def _partitioned(scorer: sk.Scorer, blocks: list[np.ndarray], rnd: random.Random) -> np.ndarray:
    while not scorer.fitted:
        partials = [scorer.fit_partial(b) for b in blocks] + [scorer.empty()]
        scorer = scorer.finalise(_merge(partials, rnd))
    scorer = m.loads(m.dumps(scorer), sk.Scorer)  # what a worker would receive
    return np.concatenate([scorer.score(b) for b in blocks])


@pytest.mark.parametrize(("name", "options"), CASES, ids=[f"{n}{o}" for n, o in CASES])
@given(X=matrices(), data=st.data())
def test_partitioned_scores_agree_with_whole(
    name: str, options: dict, X: np.ndarray, data: st.DataObject
) -> None:
    w, d = np.array([0.5, 0.3, 0.2]), np.array([1, -1, 1])
    whole = sk.score_matrix(X, w, d, name, **options)
    scorer = sk.Scorer(method=name, weights=w, directions=d, options=options)
    uneven = sorted(data.draw(st.lists(st.integers(0, X.shape[0]), max_size=6)))
    rnd = random.Random(data.draw(st.integers(0, 2**32)))
    for cuts in [*(_cuts(X.shape[0], k) for k in (1, 3, 7, 16)), uneven]:
        blocks = np.split(X, cuts)
        scores = _partitioned(scorer, blocks, rnd)
        np.testing.assert_allclose(scores, whole, atol=1e-14, rtol=1e-14)


@given(X=matrices(), data=st.data())
def test_merged_statistics_do_not_depend_on_the_merge_order(
    X: np.ndarray, data: st.DataObject
) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, X.shape[0]), min_size=1, max_size=8)))
    parts = [sk.fit_stats(b, inverse=True) for b in np.split(X, cuts)]
    one = _merge(parts, random.Random(1))
    two = _merge(parts, random.Random(data.draw(st.integers(0, 2**32))))
    for field in ("n", "count", "min", "max", "sum", "sumsq", "sum_inv"):
        np.testing.assert_array_equal(getattr(one, field), getattr(two, field))
    whole = sk.fit_stats(X, inverse=True)
    np.testing.assert_allclose(one.sumsq, whole.sumsq, rtol=1e-15)
    margs = [sk.fit_marginals(b) for b in np.split(X, cuts)]
    merged = _merge(margs, random.Random(2))
    exact = sk.fit_marginals(X)
    np.testing.assert_array_equal(merged.values, exact.values)
    np.testing.assert_array_equal(merged.counts, exact.counts)


def test_score_in_chunks_covers_every_method() -> None:
    X = np.random.default_rng(5).uniform(1, 9, size=(301, 3))
    for name, options in CASES:
        whole = sk.score_matrix(X, [1, 2, 3], [1, 1, -1], name, **options)
        parts = sk.score_in_chunks(X, [1, 2, 3], [1, 1, -1], name, chunk_size=37, **options)
        np.testing.assert_allclose(parts, whole, atol=1e-14, rtol=1e-14)


def test_empty_statistics_serialise() -> None:
    empty = sk.ColumnStats.empty(3, inverse=True)
    again = m.loads(m.dumps(empty), sk.ColumnStats)
    assert again.n == 0
    assert np.isnan(again.min).all()
    full = sk.fit_stats(np.array([[1.0, 2.0, 3.0]]), inverse=True)
    merged = again.merge(full)
    np.testing.assert_array_equal(merged.max, [1.0, 2.0, 3.0])
    text = m.dumps(sk.fit_stats(np.array([[0.0, 1.0]]), inverse=True))
    assert '"inf"' in text  # 1/0: strict JSON, no Infinity literal
    assert m.loads(text, sk.ColumnStats).sum_inv[0] == np.inf


@pytest.mark.parametrize(("name", "options"), CASES, ids=[f"{n}{o}" for n, o in CASES])
@pytest.mark.parametrize("bad", [np.inf, -np.inf, np.nan], ids=str)
def test_a_fitted_scorer_names_a_non_finite_cell_of_the_block_it_scores(
    name: str, options: dict, bad: float
) -> None:
    # The suite turns warnings into errors: the cell must be named by the error, with no
    # RuntimeWarning from the arithmetic first (a partition scored after fitting on others).
    X = np.random.default_rng(9).uniform(1, 9, size=(40, 3))
    scorer = sk.Scorer(method=name, weights=[0.5, 0.3, 0.2], directions=[1, -1, 1],
                       options=options).fit(X)  # fmt: skip
    block = X[:10].copy()
    block[6, 1] = bad
    for apply in (scorer.score, scorer.contributions):
        with pytest.raises((InvalidInputError, MissingDataError)) as err:
            apply(block)
        assert err.value.field == "row 6, criterion 1"
