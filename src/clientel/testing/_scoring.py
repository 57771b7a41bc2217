"""Hypothesis strategies for scoring: decision problems, pairwise matrices and criteria."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from clientel.scoring import Criterion, Direction, MissingPolicy

__all__ = ["criteria_sets", "decision_problems", "pairwise_matrices"]


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
