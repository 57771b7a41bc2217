"""The scoring strategies of clientel.testing produce what they promise."""

from __future__ import annotations

import numpy as np
from hypothesis import given

from clientel import scoring as sc
from clientel.scoring import kernels as sk
from clientel.testing import criteria_sets, decision_problems, pairwise_matrices


@given(decision_problems(missing=True))
def test_decision_problems_shapes_weights_and_holes(problem: tuple) -> None:
    X, w, d = problem
    assert X.shape[1] == w.size == d.size
    assert abs(w.sum() - 1) < 1e-12
    assert (w > 0).all()
    assert set(d.tolist()) <= {1, -1}
    assert not np.isnan(X[0]).any()


@given(pairwise_matrices())
def test_consistent_pairwise_matrices_give_back_their_weights(case: tuple) -> None:
    A, w = case
    r = sk.ahp_weights(A)
    np.testing.assert_allclose(r.weights, w, atol=1e-10)
    assert abs(r.cr) < 1e-9


@given(pairwise_matrices(consistent=False))
def test_perturbed_pairwise_matrices_are_positive_and_reciprocal(case: tuple) -> None:
    A, _ = case
    assert (A > 0).all()
    np.testing.assert_allclose(A * A.T, np.ones_like(A))
    weights = sk.ahp_weights(A).weights
    assert abs(weights.sum() - 1) < 1e-12
    assert (weights > 0).all()


@given(criteria_sets(policies=True), decision_problems(max_criteria=1))
def test_criteria_sets_score(criteria: list, problem: tuple) -> None:
    names = [c.name for c in criteria]
    assert len(set(names)) == len(names)
    X = np.tile(problem[0][:, :1], (1, len(criteria)))
    ranking = sc.score_alternatives(
        X, criteria, ids=[f"c{i}" for i in range(X.shape[0])], method="weighted_sum"
    )
    assert sorted(ranking.ids) == sorted(f"c{i}" for i in range(X.shape[0]))
