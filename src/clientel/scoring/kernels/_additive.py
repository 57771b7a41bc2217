"""Additive and multiplicative weighting: SAW (weighted sum) and WPM (weighted product)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import (
    as_directions,
    as_matrix,
    as_weights,
    criterion_label,
)
from clientel.errors import InvalidInputError
from clientel.scoring.kernels._normalise import ColumnStats, affine, normalise, prepare

__all__ = [
    "weighted_product",
    "weighted_product_contributions",
    "weighted_sum",
    "weighted_sum_contributions",
]

Float = NDArray[np.float64]


def weighted_sum(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    normalisation: str = "minmax",
    stats: ColumnStats | None = None,
    names: Sequence[str] | None = None,
) -> Float:
    """Simple additive weighting (SAW): ``score_i = sum_j w_j r_ij``.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, finite.
    weights : array_like, shape (n,)
        Non-negative, normalised to sum to 1.
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1) per criterion.
    normalisation : {"minmax", "vector", "max", "sum"}
        How ``r_ij`` is obtained (see :func:`normalise`); min-max by default.
    stats : ColumnStats, optional
        Fitted statistics (e.g. merged over chunks), so that chunks score alike.

    Returns
    -------
    ndarray, shape (m,)
        Scores; with min-max normalisation they lie in [0, 1].

    Notes
    -----
    For min-max, vector and max normalisation the score is affine in the raw
    values, ``score = X a + b``, so it is computed as one matrix-vector product
    without a normalised copy of the matrix.

    References
    ----------
    Hwang, C.-L. and Yoon, K. (1981). *Multiple Attribute Decision Making*,
    Springer, section on simple additive weighting.

    Examples
    --------
    Three clients scored on revenue potential (benefit) and cost to serve (cost):

    >>> weighted_sum([[5.0, 3.0], [3.0, 1.0], [1.0, 2.0]], [0.6, 0.4], [1, -1]).round(3).tolist()
    [0.6, 0.7, 0.2]
    """
    X, w, d, st = prepare(matrix, weights, directions, normalisation, stats=stats, names=names)
    if normalisation == "sum":
        out: Float = normalise(X, d, "sum", stats=st, names=names) @ w
        return out
    a, b = affine(st, w, d, normalisation)
    scores: Float = X @ a
    scores += float(b.sum())
    if normalisation == "minmax" and stats is None:
        # in [0, 1] by construction on the data's own range: clip rounding noise (-1e-17);
        # with fitted stats a row may lie outside the fitted range and keep its true score
        np.clip(scores, 0.0, 1.0, out=scores)
    else:
        scores += 0.0  # no negative zero
    return scores


def weighted_sum_contributions(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    normalisation: str = "minmax",
    stats: ColumnStats | None = None,
    names: Sequence[str] | None = None,
) -> Float:
    """Per-criterion contributions ``w_j r_ij``; each row sums to its SAW score.

    Examples
    --------
    >>> weighted_sum_contributions([[5.0, 3.0], [1.0, 1.0]], [0.6, 0.4]).tolist()
    [[0.6, 0.4], [0.0, 0.0]]
    """
    X = as_matrix(matrix, names=names)
    w = as_weights(weights, X.shape[1], names=names)
    out: Float = normalise(X, directions, normalisation, stats=stats, names=names) * w
    return out


def _log_checked(X: Float, names: Sequence[str] | None) -> Float:
    bad = X <= 0
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        msg = "the weighted product needs positive values"
        raise InvalidInputError(
            msg, field=f"row {i}, {criterion_label(j, names)}", value=float(X[i, j])
        )
    out: Float = np.log(X)
    return out


def weighted_product(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    names: Sequence[str] | None = None,
) -> Float:
    """Weighted product model (WPM): ``P_i = prod_j x_ij ** (d_j w_j)``.

    Raw positive values are used (the method is invariant to the unit of each
    criterion, so no normalisation is needed); cost criteria get negative
    exponents. Ratios ``P_a / P_b`` compare two alternatives.

    References
    ----------
    Triantaphyllou, E. (2000). *Multi-Criteria Decision Making Methods: A
    Comparative Study*, Kluwer, chapter 2 (WPM).

    Examples
    --------
    >>> p = weighted_product([[25.0, 20.0], [10.0, 30.0]], [0.5, 0.5])
    >>> float(round(p[0] / p[1], 4))  # sqrt(25/10) * sqrt(20/30)
    1.291
    """
    X = as_matrix(matrix, names=names)
    w = as_weights(weights, X.shape[1], names=names)
    d = as_directions(directions, X.shape[1])
    out: Float = np.exp(_log_checked(X, names) @ (w * d))
    return out


def weighted_product_contributions(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    names: Sequence[str] | None = None,
) -> Float:
    """Per-criterion log contributions ``d_j w_j ln x_ij``; each row sums to ``ln P_i``."""
    X = as_matrix(matrix, names=names)
    w = as_weights(weights, X.shape[1], names=names)
    d = as_directions(directions, X.shape[1])
    out: Float = _log_checked(X, names) * (w * d)
    return out
