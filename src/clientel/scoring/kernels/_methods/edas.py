"""EDAS: evaluation based on the distances from the average solution."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import criterion_label
from clientel._internal.display import short_repr
from clientel.errors import InvalidInputError
from clientel.scoring.kernels._blocked import BLOCK, row_sums
from clientel.scoring.kernels._method import Method, known_options
from clientel.scoring.kernels._scorer import Scorer, fitted
from clientel.scoring.kernels._stats import ColumnStats, fit_stats, stage_stats

__all__ = ["METHOD", "EdasResult", "edas"]

Float = NDArray[np.float64]


@attrs.frozen(kw_only=True, eq=False, repr=False)
class EdasResult:
    """EDAS's appraisal scores and the distances they are built from.

    .. versionadded:: 0.2.0

    Attributes
    ----------
    scores : ndarray, shape (m,)
        Appraisal scores ``AS_i = (NSP_i + NSN_i) / 2`` in [0, 1], higher is better.
    average : ndarray, shape (n,)
        The average solution ``AV_j`` (column means).
    positive, negative : ndarray, shape (m,)
        Weighted sums of the positive and negative distances from the average,
        ``SP_i`` and ``SN_i``.
    """

    __repr__ = short_repr

    scores: Float
    average: Float
    positive: Float
    negative: Float


def _options(given: Mapping[str, Any], n: int, names: Sequence[str] | None) -> dict[str, Any]:
    known_options(given, "edas", ())
    return {}


def _average(scorer: Scorer) -> Float:
    stats: ColumnStats = scorer.state[0]  # type: ignore[assignment]
    out: Float = stats.sum / stats.n  # the column means (no exponent: refused as extreme)
    return out


def _distances(X: Float, scorer: Scorer, out: Float | None) -> tuple[Float, Float]:
    """``SP`` and ``SN`` of every row, blocked; ``w_j (PDA_ij - NDA_ij)`` into ``out``.

    Each block is worked on transposed (criteria x rows, in cache), so that the
    positive and negative parts of a row are added criterion by criterion from
    the left over contiguous rows (:func:`row_sums`): a row sums to the same bits
    in any block, alone or not. The cells are those of the row-major formula.
    """
    av = _average(scorer)
    shift, g = av[:, None], (scorer.w * scorer.d / av)[:, None]  # d_j (x - AV_j) / AV_j, weighted
    m, n = X.shape
    sp, sn = np.empty(m), np.empty(m)
    rows = min(BLOCK, m)
    vt, part, zero = np.empty((n, rows)), np.empty((n, rows)), np.zeros((n, rows))
    for start in range(0, m, BLOCK):  # blocks of rows that stay in cache
        stop = min(start + BLOCK, m)
        v, p, z = vt[:, : stop - start], part[:, : stop - start], zero[:, : stop - start]
        np.subtract(X[start:stop].T, shift, out=v)
        v *= g
        np.maximum(v, z, out=p)  # as np.maximum(v, 0.0), and faster (NaN kept, +0 for -0)
        row_sums(p.T, sp[start:stop])
        np.minimum(v, z, out=p)
        row_sums(p.T, sn[start:stop])
        if out is not None:
            np.copyto(out[start:stop], v.T)
    np.negative(sn, out=sn)
    sn += 0.0  # no negative zero
    return sp, sn


def _fit(X: Float, scorer: Scorer) -> ColumnStats:
    if not scorer.state:
        return fit_stats(X)
    return fit_stats(np.column_stack(_distances(X, scorer, None)))


def _empty(scorer: Scorer, k: int) -> ColumnStats:
    return ColumnStats.empty(k if not scorer.state else 2)


def _finalise(scorer: Scorer, stats: object) -> ColumnStats:
    k = 2 if scorer.state else scorer.criteria
    stats = stage_stats(stats, k)
    if scorer.state:
        return stats
    if stats.n < 1:
        raise InvalidInputError("expected at least 1 alternative", field="matrix")
    av = stats.sum / stats.n
    for j in range(k):
        if stats.exponent[j] or not (av[j] > 0 and np.isfinite(av[j])):
            msg = "EDAS divides by the column mean: it must be positive and of ordinary magnitude"
            raise InvalidInputError(msg, field=criterion_label(j, scorer.names),
                                    value=float(av[j]))  # fmt: skip
    return stats


def _appraisal(sp: Float, sn: Float, scorer: Scorer) -> Float:
    """``(SP / max SP + 1 - SN / max SN) / 2``; a zero maximum gives 0 (resp. 1)."""
    tops: ColumnStats = scorer.state[1]  # type: ignore[assignment]
    top_p, top_n = float(tops.max[0]), float(tops.max[1])
    out: Float = sp / top_p if top_p > 0 else np.zeros_like(sp)  # NSP, then AS in place
    if top_n > 0:
        nsn = sn / top_n
        np.subtract(1.0, nsn, out=nsn)
        out += nsn
    else:
        out += 1.0
    out /= 2.0
    return out


def _score(X: Float, scorer: Scorer) -> Float:
    return _appraisal(*_distances(X, scorer, None), scorer)


def _contributions(X: Float, scorer: Scorer) -> tuple[Float, Float]:
    out = np.empty(X.shape)
    return _appraisal(*_distances(X, scorer, out), scorer), out


METHOD = Method(
    name="edas",
    title="EDAS",
    reference=(
        "Keshavarz Ghorabaee, M., Zavadskas, E. K., Olfat, L. and Turskis, Z. (2015). "
        "Multi-criteria inventory classification using a new method of evaluation based on "
        "distance from average solution (EDAS). Informatica 26(3), 435-451."
    ),
    monotone=True,
    contribution_kind="w_j (PDA_ij - NDA_ij): weighted distance above (+) or below (-) the average",
    stages=2,
    options=_options,
    fit=_fit,
    empty=_empty,
    finalise=_finalise,
    score=_score,
    contributions=_contributions,
)


def edas(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    names: Sequence[str] | None = None,
) -> EdasResult:
    """EDAS appraisal scores: distances from the average solution (step 2.3.3).

    .. versionadded:: 0.2.0

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria; every column mean positive.
    weights : array_like, shape (n,)
        Normalised to sum to 1.
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1).
    names : sequence of str, optional
        Criterion names for error messages.

    Returns
    -------
    EdasResult
        ``scores`` in [0, 1] (higher is better), the ``average`` solution and
        the weighted distance sums ``positive`` (SP) and ``negative`` (SN).

    Raises
    ------
    InvalidInputError
        Bad shapes, weights or directions; a NaN or infinite cell; a column
        whose mean is not positive (named).

    Notes
    -----
    ``AV_j`` is the mean of column j; ``PDA_ij = max(0, d_j (x_ij - AV_j)) / AV_j``
    and ``NDA_ij = max(0, -d_j (x_ij - AV_j)) / AV_j``; ``SP_i = sum_j w_j PDA_ij``,
    ``SN_i = sum_j w_j NDA_ij``; ``NSP_i = SP_i / max SP``,
    ``NSN_i = 1 - SN_i / max SN``; ``AS_i = (NSP_i + NSN_i) / 2``. Where no
    alternative is above (below) the average on any criterion, ``NSP`` is 0
    (``NSN`` is 1) rather than 0 / 0. Fitting takes two mergeable passes (the
    column sums, then the largest SP and SN).

    References
    ----------
    Keshavarz Ghorabaee, M., Zavadskas, E. K., Olfat, L. and Turskis, Z.
    (2015). Multi-criteria inventory classification using a new method of
    evaluation based on distance from average solution (EDAS).
    *Informatica*, 26(3), 435-451.

    Examples
    --------
    >>> r = edas([[5.0, 3.0], [3.0, 1.0], [1.0, 2.0]], [0.6, 0.4], [1, -1])
    >>> r.scores.round(4).tolist(), r.average.tolist()
    ([0.75, 0.75, 0.0], [3.0, 2.0])
    """
    scorer, X = fitted("edas", matrix, weights, directions, names=names)
    sp, sn = _distances(X, scorer, None)
    return EdasResult(scores=_appraisal(sp, sn, scorer), average=_average(scorer),
                      positive=sp, negative=sn)  # fmt: skip
