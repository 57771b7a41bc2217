"""Missing data (barrier of step 2.3): per-criterion policies, score and rank intervals."""

from __future__ import annotations

import enum
from collections.abc import Sequence

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_directions, as_matrix, criterion_label
from clientel._internal.display import short_repr
from clientel.errors import InvalidInputError, MissingDataError
from clientel.scoring.kernels._dispatch import score_matrix
from clientel.scoring.kernels._normalise import fit_stats

__all__ = ["MissingPolicy", "MissingResult", "score_with_missing"]

Float = NDArray[np.float64]
_MONOTONE = ("weighted_sum", "weighted_product", "topsis")


class MissingPolicy(enum.Enum):
    """What to do with a missing value of a criterion.

    RAISE (default) refuses; EXCLUDE drops the alternative; NEUTRAL fills the
    mean of the observed values; BOUNDS scores the alternative at the worst and
    at the best plausible value, giving a score interval and a rank interval.
    """

    RAISE = "raise"
    EXCLUDE = "exclude"
    NEUTRAL = "neutral"
    BOUNDS = "bounds"


@attrs.frozen(kw_only=True, eq=False, repr=False)
class MissingResult:
    """Scores with missing data handled.

    Attributes
    ----------
    kept : ndarray of bool
        Alternatives scored (False: excluded by an EXCLUDE policy).
    score, low, high : ndarray
        Point score (missing BOUNDS cells at the observed mean) and the scores
        with every missing BOUNDS cell at its worst and at its best value
        (equal to ``score`` where nothing is missing). Excluded rows hold NaN.
    best_rank, worst_rank : ndarray of int
        The best and worst rank each kept alternative can take, whatever the
        missing values turn out to be (0 for excluded rows).
    """

    __repr__ = short_repr

    kept: NDArray[np.bool_]
    score: Float
    low: Float
    high: Float
    best_rank: NDArray[np.intp]
    worst_rank: NDArray[np.intp]


def _policies(policies: MissingPolicy | Sequence[MissingPolicy], n: int) -> list[MissingPolicy]:
    out = [policies] * n if isinstance(policies, MissingPolicy) else list(policies)
    if len(out) != n or not all(isinstance(p, MissingPolicy) for p in out):
        raise InvalidInputError(f"expected {n} MissingPolicy values", field="policies")
    return out


