"""MABAC: distances of weighted min-max values from the border approximation area."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import criterion_label
from clientel._internal.display import short_repr
from clientel.errors import InvalidInputError
from clientel.scoring.kernels._blocked import affine_sum, folded, tiled
from clientel.scoring.kernels._method import Method, known_options, linear_sampled
from clientel.scoring.kernels._normalise import check_stats, prescale
from clientel.scoring.kernels._scorer import Scorer, fitted
from clientel.scoring.kernels._stats import ColumnStats, fit_stats, stage_stats

__all__ = ["METHOD", "MabacResult", "mabac"]

Float = NDArray[np.float64]


@attrs.frozen(kw_only=True, eq=False, repr=False)
class MabacResult:
    """MABAC's scores and the border approximation area they are measured from.

    .. versionadded:: 0.2.0

    Attributes
    ----------
    scores : ndarray, shape (m,)
        ``S_i = sum_j q_ij`` (higher is better; positive: above the border).
    border : ndarray, shape (n,)
        The border approximation area ``g_j``, the geometric mean of the
        weighted values ``v_ij = w_j (n_ij + 1)`` of each criterion.
    distances : ndarray, shape (m, n)
        ``q_ij = v_ij - g_j``; each row sums to its score.
    """

    __repr__ = short_repr

    scores: Float
    border: Float
    distances: Float


def _options(given: Mapping[str, Any], n: int, names: Sequence[str] | None) -> dict[str, Any]:
    known_options(given, "mabac", ())
    return {}


def _normaliser(scorer: Scorer, *, log: bool) -> Callable[[Float], Float]:
    """The function of a block giving ``n_ij`` in [0, 1] (``ln(n_ij + 1)`` if ``log``).

    ``n_ij`` is min-max scaled on the stage-1 ranges, cost criteria reversed:
    ``(x c - lo) / span`` (benefit) and ``(hi - x c) / span`` (cost), computed as
    ``(x (+-c) + (-lo | hi)) / span``, which rounds identically (a product by
    ``-c`` is the exact negation of the product by ``c``, and ``a - b`` is
    ``a + (-b)``). The block is folded (:func:`folded`) so that the per-column
    constants meet long rows; one new array per block.
    """
    stats: ColumnStats = scorer.state[0]  # type: ignore[assignment]
    c, lo, hi = prescale(stats)
    benefit = scorer.d > 0
    scale = tiled(np.where(benefit, c, -c))
    shift = tiled(np.where(benefit, -lo, hi))
    span = tiled(hi - lo)

    def normalise(block: Float) -> Float:
        v, fold = folded(block)
        out: Float = np.multiply(v, scale[fold])
        out += shift[fold]
        out /= span[fold]
        if log:
            np.log1p(out, out=out)
        return out.reshape(block.shape)

    return normalise


def _fit(X: Float, scorer: Scorer) -> ColumnStats:
    if not scorer.state:
        return fit_stats(X)
    # sum of ln(n_ij + 1): the border; block by block, so no full-size temporary is made
    return fit_stats(X, transform=_normaliser(scorer, log=True))


def _empty(scorer: Scorer, k: int) -> ColumnStats:
    return ColumnStats.empty(k)


def _finalise(scorer: Scorer, stats: object) -> ColumnStats:
    stats = stage_stats(stats, scorer.criteria)
    if not scorer.state:
        for j in range(scorer.criteria):
            if stats.count[j] and not stats.max[j] > stats.min[j]:
                msg = "constant column (min = max): MABAC cannot scale it; drop the criterion"
                raise InvalidInputError(msg, field=criterion_label(j, scorer.names))
        check_stats(stats, "minmax", scorer.names)
    return stats


def _geomean(scorer: Scorer) -> Float:
    """``(prod_i (n_ij + 1)) ** (1/m)``: the border divided by the weight."""
    logs: ColumnStats = scorer.state[1]  # type: ignore[assignment]
    out: Float = np.exp(logs.sum / max(logs.n, 1))
    return out


def _plan(scorer: Scorer, w: Float) -> tuple[Float, Float, Float, Float]:
    """``(c, ref, g, add)`` with ``q_ij = w_j (n_ij + 1 - G_j) = (x_ij c_j - ref_j) g_j + add_j``.

    The border term ``w_j (1 - G_j)`` is added after scaling: folded into the
    reference point as ``lo_j - span_j (1 - G_j)`` it rounds away on a column
    whose range is a few ulps wide.
    """
    stats: ColumnStats = scorer.state[0]  # type: ignore[assignment]
    c, lo, hi = prescale(stats)
    span = hi - lo
    benefit = scorer.d > 0
    ref = np.where(benefit, lo, hi)
    return c, ref, np.where(benefit, w / span, -w / span), w * (1.0 - _geomean(scorer))


def _score(X: Float, scorer: Scorer) -> Float:
    c, ref, g, add = _plan(scorer, scorer.w)
    return affine_sum(X, c, ref, g, add=add)


def _contributions(X: Float, scorer: Scorer) -> tuple[Float, Float]:
    out = np.empty(X.shape)
    c, ref, g, add = _plan(scorer, scorer.w)
    return affine_sum(X, c, ref, g, add=add, out=out), out


def _unit(X: Float, scorer: Scorer) -> Float:
    """Distances at unit weights: scores of any weights ``W`` are ``unit @ W.T``."""
    out: Float = _normaliser(scorer, log=False)(X) + 1.0 - _geomean(scorer)
    return out


METHOD = Method(
    name="mabac",
    title="MABAC",
    reference=(
        "Pamucar, D. and Cirovic, G. (2015). The selection of transport and handling resources "
        "in logistics centers using Multi-Attributive Border Approximation area Comparison "
        "(MABAC). Expert Systems with Applications 42(6), 3016-3028."
    ),
    monotone=True,
    linear=True,
    additive=True,
    contribution_kind="q_ij = v_ij - g_j: distance from the border area; sums to the score",
    stages=2,
    min_rows=2,
    options=_options,
    fit=_fit,
    empty=_empty,
    finalise=_finalise,
    score=_score,
    contributions=_contributions,
    unit=_unit,
    sampled=linear_sampled,
)


def mabac(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    names: Sequence[str] | None = None,
) -> MabacResult:
    """MABAC: each alternative's distance from the border approximation area (step 2.3.3).

    .. versionadded:: 0.2.0

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, at least two alternatives, no constant column.
    weights : array_like, shape (n,)
        Normalised to sum to 1.
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1).
    names : sequence of str, optional
        Criterion names for error messages.

    Returns
    -------
    MabacResult
        ``scores`` (higher is better), the ``border`` per criterion and the
        ``distances`` ``q_ij`` whose rows sum to the scores.

    Raises
    ------
    InvalidInputError
        Bad shapes, weights or directions; a NaN or infinite cell; a constant
        column (named).

    Notes
    -----
    ``n_ij = (x_ij - min_j) / (max_j - min_j)`` (benefit) or
    ``(max_j - x_ij) / (max_j - min_j)`` (cost); ``v_ij = w_j (n_ij + 1)``;
    ``g_j = (prod_i v_ij)^(1/m)``; ``q_ij = v_ij - g_j``; ``S_i = sum_j q_ij``.
    Fitting takes two passes (the column ranges, then the sums of
    ``ln(n_ij + 1)`` that give the geometric means), both mergeable, so MABAC
    scores partitions alike (:class:`Scorer`). The score is linear in the
    weights.

    References
    ----------
    Pamucar, D. and Cirovic, G. (2015). The selection of transport and
    handling resources in logistics centers using Multi-Attributive Border
    Approximation area Comparison (MABAC). *Expert Systems with
    Applications*, 42(6), 3016-3028.

    Examples
    --------
    >>> r = mabac([[5.0, 3.0], [3.0, 1.0], [1.0, 2.0]], [0.6, 0.4], [1, -1])
    >>> r.scores.round(4).tolist(), r.border.round(4).tolist()
    ([0.1578, 0.2578, -0.2422], [0.8653, 0.5769])
    """
    scorer, X = fitted("mabac", matrix, weights, directions, names=names)
    distances = np.empty(X.shape)
    c, ref, g, add = _plan(scorer, scorer.w)
    scores = affine_sum(X, c, ref, g, add=add, out=distances)
    border = scorer.w * _geomean(scorer)
    return MabacResult(scores=scores, border=border, distances=distances)
