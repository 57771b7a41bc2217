"""TOPSIS closeness and distances in every normalisation (Hwang and Yoon 1981, issue 31).

The reference is TOPSIS as Hwang and Yoon (1981, pp. 128-140) state it, written here in a
few lines of numpy: normalise each column, weight it, take the best and worst weighted
value of each column as the ideal and anti-ideal points (the best of a cost column is its
smallest), and measure Euclidean distances. The "minmax" and "max" normalisations use the
cost-column formulas of clientel's normalisation table ((max - x)/(max - min) and
1 - x/max, pymcdm's conventions). Both distances are asserted, not only the closeness.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from clientel.errors import InvalidInputError
from clientel.scoring import kernels as sk


def _reference(
    X: np.ndarray, w: np.ndarray, d: np.ndarray, norm: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=float)
    w = np.asarray(w, dtype=float) / np.sum(w)
    cost = np.asarray(d) < 0
    if norm == "vector":
        r = X / np.sqrt((X**2).sum(axis=0))
    elif norm == "minmax":
        lo, hi = X.min(axis=0), X.max(axis=0)
        r = np.where(cost, (hi - X) / (hi - lo), (X - lo) / (hi - lo))
    else:  # max
        r = np.where(cost, 1 - X / X.max(axis=0), X / X.max(axis=0))
    v = r * w
    if norm == "vector":  # the ideal takes the criterion's direction
        ideal = np.where(cost, v.min(axis=0), v.max(axis=0))
        anti = np.where(cost, v.max(axis=0), v.min(axis=0))
    else:  # already benefit-oriented
        ideal, anti = v.max(axis=0), v.min(axis=0)
    d_pos = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_neg = np.sqrt(((v - anti) ** 2).sum(axis=1))
    total = d_pos + d_neg
    closeness = np.divide(d_neg, total, out=np.full_like(total, 0.5), where=total > 0)
    return closeness, d_pos, d_neg, (v - ideal) ** 2, (v - anti) ** 2


matrices = hnp.arrays(
    np.float64,
    st.tuples(st.integers(2, 7), st.integers(1, 4)),
    elements=st.integers(1, 9).map(float),
).filter(lambda X: bool((X.max(axis=0) > X.min(axis=0)).all()))


@given(matrices, st.data(), st.sampled_from(["vector", "minmax", "max"]), st.integers(1, 5))
def test_closeness_and_distances_match_the_definition(
    X: np.ndarray, data: st.DataObject, norm: str, block: int
) -> None:
    n = X.shape[1]
    w = np.array(data.draw(st.lists(st.integers(1, 5), min_size=n, max_size=n)), dtype=float)
    d = np.array(data.draw(st.lists(st.sampled_from([1, -1]), min_size=n, max_size=n)))
    closeness, d_pos, d_neg, comp_pos, comp_neg = _reference(X, w, d, norm)
    got = sk.topsis(X, w, d, normalisation=norm, block_size=block)
    np.testing.assert_allclose(got.closeness, closeness, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(got.d_ideal, d_pos, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(got.d_anti, d_neg, rtol=1e-12, atol=1e-15)
    dp2, dn2 = sk.topsis_components(X, w, d, normalisation=norm)
    np.testing.assert_allclose(dp2, comp_pos, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(dn2, comp_neg, rtol=1e-12, atol=1e-15)
    scorer = sk.Scorer(method="topsis", weights=w, directions=d,
                       options={"normalisation": norm}).fit(X)  # fmt: skip
    scores, contrib = scorer.contributions(X)
    np.testing.assert_allclose(scores, closeness, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(contrib, comp_neg - comp_pos, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(scorer.score(X[:1]), closeness[:1], rtol=1e-12, atol=1e-15)


def test_hwang_and_yoon_worked_shape() -> None:
    # Three alternatives on two benefit criteria, weights 1:1 (the docstring example),
    # against the reference above; the worst on every criterion has closeness 0.
    X = np.array([[7.0, 9.0], [8.0, 7.0], [9.0, 6.0], [6.0, 5.0]])
    got = sk.topsis(X, [0.5, 0.5], [1, 1])
    ref = _reference(X, np.array([0.5, 0.5]), np.array([1, 1]), "vector")
    np.testing.assert_allclose(got.closeness, ref[0], rtol=1e-13)
    np.testing.assert_allclose(got.d_ideal, ref[1], rtol=1e-13)
    assert got.d_anti[3] == 0.0
    assert got.closeness[3] == 0.0
    # one alternative at both ideals of a single varying criterion: closeness 1
    one = sk.topsis([[1.0, 2.0], [3.0, 2.0]], [1, 1], normalisation="max")
    assert one.closeness.tolist() == [0.0, 1.0]


def test_uniform_weights_acceptability_matches_the_crossover() -> None:
    # Two criteria, weights uniform on the simplex (w1 ~ U(0, 1)): alternative 0 is first
    # exactly when w1 is above the weight where the two closeness values cross, found here
    # by bisection on the reference. 20,000 samples: the share is within 0.02 of it.
    X = np.array([[9.0, 2.0], [4.0, 8.0]])
    d = np.array([1, 1])

    def lead(w1: float) -> float:
        c = _reference(X, np.array([w1, 1 - w1]), d, "vector")[0]
        return float(c[0] - c[1])

    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if lead(mid) > 0 else (mid, hi)
    result = sk.acceptability(X, None, d, method="topsis", samples=20_000, seed=3)
    share = float(np.asarray(result.acceptability)[0, 0])
    assert abs(share - (1 - hi)) < 0.02


def _error(call: Callable[[], object]) -> BaseException:
    with pytest.raises(Exception) as info:
        call()
    return info.value


def test_errors_name_their_field() -> None:
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: sk.topsis([[1.0, 2.0], [2.0, 3.0]], [1, 1], normalisation="sum"),
         "normalisation: TOPSIS supports 'vector', 'minmax' and 'max' normalisation (got 'sum')"),
        (lambda: sk.topsis([[1.0, 2.0], [1.0, 2.0]], [1, 1], normalisation="max"),
         "matrix: every criterion is constant: TOPSIS is undefined"),
        (lambda: sk.topsis([[1.0, 2.0], [1.0, 2.0]], [1, 1]),
         "matrix: every criterion is constant: TOPSIS is undefined"),
        (lambda: sk.topsis([[1.0, 2.0], [2.0, 3.0]], [1, 1],
                           stats=sk.fit_stats(np.array([[1.0], [2.0]]))),
         "stats: expected ColumnStats of every criterion"),
        (lambda: sk.Scorer(method="topsis", weights=[1.0], options={"normalise": "max"}),
         "options: topsis takes no option 'normalise' (options: normalisation) (got 'normalise')"),
    ]  # fmt: skip
    for call, text in cases:
        err = _error(call)
        assert type(err) is InvalidInputError
        assert str(err) == text


# ---------------------------------------------------------------------------
# Survivors of the mutation run of 2026-11-27 (docs/quality.md): components with their
# defaults and a population's statistics, columns of extreme magnitude, and the sampled path
# of rank acceptability with non-uniform weights and a shifted normalisation.

X4 = np.array([[7.0, 9.0, 3.0], [8.0, 7.0, 5.0], [9.0, 6.0, 4.0], [6.0, 5.0, 8.0]])
W4 = np.array([0.6, 0.3, 0.1])
D4 = np.array([1, 1, -1])


def test_components_default_normalisation_and_a_populations_stats() -> None:
    ref = _reference(X4, W4, D4, "vector")
    dp2, dn2 = sk.topsis_components(X4, W4, D4)  # vector by default
    np.testing.assert_allclose(dp2, ref[3], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(dn2, ref[4], rtol=1e-12, atol=1e-15)
    # statistics of a larger population: the norms and ideal points are the population's
    population = np.vstack([X4, [[12.0, 11.0, 1.0]]])
    pop = _reference(population, W4, D4, "vector")
    dp3, dn3 = sk.topsis_components(X4, W4, D4, stats=sk.fit_stats(population))
    np.testing.assert_allclose(dp3, pop[3][:4], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(dn3, pop[4][:4], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("norm", ["vector", "minmax", "max"])
@pytest.mark.parametrize("columns", [[0], [0, 1, 2]])
def test_columns_beyond_two_to_the_500_score_as_their_scaled_copies(
    norm: str, columns: list[int]
) -> None:
    # each normalisation divides a column by a norm, range or maximum, so scaling a column
    # by a power of two (exact) changes nothing: the reference is computed on X4 itself
    huge = X4.copy()
    huge[:, columns] *= 2.0**600
    ref = _reference(X4, W4, D4, norm)
    got = sk.topsis(huge, W4, D4, normalisation=norm)
    np.testing.assert_allclose(got.closeness, ref[0], rtol=1e-12)
    np.testing.assert_allclose(got.d_ideal, ref[1], rtol=1e-12)
    dp2, dn2 = sk.topsis_components(huge, W4, D4, normalisation=norm)
    np.testing.assert_allclose(dp2, ref[3], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(dn2, ref[4], rtol=1e-12, atol=1e-15)
    tight = sk.acceptability(huge, W4, D4, method="topsis", samples=200, seed=1,
                             concentration=1e9, normalisation=norm)  # fmt: skip
    first = np.asarray(tight.acceptability)[:, 0]
    assert first.tolist() == (ref[0] == ref[0].max()).astype(float).tolist()


@pytest.mark.parametrize("norm", ["vector", "minmax", "max"])
def test_tight_weights_give_the_definitions_ranks(norm: str) -> None:
    # weights drawn around W4 so tightly (concentration 1e9) that every sample ranks the
    # alternatives as W4 does by the definition: each holds its rank with probability 1
    ref = _reference(X4, W4, D4, norm)[0]
    rank = np.argsort(np.argsort(-ref, kind="stable"), kind="stable")
    assert np.min(np.abs(np.subtract.outer(ref, ref))[~np.eye(4, dtype=bool)]) > 1e-3
    got = sk.acceptability(X4, W4, D4, method="topsis", samples=200, seed=2,
                           concentration=1e9, normalisation=norm)  # fmt: skip
    expected = np.zeros((4, 4))
    expected[np.arange(4), rank] = 1.0
    assert np.asarray(got.acceptability).tolist() == expected.tolist()


@pytest.mark.parametrize("norm", ["vector", "minmax"])
def test_tight_weights_either_side_of_the_crossover(norm: str) -> None:
    # two alternatives whose closeness values cross at w1*: weights drawn tightly around
    # w1* - 0.005 put the second first in every sample, around w1* + 0.005 the first
    X = np.array([[9.0, 2.0], [4.0, 8.0], [5.0, 5.0]])
    d = np.array([1, 1])

    def lead(w1: float) -> float:
        c = _reference(X, np.array([w1, 1 - w1]), d, norm)[0]
        return float(c[0] - c[1])

    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if lead(mid) > 0 else (mid, hi)
    for w1, first in ((hi - 0.005, 1), (hi + 0.005, 0)):
        got = sk.acceptability(X, [w1, 1 - w1], d, method="topsis", samples=200, seed=4,
                               concentration=1e9, normalisation=norm)  # fmt: skip
        assert np.asarray(got.acceptability)[first, 0] == 1.0


def test_components_name_the_criterion_at_fault() -> None:
    names = ["price", "quality"]
    err = _error(lambda: sk.topsis_components([[0.0, 1.0], [-1.0, 2.0]], [1, 1],
                                              normalisation="max", names=names))  # fmt: skip
    assert (type(err), str(err)) == (
        InvalidInputError,
        "criterion 'price': max normalisation needs non-negative values (got -1.0)")  # fmt: skip


def test_scoring_in_chunks_merges_from_the_empty_statistics() -> None:
    ref = _reference(X4, W4, D4, "vector")[0]
    got = sk.score_in_chunks(X4, W4, D4, method="topsis", chunk_size=3)
    np.testing.assert_allclose(got, ref, rtol=1e-12)