def score_with_missing(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    method: str = "weighted_sum",
    *,
    policies: MissingPolicy | Sequence[MissingPolicy] = MissingPolicy.RAISE,
    bounds: ArrayLike | None = None,
    names: Sequence[str] | None = None,
    row_names: Sequence[str] | None = None,
    tol: float = 1e-9,
) -> MissingResult:
    """Score a matrix with NaN cells under per-criterion missing-data policies.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        NaN marks a missing value.
    policies : MissingPolicy or sequence of MissingPolicy
        One per criterion (or one for all).
    bounds : array_like, shape (n, 2), optional
        Plausible (low, high) raw value per criterion for BOUNDS; by default the
        observed minimum and maximum of the column.
    method : {"weighted_sum", "weighted_product", "topsis"}
        Methods that are monotone in each criterion once the statistics are
        fixed, so the worst and best fills give exact score bounds.

    Notes
    -----
    The statistics (min, max, norms) are fitted once on the matrix filled both
    ways, so the low and high scores share one scale. An alternative's best
    rank counts the others whose *low* score beats its *high* score; its worst
    rank counts those whose *high* score beats its *low* score.

    Examples
    --------
    Two clients known on both criteria, one with an unknown IT budget:

    >>> r = score_with_missing([[0.9, 5.0], [0.2, 1.0], [0.5, float("nan")]],
    ...                        [0.5, 0.5], policies=MissingPolicy.BOUNDS)
    >>> r.low.round(3).tolist(), r.high.round(3).tolist()
    ([1.0, 0.0, 0.214], [1.0, 0.0, 0.714])
    >>> r.best_rank.tolist(), r.worst_rank.tolist()
    ([1, 3, 2], [1, 3, 2])
    """
    X = as_matrix(matrix, names=names, allow_nan=True)
    m, n = X.shape
    d = as_directions(directions, n)
    pol = _policies(policies, n)
    missing = np.isnan(X)
    kept = np.ones(m, dtype=bool)
    for j, p in enumerate(pol):
        if p is MissingPolicy.RAISE and missing[:, j].any():
            i = int(np.argmax(missing[:, j]))
            row = repr(row_names[i]) if row_names is not None else f"row {i}"
            msg = "missing value and the criterion's policy is RAISE"
            raise MissingDataError(msg, field=f"{row}, {criterion_label(j, names)}")
        if p is MissingPolicy.EXCLUDE:
            kept &= ~missing[:, j]
    if not kept.any():
        raise InvalidInputError("every alternative was excluded for missing data", field="matrix")
    uses_bounds = any(p is MissingPolicy.BOUNDS for p in pol) and missing[kept].any()
    if uses_bounds and method not in _MONOTONE:
        msg = f"BOUNDS intervals need a monotone method, one of {_MONOTONE}"
        raise InvalidInputError(msg, field="method", value=method)
    Xk = X[kept]
    observed = np.where(np.isnan(Xk), np.nan, Xk)
    with np.errstate(invalid="ignore"):
        col_mean = np.nanmean(observed, axis=0)
        col_min = np.nanmin(observed, axis=0)
        col_max = np.nanmax(observed, axis=0)
    lo_b, hi_b = col_min, col_max
    if bounds is not None:
        b = np.asarray(bounds, dtype=np.float64)
        if b.shape != (n, 2) or not np.isfinite(b).all() or (b[:, 0] > b[:, 1]).any():
            raise InvalidInputError("expected (n, 2) finite (low, high) bounds", field="bounds")
        lo_b, hi_b = b[:, 0], b[:, 1]
    worst = np.where(d > 0, lo_b, hi_b)
    best = np.where(d > 0, hi_b, lo_b)
    miss_k = np.isnan(Xk)
    for j in range(n):
        if miss_k[:, j].all():
            msg = "no observed value to fill from"
            raise MissingDataError(msg, field=criterion_label(j, names))
    point = np.where(miss_k, col_mean, Xk)
    low_fill = np.where(miss_k, worst, Xk)
    high_fill = np.where(miss_k, best, Xk)
    stats = fit_stats(low_fill).merge(fit_stats(high_fill))
    opts = {"stats": stats} if method in {"weighted_sum", "topsis"} else {}
    s_point = score_matrix(point, weights, d, method, names=names, **opts)
    if uses_bounds:
        s_low = score_matrix(low_fill, weights, d, method, names=names, **opts)
        s_high = score_matrix(high_fill, weights, d, method, names=names, **opts)
    else:
        s_low = s_high = s_point
    if method == "vikor":  # lower is better: express bounds as better/worse scores
        s_low, s_high = s_high, s_low
    scale = tol * np.maximum(1.0, np.abs(s_high))
    sorted_low = np.sort(s_low)
    sorted_high = np.sort(s_high)
    beats_best = len(s_low) - np.searchsorted(sorted_low, s_high + scale, side="right")
    beats_worst = len(s_high) - np.searchsorted(sorted_high, s_low + scale, side="right")
    self_in_worst = (s_high > s_low + scale).astype(np.intp)
    best_rank = 1 + beats_best
    worst_rank = 1 + beats_worst - self_in_worst
    full = np.full(m, np.nan)
    score, low, high = full.copy(), full.copy(), full.copy()
    score[kept], low[kept], high[kept] = s_point, s_low, s_high
    br = np.zeros(m, dtype=np.intp)
    wr = np.zeros(m, dtype=np.intp)
    br[kept], wr[kept] = best_rank, worst_rank
    return MissingResult(kept=kept, score=score, low=low, high=high, best_rank=br, worst_rank=wr)
