"""The scoring strategies of clientel.testing produce what they promise."""

from __future__ import annotations

import numpy as np
from hypothesis import given

from clientel import scoring as sc
from clientel.models import from_data, to_data
from clientel.scoring import kernels as sk
from clientel.testing import (
    criteria_sets,
    decision_problems,
    naive_bayes_models,
    pairwise_matrices,
    win_model_evaluations,
)


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


@given(naive_bayes_models())
def test_naive_bayes_models_round_trip_and_explain_exactly(model: sc.NaiveBayesWinModel) -> None:
    assert from_data(to_data(model), sc.NaiveBayesWinModel) == model
    est = model.predict({"source": "web", "segment": "bank"})
    assert abs(est.log_odds - est.prior - sum(est.contributions.values())) < 1e-12


@given(win_model_evaluations())
def test_win_model_evaluations_are_in_bounds_and_round_trip(ev: sc.WinModelEvaluation) -> None:
    assert 0 <= ev.auc <= 1
    assert 0 <= ev.brier <= 1
    assert sum(b.count for b in ev.calibration) == ev.n == len(ev.ids)
    assert from_data(to_data(ev), sc.WinModelEvaluation) == ev
