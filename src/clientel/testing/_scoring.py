"""Hypothesis strategies for scoring: decision problems, pairwise matrices and criteria."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from clientel.scoring import (
    Criterion,
    Direction,
    MissingPolicy,
    NaiveBayesWinModel,
    WinModelEvaluation,
    evaluate_naive_bayes,
    fit_naive_bayes,
)

__all__ = [
    "criteria_sets",
    "decision_problems",
    "naive_bayes_models",
    "pairwise_matrices",
    "win_histories",
    "win_model_evaluations",
]

_VALUES = ("referral", "tender", "web", "fair", None)


@st.composite
def decision_problems(
    draw: st.DrawFn,
    *,
    min_rows: int = 2,
    max_rows: int = 12,
    max_criteria: int = 5,
    missing: bool = False,
) -> tuple[Any, Any, Any]:
    """A decision matrix, normalised weights and +1/-1 directions.

    Values are integers 1..50 as floats (positive, so the weighted product is
    defined); no column is constant, so every method is defined. With
    ``missing=True`` some cells (never a whole column) are NaN.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(decision_problems())
    ... def test_scores_are_finite(problem):
    ...     X, w, d = problem
    ...     assert X.shape[1] == w.size == d.size
    >>> test_scores_are_finite()
    """
    m = draw(st.integers(min_rows, max_rows))
    n = draw(st.integers(1, max_criteria))
    X = draw(hnp.arrays(np.float64, (m, n), elements=st.integers(1, 50).map(float)))
    for j in range(n):
        assume(X[:, j].max() > X[:, j].min())
    w = draw(hnp.arrays(np.float64, n, elements=st.integers(1, 10).map(float)))
    d = draw(hnp.arrays(np.int8, n, elements=st.sampled_from([1, -1])))
    if missing:
        holes = draw(hnp.arrays(np.bool_, (m, n)))
        holes[0] = False  # every column keeps a value
        X = np.where(holes, np.nan, X)
    return X, w / w.sum(), d


@st.composite
def pairwise_matrices(
    draw: st.DrawFn, *, min_size: int = 2, max_size: int = 7, consistent: bool = True
) -> tuple[Any, Any]:
    """An AHP pairwise comparison matrix and the weights it was built from.

    ``consistent=True`` gives ``A[i, j] = w_i / w_j`` (CR = 0, the eigenvector is
    ``w``); otherwise the upper triangle is perturbed on Saaty's 1/9..9 scale and
    mirrored, so the matrix stays positive and reciprocal.
    """
    n = draw(st.integers(min_size, max_size))
    w = draw(hnp.arrays(np.float64, n, elements=st.integers(1, 9).map(float)))
    w = w / w.sum()
    A = w[:, None] / w[None, :]
    if not consistent:
        scale = [1 / k for k in range(9, 1, -1)] + list(range(1, 10))
        upper = np.triu_indices(n, 1)
        values = draw(hnp.arrays(np.float64, upper[0].size, elements=st.sampled_from(scale)))
        A = np.ones((n, n))
        A[upper] = values
        A[upper[1], upper[0]] = 1 / values
    return A, w


@st.composite
def criteria_sets(
    draw: st.DrawFn, *, min_size: int = 1, max_size: int = 5, policies: bool = False
) -> list[Criterion]:
    """Criteria with unique names, random directions and weights (and missing-data policies)."""
    n = draw(st.integers(min_size, max_size))
    out = []
    for j in range(n):
        policy = (
            draw(
                st.sampled_from([MissingPolicy.RAISE, MissingPolicy.NEUTRAL, MissingPolicy.BOUNDS])
            )
            if policies
            else MissingPolicy.RAISE
        )
        out.append(
            Criterion(
                name=f"criterion_{j}",
                direction=draw(st.sampled_from([Direction.BENEFIT, Direction.COST])),
                weight=float(draw(st.integers(1, 10))),
                missing=policy,
            )
        )
    return out


@st.composite
def win_histories(
    draw: st.DrawFn, *, min_per_class: int = 10, max_size: int = 60
) -> tuple[list[dict[str, str | None]], list[bool], list[str]]:
    """Closed records ``{"source", "segment"}`` (None = missing), outcomes and unique ids.

    At least ``min_per_class`` wins and as many losses, so the default minimum-data gate
    of the evaluations passes.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(win_histories())
    ... def test_gate_passes(history):
    ...     records, won, ids = history
    ...     assert sum(won) >= 10 and len(won) - sum(won) >= 10
    >>> test_gate_passes()
    """
    n = draw(st.integers(2 * min_per_class, max(2 * min_per_class, max_size)))
    wins = draw(st.integers(min_per_class, n - min_per_class))
    won = [True] * wins + [False] * (n - wins)
    won = draw(st.permutations(won))
    pick = st.sampled_from(_VALUES)
    records = [{"source": draw(pick), "segment": draw(st.sampled_from(("bank", "retail", None)))}
               for _ in range(n)]  # fmt: skip
    return records, list(won), [f"o{i:04d}" for i in range(n)]


@st.composite
def naive_bayes_models(draw: st.DrawFn) -> NaiveBayesWinModel:
    """A naive-Bayes win model fitted on a drawn history (any of the three smoothings)."""
    records, won, _ = draw(win_histories(min_per_class=1, max_size=20))
    smoothing = draw(st.sampled_from(["lidstone", "lidstone_unseen_bucket", "odoo_pls"]))
    alpha = draw(st.sampled_from([0.5, 1.0, 2.0]))
    return fit_naive_bayes(records, won, fields=["source", "segment"], alpha=alpha,
                           smoothing=smoothing)  # type: ignore[arg-type]  # fmt: skip


@st.composite
def win_model_evaluations(draw: st.DrawFn) -> WinModelEvaluation:
    """A k-fold or hold-out evaluation of the naive-Bayes model on a drawn history."""
    records, won, ids = draw(win_histories(max_size=50))
    hold_out = draw(st.booleans()) and len(won) >= 40 and min(sum(won), len(won) - sum(won)) >= 20
    return evaluate_naive_bayes(records, won, ids=ids, fields=["source", "segment"],
                                folds=draw(st.integers(2, 10)),
                                test_share=0.5 if hold_out else None,
                                seed=draw(st.integers(0, 2**32 - 1)))  # fmt: skip
