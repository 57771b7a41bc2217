"""Account-health arithmetic over many accounts x periods at once (steps 2.4.8, 2.7.2, 2.7.5).

Every function works on arrays whose last axis is the periods in time order
(oldest first) and whose leading axes are accounts (and measures); none loops
over accounts or periods in Python.

* :func:`health_points`: measure values on their scales to 0-100 points.
* :func:`health_composite`: weighted points per account and period, weights
  renormalised over the measures present.
* :func:`band_index`: which of an ordered run of bands each value falls in, each
  band end inclusive or exclusive as stated.
* :func:`time_weights` and :func:`time_weighted`: the linear recency weights of
  ERPNext's supplier scorecard and the averages they give.
* :func:`trend_slope`, :func:`rolling_slope`, :func:`trend_turns`,
  :func:`band_changes`: least-squares slopes, rolling slopes over a window, the
  periods where a slope changes sign, the periods where a band changes.
* :func:`weighted_rollup`: weighted means of member rows per group (segments).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_count, as_flags, as_floats, as_ints, as_number
from clientel._internal.limits import MAX_PERIODS, check_count
from clientel.errors import (
    BandError,
    InvalidInputError,
    MissingDataError,
    ScaleError,
    WeightSumError,
)

__all__ = [
    "DEFAULT_HORIZON",
    "WEIGHT_TOLERANCE",
    "band_changes",
    "band_index",
    "health_composite",
    "health_points",
    "rolling_slope",
    "scale_violation",
    "time_weighted",
    "time_weights",
    "trend_slope",
    "trend_turns",
    "weighted_rollup",
]

Float = NDArray[np.float64]
Index = NDArray[np.intp]
Bool = NDArray[np.bool_]

#: ERPNext's default: linear weights over the previous 12 scoring periods.
DEFAULT_HORIZON = 12
#: How far measure weights may sum from 1 (floating-point input such as 0.1 + 0.2).
WEIGHT_TOLERANCE = 1e-9


def _at_least_1d(values: ArrayLike, field: str) -> Float:
    """Numbers with at least one axis (the last: measures or periods), else named."""
    out = as_floats(values, field)
    if out.ndim == 0:
        raise InvalidInputError("expected an array (the last axis: measures or periods)",
                                field=field)  # fmt: skip
    return out


def _at_least_1d_ints(values: ArrayLike, field: str) -> NDArray[np.int64]:
    out = as_ints(values, field)
    if out.ndim == 0:
        raise InvalidInputError("expected an array (the last axis: periods)", field=field)
    return out


def _one_per_measure(values: Float, **columns: NDArray[Any]) -> None:
    for name, column in columns.items():
        if column.ndim != 1 or column.shape != values.shape[-1:]:
            msg = "expected one value per measure (the last axis of values)"
            raise InvalidInputError(msg, field=name, value=column.shape)


def _position(flat: int, shape: tuple[int, ...]) -> str:
    return ", ".join(str(int(i)) for i in np.unravel_index(flat, shape))


def scale_violation(values: ArrayLike, low: ArrayLike, high: ArrayLike) -> tuple[int, ...] | None:
    """The index of the first value outside ``[low, high]`` (broadcast over the last axis), or None.

    NaN (a missing value) is never a violation; an infinite value always is.

    Examples
    --------
    >>> scale_violation([[0.5, 3.0], [1.0, 9.0]], [0, 1], [1, 5])
    (1, 1)
    >>> scale_violation([[0.5, float("nan")]], [0, 1], [1, 5]) is None
    True
    """
    v = np.asarray(values, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        bad = (v < np.asarray(low)) | (v > np.asarray(high)) | np.isinf(v)
    if not bad.any():
        return None
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), bad.shape))


def health_points(
    values: ArrayLike, low: ArrayLike, high: ArrayLike, higher_is_better: ArrayLike
) -> Float:
    """Measure values on their scales as 0-100 points, 100 the best end (NaN stays missing).

    Parameters
    ----------
    values : array_like, shape (..., M)
        One column per measure; NaN where a value is missing.
    low, high : array_like, shape (M,)
        Each measure's scale, ``low < high``.
    higher_is_better : array_like of bool, shape (M,)
        False for measures where less is better (escalations, days overdue).

    Returns
    -------
    ndarray, shape (..., M)
        ``100 (v - low) / (high - low)``, or ``100 (high - v) / (high - low)``
        where less is better.

    Raises
    ------
    ScaleError
        A value outside its measure's scale (its index named).
    InvalidInputError
        A scale with ``low >= high`` or not finite.

    Examples
    --------
    >>> health_points([[99.5, 2.0]], [90, 0], [100, 10], [True, False])
    array([[95., 80.]])
    """
    v = _at_least_1d(values, "values")
    lo, hi = as_floats(low, "low"), as_floats(high, "high")
    up = as_flags(higher_is_better, "higher_is_better")
    _one_per_measure(v, low=lo, high=hi, higher_is_better=up)
    if not (np.isfinite(lo).all() and np.isfinite(hi).all() and (lo < hi).all()):
        raise InvalidInputError("expected finite scales with low < high", field="low, high")
    bad = scale_violation(v, lo, hi)
    if bad is not None:
        msg = "value outside its measure's scale"
        raise ScaleError(msg, field=f"values[{', '.join(map(str, bad))}]", value=float(v[bad]))
    frac = (v - lo) / (hi - lo)
    out: Float = 100.0 * np.where(up, frac, 1.0 - frac)
    return out


def health_composite(points: ArrayLike, weights: ArrayLike) -> tuple[Float, Float]:
    """Weighted health score per account and period, and the share of weight observed.

    Parameters
    ----------
    points : array_like, shape (..., M)
        0-100 points per measure (from :func:`health_points`), NaN where missing.
    weights : array_like, shape (M,)
        Measure weights, each > 0, summing to 1 (within :data:`WEIGHT_TOLERANCE`).

    Returns
    -------
    score, coverage : ndarray, shape (...)
        ``score = sum_m w_m x_m / sum_m w_m`` over the measures present (the
        weights renormalised over them; never outside the lowest and highest
        points present, whatever the rounding) and ``coverage = sum_m w_m`` over them.

    Raises
    ------
    WeightSumError
        Weights that do not sum to 1, or a weight <= 0.
    MissingDataError
        A cell with no measure at all (its index named).

    Examples
    --------
    >>> score, cover = health_composite([[80.0, 40.0], [80.0, float("nan")]], [0.75, 0.25])
    >>> score.tolist(), cover.tolist()
    ([70.0, 80.0], [1.0, 0.75])
    """
    x = _at_least_1d(points, "points")
    w = as_floats(weights, "weights")
    if w.ndim != 1 or x.shape[-1:] != w.shape:
        raise InvalidInputError("expected one weight per measure", field="weights", value=w.shape)
    if not np.isfinite(w).all() or (w <= 0).any():
        raise WeightSumError("expected weights > 0", field="weights", value=w.tolist())
    total = float(w.sum())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise WeightSumError("expected weights that sum to 1", field="weights", value=total)
    seen = ~np.isnan(x)
    num, coverage = np.zeros(x.shape[:-1]), np.zeros(x.shape[:-1])
    low, high = np.full(x.shape[:-1], np.nan), np.full(x.shape[:-1], np.nan)
    for m in range(w.size):  # a few measures: one pass over each column beats a reduction
        col, has = x[..., m], seen[..., m]  # along a short last axis
        num += np.where(has, col, 0.0) * w[m]
        coverage += has * w[m]
        np.fmin(low, col, out=low)  # fmin/fmax skip NaN
        np.fmax(high, col, out=high)
    if (coverage == 0).any():
        where = _position(int(np.argmax(coverage == 0)), coverage.shape)
        raise MissingDataError("no measure observed", field=f"points[{where}]")
    # a weighted mean lies within its values; rounding may not take it out (all 100 -> 100)
    score: Float = np.clip(num / coverage, low, high)
    return score, coverage


def band_index(
    values: ArrayLike,
    lower: ArrayLike,
    upper: ArrayLike,
    lower_inclusive: ArrayLike,
    upper_inclusive: ArrayLike,
) -> Index:
    """Which band each value falls in (0 = first band), -1 where the value is NaN.

    The bands are one contiguous run, in order, without gaps or overlaps (as
    :class:`clientel.planning.ColourScheme` checks); each end is inclusive or
    exclusive as stated, so a value on a boundary belongs to the band that
    includes it.

    Parameters
    ----------
    values : array_like
        The values to place, any shape (NaN: missing).
    lower, upper : array_like, shape (B,)
        The bands' ends, in order.
    lower_inclusive, upper_inclusive : array_like of bool, shape (B,)
        Whether each band holds its lower and its upper end.

    Returns
    -------
    ndarray of int, shape of ``values``
        Each value's band, 0 for the first; -1 where the value is NaN.

    Raises
    ------
    ScaleError
        A value outside the run (below the first band or above the last, or on
        an excluded outer end).
    BandError
        Bands that are not one contiguous run.

    Examples
    --------
    Red ``[0, 50)``, amber ``[50, 75)``, green ``[75, 100]``:

    >>> band_index([49.9, 50, 75, 100, float("nan")], [0, 50, 75], [50, 75, 100],
    ...            [True, True, True], [False, False, True]).tolist()
    [0, 1, 2, 2, -1]
    """
    v = as_floats(values, "values")
    lo, hi = as_floats(lower, "lower"), as_floats(upper, "upper")
    lo_in, hi_in = (
        as_flags(lower_inclusive, "lower_inclusive"),
        as_flags(upper_inclusive, "upper_inclusive"),
    )
    if lo.ndim != 1 or lo.size == 0 or hi.shape != lo.shape:
        raise BandError("expected one contiguous run of bands", field="lower, upper")
    if lo_in.shape != lo.shape or hi_in.shape != lo.shape:
        raise BandError("expected one flag per band", field="inclusive")
    if not (lo[1:] == hi[:-1]).all() or not (lo < hi).all():
        raise BandError("expected one contiguous run of bands", field="lower, upper")
    if (lo_in[1:] == hi_in[:-1]).any():
        raise BandError("each inner boundary must belong to exactly one band", field="inclusive")
    if v.size and _off_the_run(v, lo[0], hi[-1], bool(lo_in[0]), bool(hi_in[-1])):
        with np.errstate(invalid="ignore"):
            below = (v < lo[0]) | ((v == lo[0]) & ~lo_in[0])
            outside = below | (v > hi[-1]) | ((v == hi[-1]) & ~hi_in[-1])
        flat = int(np.argmax(outside))
        msg = f"value outside the bands [{lo[0]:g}, {hi[-1]:g}]"
        where = _position(flat, v.shape)
        raise ScaleError(msg, field=f"values[{where}]", value=float(v.flat[flat]))
    inner = hi[:-1]
    if not inner.size:
        out: Index = np.zeros(v.shape, np.intp)
    elif hi_in[:-1].all() or lo_in[1:].all():  # every inner boundary owned the same way
        out = np.searchsorted(inner, v, side="left" if hi_in[:-1].all() else "right")
    else:
        i = np.searchsorted(inner, v, side="left")  # boundaries strictly below v (NaN: all)
        j = np.minimum(i, inner.size - 1)
        out = i + ((i < inner.size) & (v == inner[j]) & ~hi_in[:-1][j])
    nan = np.isnan(v)
    if nan.any():
        out = np.where(nan, -1, out)
    return np.asarray(out, dtype=np.intp)


def _off_the_run(v: Float, low: float, high: float, low_in: bool, high_in: bool) -> bool:
    """Whether any value lies outside ``low .. high`` (ends as stated), by two reductions;
    NaN is ignored (``fmin``/``fmax`` skip it)."""
    vmin, vmax = float(np.fmin.reduce(v, axis=None)), float(np.fmax.reduce(v, axis=None))
    return (
        vmin < low or (vmin == low and not low_in) or vmax > high or (vmax == high and not high_in)
    )


def time_weights(periods: int, horizon: int = DEFAULT_HORIZON) -> Float:
    """Recency weights for ``periods`` periods, oldest first, summing to 1.

    ERPNext's supplier scorecard weighs the score of the period ``k`` periods
    before the latest by ``max(0, min(1, (H - k) / H))`` (its default
    ``weighting_function`` with ``H = 12``): the latest period counts fully,
    each older one ``1/H`` less, and periods ``H`` or more back not at all.
    Normalised here so that the weights sum to 1.

    Parameters
    ----------
    periods : int
        Number of periods (>= 1).
    horizon : int
        ``H``, the number of periods that count (>= 1); 12 by default.

    Returns
    -------
    ndarray, shape (periods,)
        The weights, oldest period first, summing to 1.

    Raises
    ------
    InvalidInputError
        ``periods`` or ``horizon`` below 1 or not whole.

    References
    ----------
    Frappe Technologies, ERPNext, ``erpnext/buying/doctype/supplier_scorecard``:
    ``supplier_scorecard.json`` (the default ``weighting_function``
    ``{total_score} * max( 0, min ( 1 , (12 - {period_number}) / 12) )``) and
    ``supplier_scorecard.py`` (``calculate_total_score``: periods newest
    first, ``period_number`` 0 for the latest, score ``100 * sum f(score_k, k) /
    sum f(100, k)``); the user manual's "Supplier Scorecard" page: "The default
    formula is linearly weight over the previous 12 scoring periods".

    Examples
    --------
    >>> time_weights(4, horizon=4).tolist()
    [0.1, 0.2, 0.3, 0.4]
    >>> time_weights(3, horizon=12).round(4).tolist()
    [0.303, 0.3333, 0.3636]
    """
    for name, n in (("periods", periods), ("horizon", horizon)):
        check_count(n, name, limit="MAX_PERIODS", maximum=MAX_PERIODS)
    age = np.arange(periods - 1, -1, -1, dtype=np.float64)  # 0 for the latest
    raw = np.clip((horizon - age) / horizon, 0.0, 1.0)
    out: Float = raw / raw.sum()
    return out


def time_weighted(scores: ArrayLike, weights: ArrayLike) -> Float:
    """``sum_p w_p s_p`` along the last axis (periods, oldest first).

    Parameters
    ----------
    scores : array_like, shape (..., P)
        Scores per period, oldest first.
    weights : array_like, shape (P,)
        Recency weights (:func:`time_weights`).

    Returns
    -------
    ndarray, shape (...)
        ``sum_p weights_p scores_p`` along the last axis.

    Examples
    --------
    >>> time_weighted([[60.0, 80.0], [50.0, 50.0]], time_weights(2, horizon=2)).round(4).tolist()
    [73.3333, 50.0]
    """
    s = _at_least_1d(scores, "scores")
    w = as_floats(weights, "weights")
    if w.ndim != 1 or s.shape[-1:] != w.shape:
        raise InvalidInputError("expected one weight per period", field="weights", value=w.shape)
    out: Float = s @ w
    return out


def _centred(n: int) -> Float:
    x = np.arange(n, dtype=np.float64)
    out: Float = x - x.mean()
    return out


def trend_slope(values: ArrayLike) -> Float:
    """Least-squares slope of each row against the period index 0, 1, ..., P-1 (per period).

    ``b = sum_p (p - pbar)(y_p - y_0) / sum_p (p - pbar)^2``, along the last axis (the
    usual formula: ``sum_p (p - pbar) = 0``, so subtracting the first value instead of
    the mean changes nothing but makes the slope of a constant row exactly 0).

    Parameters
    ----------
    values : array_like, shape (..., P)
        Values per period, oldest first, at least two periods.

    Returns
    -------
    ndarray, shape (...)
        The slope of each row, in units per period.

    Raises
    ------
    InvalidInputError
        Fewer than two periods.

    Examples
    --------
    >>> trend_slope([[70.0, 72.0, 74.0], [50.0, 50.0, 50.0], [3.0, 1.0, 2.0]]).tolist()
    [2.0, 0.0, -0.5]
    """
    y = as_floats(values, "values")
    if y.ndim == 0 or y.shape[-1] < 2:
        raise InvalidInputError("a slope needs at least two periods", field="values")
    x = _centred(y.shape[-1])
    out: Float = (y - y[..., :1]) @ x / (x @ x)  # a constant row gives exactly 0
    return out


def rolling_slope(values: ArrayLike, window: int) -> Float:
    """Least-squares slope over each run of ``window`` consecutive periods (last axis).

    Parameters
    ----------
    values : array_like, shape (..., P)
        Values per period, oldest first.
    window : int
        Periods in each slope, 2 to P.

    Returns
    -------
    ndarray, shape (..., P - window + 1)
        Entry ``t`` is the slope over periods ``t .. t + window - 1``.

    Raises
    ------
    InvalidInputError
        ``window`` below 2 or above the number of periods.

    Examples
    --------
    >>> rolling_slope([1.0, 2.0, 3.0, 2.0, 1.0], 3).tolist()
    [1.0, 0.0, -1.0]
    """
    y = as_floats(values, "values")
    n = y.shape[-1] if y.ndim else 0
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or not 2 <= window <= n:
        msg = f"expected a whole window of 2..{n} periods"
        raise InvalidInputError(msg, field="window", value=window)
    x = _centred(int(window))
    runs = sliding_window_view(y, int(window), axis=-1)
    out: Float = (runs - runs[..., :1]) @ x / (x @ x)  # a constant run gives exactly 0
    return out


def _previous(values: NDArray[np.int64], known: Bool) -> tuple[NDArray[np.int64], Bool]:
    """Per position, the latest known value strictly before it along the last axis, and
    whether there is one (the value is 0 where there is none)."""
    if known.shape[-1] == 0:
        return np.zeros(known.shape, np.int64), np.zeros(known.shape, bool)
    pos = np.where(known, np.arange(known.shape[-1]), -1)
    last = np.maximum.accumulate(pos, axis=-1)
    before = np.concatenate([np.full((*last.shape[:-1], 1), -1), last[..., :-1]], axis=-1)
    picked = np.take_along_axis(values, np.maximum(before, 0), axis=-1)
    has: Bool = before >= 0
    return np.where(has, picked, 0), has


def trend_turns(slopes: ArrayLike, tolerance: float = 0.0) -> Bool:
    """Where a slope's sign turns: up after down or down after up (last axis).

    A slope within ``tolerance`` of 0 is flat and has no sign; a turn compares
    a signed slope with the latest signed slope before it, so up, flat, down
    is one turn (at the first down) and up, flat, up none.

    Parameters
    ----------
    slopes : array_like, shape (..., T)
        Slopes in time order (:func:`rolling_slope`).
    tolerance : float
        Slopes within this of 0 are flat.

    Returns
    -------
    ndarray of bool, shape of ``slopes``
        True where the trend turned.

    Raises
    ------
    InvalidInputError
        A negative or non-finite tolerance, or a slope that is not finite.

    Examples
    --------
    >>> trend_turns([1.0, 0.5, 0.0, -0.2, -1.0, 0.3]).tolist()
    [False, False, False, True, False, True]
    >>> bool(trend_turns([0.1, -0.1, 0.1], tolerance=0.5).any())
    False
    """
    tolerance = as_number(tolerance, "tolerance", finite=False)
    s = _at_least_1d(slopes, "slopes")
    if not (np.isfinite(tolerance) and tolerance >= 0):
        raise InvalidInputError("expected a finite tolerance >= 0", field="tolerance",
                                value=tolerance)  # fmt: skip
    if not np.isfinite(s).all():
        raise InvalidInputError("expected finite slopes", field="slopes")
    sign = np.where(s > tolerance, 1, np.where(s < -tolerance, -1, 0)).astype(np.int64)
    prev, has = _previous(sign, sign != 0)
    out: Bool = (sign != 0) & has & (sign != prev)
    return out


def band_changes(index: ArrayLike) -> Bool:
    """Where a band index differs from the latest known one before it (-1 = missing, skipped).

    Parameters
    ----------
    index : array_like of int, shape (..., P)
        Band positions per period (:func:`band_index`), -1 where missing.

    Returns
    -------
    ndarray of bool, shape of ``index``
        True where a known band differs from the latest known band before it.

    Examples
    --------
    >>> band_changes([[2, 2, 1, -1, 1, 2]]).tolist()
    [[False, False, True, False, False, True]]
    """
    i = _at_least_1d_ints(index, "index")
    known = i >= 0
    prev, has = _previous(i, known)
    out: Bool = known & has & (prev != i)
    return out


def weighted_rollup(
    values: ArrayLike, groups: ArrayLike, weights: ArrayLike, n_groups: int
) -> tuple[Float, Float, Float]:
    """Weighted mean, minimum and maximum of member rows per group (first axis).

    Parameters
    ----------
    values : array_like, shape (A, ...)
        One row per member (account); no NaN.
    groups : array_like of int, shape (A,)
        Each member's group, ``0 .. n_groups - 1``.
    weights : array_like, shape (A,)
        Each member's weight, finite and >= 0; every group's weights must have
        a positive sum.
    n_groups : int
        Number of groups.

    Returns
    -------
    mean, low, high : ndarray, shape (n_groups, ...)
        ``sum_a w_a v_a / sum_a w_a`` over each group's members (clipped to
        the members' range, so rounding never takes it outside), and the
        members' minimum and maximum.

    Raises
    ------
    WeightSumError
        A group whose weights sum to 0 (no member, or only zero weights).
    InvalidInputError
        A negative or non-finite weight, a value that is not finite, a group
        code out of range.

    Examples
    --------
    >>> mean, low, high = weighted_rollup([[60.0], [90.0], [70.0]], [0, 0, 1], [1.0, 2.0, 5.0], 2)
    >>> mean.tolist(), low.tolist(), high.tolist()
    ([[80.0], [70.0]], [[60.0], [70.0]], [[90.0], [70.0]])
    """
    n_groups = as_count(n_groups, "n_groups", low=1)
    v = as_floats(values, "values")
    g = as_ints(groups, "groups")
    w = as_floats(weights, "weights")
    if v.ndim == 0 or g.shape != v.shape[:1] or w.shape != v.shape[:1]:
        raise InvalidInputError("expected one group and one weight per row", field="groups")
    if n_groups > g.size:  # some group has no member (and no array of n_groups is made)
        k = int(
            np.flatnonzero(np.bincount(g[(g >= 0) & (g <= g.size)], minlength=g.size + 1) == 0)[0]
        )
        raise WeightSumError("a group whose weights sum to 0", field=f"groups[{k}]")
    if not np.issubdtype(g.dtype, np.integer) or (g < 0).any() or (g >= n_groups).any():
        raise InvalidInputError(f"expected group codes 0..{n_groups - 1}", field="groups")
    if not np.isfinite(w).all() or (w < 0).any():
        raise InvalidInputError("expected finite weights >= 0", field="weights")
    if not np.isfinite(v).all():
        raise InvalidInputError("expected finite values", field="values")
    den = np.bincount(g, weights=w, minlength=n_groups)
    if (den <= 0).any():
        k = int(np.argmax(den <= 0))
        raise WeightSumError("a group whose weights sum to 0", field=f"groups[{k}]")
    flat = v.reshape(v.shape[0], -1)
    order = np.argsort(g, kind="stable")  # members of a group next to each other
    starts = np.searchsorted(g[order], np.arange(n_groups))  # every group has a member
    rows, wo = flat[order], w[order]
    num = np.add.reduceat(wo[:, None] * rows, starts, axis=0)
    low = np.minimum.reduceat(rows, starts, axis=0)
    high = np.maximum.reduceat(rows, starts, axis=0)
    mean = np.clip(num / den[:, None], low, high)
    shape = (n_groups, *v.shape[1:])
    return mean.reshape(shape), low.reshape(shape), high.reshape(shape)
