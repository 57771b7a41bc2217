"""COPRAS: complex proportional assessment (relative significance and utility degree)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.display import short_repr
from clientel.errors import InvalidInputError
from clientel.scoring.kernels._blocked import BLOCK, row_sums
from clientel.scoring.kernels._method import Method, known_options
from clientel.scoring.kernels._normalise import check_stats, prescale
from clientel.scoring.kernels._scorer import Scorer, fitted
from clientel.scoring.kernels._stats import ColumnStats, fit_stats, stage_stats

__all__ = ["METHOD", "CoprasResult", "copras"]

Float = NDArray[np.float64]


@attrs.frozen(kw_only=True, eq=False, repr=False)
class CoprasResult:
    """COPRAS's measures (all higher-is-better but ``minimising``).

    .. versionadded:: 0.2.0

    Attributes
    ----------
    utility : ndarray, shape (m,)
        Utility degree ``N_i = Q_i / max Q`` in (0, 1] (papers print it in %).
    significance : ndarray, shape (m,)
        Relative significance ``Q_i``.
    maximising, minimising : ndarray, shape (m,)
        ``S+_i`` and ``S-_i``: sums of the weighted sum-normalised values of
        the benefit and of the cost criteria.
    """

    __repr__ = short_repr

    utility: Float
    significance: Float
    maximising: Float
    minimising: Float


def _options(given: Mapping[str, Any], n: int, names: Sequence[str] | None) -> dict[str, Any]:
    known_options(given, "copras", ())
    return {}


def _sums(
    X: Float, scorer: Scorer, out: Float | None, *, benefit: bool = True
) -> tuple[Float, Float]:
    """``S+`` and ``S-`` of every row, blocked; the signed ``d_ij`` into ``out``.

    Each block is worked on transposed (criteria x rows, in cache), so that a
    row's ``d_ij`` are added criterion by criterion from the left over
    contiguous rows (:func:`row_sums`), the order ``np.add.reduce`` takes on a
    copy of those columns. ``benefit=False`` forms only the cost criteria's
    ``d_ij`` and leaves ``S+`` unset (the fit stage of the ``S-`` sums).
    """
    stats: ColumnStats = scorer.state[0]  # type: ignore[assignment]
    c = prescale(stats)[0]
    g = c * (scorer.w / stats.sum)  # d_ij = w_j x_ij / sum_i x_ij (sums of scaled values)
    cost = scorer.d < 0
    benefit_cols = np.flatnonzero(~cost).tolist() if benefit else []
    cost_cols = np.flatnonzero(cost).tolist()
    m, n = X.shape
    plus, minus = np.empty(m), np.empty(m)
    vt = np.empty((n, min(BLOCK, m)))
    for start in range(0, m, BLOCK):  # blocks of rows that stay in cache
        stop = min(start + BLOCK, m)
        v = vt[:, : stop - start]
        if benefit:
            np.multiply(X[start:stop].T, g[:, None], out=v)
            row_sums(v.T, plus[start:stop], benefit_cols)
        else:
            for j in cost_cols:  # criteria, not rows
                np.multiply(X[start:stop, j], g[j], out=v[j])
        row_sums(v.T, minus[start:stop], cost_cols)
        if out is not None:
            for j in cost_cols:
                v[j] *= -1.0
            np.copyto(out[start:stop], v.T)
    return plus, minus


def _refuse_zero(minus: Float, scorer: Scorer) -> None:
    if _has_cost(scorer) and not (minus > 0).all():
        i = int(np.argmax(~(minus > 0)))
        msg = "every cost criterion is 0: COPRAS divides by the sum S- of the cost criteria"
        raise InvalidInputError(msg, field=f"row {i}", value=float(minus[i]))


def _significance(plus: Float, minus: Float, scorer: Scorer) -> Float:
    """``Q_i = S+_i + sum_k S-_k / (S-_i sum_k 1 / S-_k)`` (``S+_i`` without cost criteria)."""
    if not _has_cost(scorer):
        return plus
    _refuse_zero(minus, scorer)
    inv: ColumnStats = scorer.state[1]  # type: ignore[assignment]
    total, total_inv = float(inv.sum[0]), float(inv.sum_inv[0])  # type: ignore[index]
    out: Float = minus * total_inv  # plus + total / (minus * total_inv), in one new array
    np.divide(total, out, out=out)
    out += plus
    return out


def _fit(X: Float, scorer: Scorer) -> ColumnStats:
    if not scorer.state:
        return fit_stats(X)
    if len(scorer.state) == 1:
        minus = _sums(X, scorer, None, benefit=False)[1]
        _refuse_zero(minus, scorer)
        return fit_stats(minus[:, None], inverse=_has_cost(scorer))
    return fit_stats(_significance(*_sums(X, scorer, None), scorer)[:, None])


def _has_cost(scorer: Scorer) -> bool:
    return bool((scorer.d < 0).any())


def _empty(scorer: Scorer, k: int) -> ColumnStats:
    if not scorer.state:
        return ColumnStats.empty(k)
    return ColumnStats.empty(1, inverse=len(scorer.state) == 1 and _has_cost(scorer))


def _finalise(scorer: Scorer, stats: object) -> ColumnStats:
    stats = stage_stats(stats, 1 if scorer.state else scorer.criteria)
    if not scorer.state:
        check_stats(stats, "sum", scorer.names)  # non-negative, no all-zero column
    elif len(scorer.state) == 1 and _has_cost(scorer) and stats.sum_inv is None:
        raise InvalidInputError("statistics fitted without inverse=True", field="stats")
    elif len(scorer.state) == 2 and not stats.max[0] > 0:
        raise InvalidInputError("no alternative has a positive significance", field="matrix")
    return stats


def _utility(X: Float, scorer: Scorer, out: Float | None) -> tuple[Float, Float, Float, Float]:
    plus, minus = _sums(X, scorer, out)
    q = _significance(plus, minus, scorer)
    top: ColumnStats = scorer.state[2]  # type: ignore[assignment]
    return q / float(top.max[0]), q, plus, minus


def _score(X: Float, scorer: Scorer) -> Float:
    return _utility(X, scorer, None)[0]


def _contributions(X: Float, scorer: Scorer) -> tuple[Float, Float]:
    out = np.empty(X.shape)
    return _utility(X, scorer, out)[0], out


METHOD = Method(
    name="copras",
    title="COPRAS",
    reference=(
        "Zavadskas, E. K., Kaklauskas, A. and Sarka, V. (1994). The new method of "
        "multicriteria complex proportional assessment of projects. Technological and "
        "Economic Development of Economy 1(3), 131-139; Zavadskas, E. K., Kaklauskas, A., "
        "Peldschus, F. and Turskis, Z. (2007). Multi-attribute assessment of road design "
        "solutions by using the COPRAS method. The Baltic Journal of Road and Bridge "
        "Engineering 2(4), 195-203."
    ),
    monotone=True,
    contribution_kind="w_j x_ij / sum_i x_ij: + in S+ (benefit), - in S- (cost)",
    stages=3,
    options=_options,
    fit=_fit,
    empty=_empty,
    finalise=_finalise,
    score=_score,
    contributions=_contributions,
)


def copras(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    names: Sequence[str] | None = None,
) -> CoprasResult:
    """COPRAS relative significance and utility degree (step 2.3.3).

    .. versionadded:: 0.2.0

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, non-negative, no all-zero column, and every
        alternative with a positive value on some cost criterion.
    weights : array_like, shape (n,)
        Normalised to sum to 1.
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1).
    names : sequence of str, optional
        Criterion names for error messages.

    Returns
    -------
    CoprasResult
        ``utility`` (the method's score, higher is better), ``significance``
        ``Q`` and the sums ``maximising`` (S+) and ``minimising`` (S-).

    Raises
    ------
    InvalidInputError
        Bad shapes, weights or directions; a negative value or an all-zero
        column (named); an alternative whose cost criteria are all 0 (named:
        its ``S-`` is 0).

    Notes
    -----
    ``d_ij = w_j x_ij / sum_k x_kj``; ``S+_i`` sums ``d_ij`` over the benefit
    criteria and ``S-_i`` over the cost criteria;
    ``Q_i = S+_i + (S-_min sum_k S-_k) / (S-_i sum_k S-_min / S-_k)``, which is
    ``S+_i + sum_k S-_k / (S-_i sum_k 1 / S-_k)``; ``N_i = Q_i / Q_max``. With no
    cost criterion the second term is absent and ``Q_i = S+_i``. Fitting takes
    three mergeable passes (column sums; the sums of ``S-`` and ``1/S-``; the
    largest ``Q``). pymcdm 1.2's ``COPRAS`` computes ``Q_i = S+_i + S-_i``
    instead and gives other values.

    References
    ----------
    Zavadskas, E. K., Kaklauskas, A. and Sarka, V. (1994). The new method of
    multicriteria complex proportional assessment of projects. *Technological
    and Economic Development of Economy*, 1(3), 131-139.

    Examples
    --------
    >>> r = copras([[5.0, 3.0], [3.0, 1.0], [1.0, 2.0]], [0.6, 0.4], [1, -1])
    >>> r.utility.round(4).tolist()
    [0.971, 1.0, 0.4203]
    """
    scorer, X = fitted("copras", matrix, weights, directions, names=names)
    utility, q, plus, minus = _utility(X, scorer, None)
    return CoprasResult(utility=utility, significance=q, maximising=plus, minimising=minus)
