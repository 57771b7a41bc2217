"""MOORA, ratio system: vector-normalised values, benefit ones added and cost ones subtracted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel.scoring.kernels._blocked import affine_sum
from clientel.scoring.kernels._method import Method, known_options, linear_sampled
from clientel.scoring.kernels._normalise import check_stats, prescale
from clientel.scoring.kernels._scorer import Scorer, fitted
from clientel.scoring.kernels._stats import ColumnStats, fit_stats, stage_stats

__all__ = ["METHOD", "moora"]

Float = NDArray[np.float64]


def _options(given: Mapping[str, Any], n: int, names: Sequence[str] | None) -> dict[str, Any]:
    known_options(given, "moora", ())
    return {}


def _fit(X: Float, scorer: Scorer) -> ColumnStats:
    return fit_stats(X)


def _empty(scorer: Scorer, k: int) -> ColumnStats:
    return ColumnStats.empty(k)


def _finalise(scorer: Scorer, stats: object) -> ColumnStats:
    stats = stage_stats(stats, scorer.criteria)
    check_stats(stats, "vector", scorer.names)  # an all-zero column has no norm
    return stats


def _plan(scorer: Scorer, w: Float) -> tuple[Float, Float, Float]:
    """``(c, ref, g)`` with the contribution ``d_j w_j x_ij / ||x_j|| = (x_ij c_j - 0) g_j``."""
    stats: ColumnStats = scorer.state[0]  # type: ignore[assignment]
    c = prescale(stats)[0]
    return c, np.zeros_like(w), scorer.d * w / np.sqrt(stats.sumsq)


def _score(X: Float, scorer: Scorer) -> Float:
    return affine_sum(X, *_plan(scorer, scorer.w))


def _contributions(X: Float, scorer: Scorer) -> tuple[Float, Float]:
    out = np.empty(X.shape)
    return affine_sum(X, *_plan(scorer, scorer.w), out=out), out


def _unit(X: Float, scorer: Scorer) -> Float:
    """Contributions at unit weights: scores of any weights ``W`` are ``unit @ W.T``."""
    c, _, g = _plan(scorer, np.ones(scorer.criteria))
    out: Float = X * c * g
    return out


METHOD = Method(
    name="moora",
    title="MOORA (ratio system)",
    reference=(
        "Brauers, W. K. M. and Zavadskas, E. K. (2006). The MOORA method and its application "
        "to privatization in a transition economy. Control and Cybernetics 35(2), 445-469."
    ),
    monotone=True,
    linear=True,
    additive=True,
    contribution_kind="d_j w_j x_ij / ||x_j||: + benefit, - cost; sums to the score",
    options=_options,
    fit=_fit,
    empty=_empty,
    finalise=_finalise,
    score=_score,
    contributions=_contributions,
    unit=_unit,
    sampled=linear_sampled,
)


def moora(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    stats: ColumnStats | None = None,
    names: Sequence[str] | None = None,
) -> Float:
    """MOORA ratio system: ``y_i = sum_j d_j w_j x_ij / sqrt(sum_k x_kj**2)`` (step 2.3.3).

    .. versionadded:: 0.2.0

    Each value is divided by its column's Euclidean norm (the ratio), weighted,
    and the benefit ratios are added and the cost ratios subtracted. Higher is
    better; scores may be negative.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, finite; no all-zero column.
    weights : array_like, shape (n,)
        Normalised to sum to 1 (Brauers and Zavadskas's unweighted form is
        equal weights, its scores divided by ``n``).
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1).
    stats : ColumnStats, optional
        Column statistics fitted elsewhere (e.g. merged over partitions).
    names : sequence of str, optional
        Criterion names for error messages.

    Returns
    -------
    ndarray, shape (m,)
        The scores ``y_i``.

    Raises
    ------
    InvalidInputError
        Bad shapes, weights or directions; a NaN or infinite cell (named); an
        all-zero column (named).

    References
    ----------
    Brauers, W. K. M. and Zavadskas, E. K. (2006). The MOORA method and its
    application to privatization in a transition economy. *Control and
    Cybernetics*, 35(2), 445-469.

    Examples
    --------
    Revenue potential (benefit) and cost to serve (cost) of three clients:

    >>> moora([[5.0, 3.0], [3.0, 1.0], [1.0, 2.0]], [0.6, 0.4], [1, -1]).round(4).tolist()
    [0.1864, 0.1974, -0.1124]
    """
    scorer, X = fitted("moora", matrix, weights, directions, names=names, stats=stats)
    return _score(X, scorer)
