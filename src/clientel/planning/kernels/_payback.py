"""Payback, discounted payback and profitability index of many series at once."""

from __future__ import annotations

from typing import overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_flows, as_rate
from clientel.errors import InvalidInputError
from clientel.planning.kernels._discount import Series, Table, discounted_sum, one_or_many

__all__ = ["discounted_payback_period", "payback_period", "profitability_index"]

Float = NDArray[np.float64]


def _payback(cum: Float, f: Float) -> Float:
    """First fractional period at which the cumulative sum turns non-negative (inf: never)."""
    m, n = cum.shape
    reached = cum >= 0
    # the cash position must stay recovered: take the last time it was negative
    negative = ~reached
    any_neg = negative.any(axis=1)
    last_neg = n - 1 - np.argmax(negative[:, ::-1], axis=1)
    out = np.full(m, np.inf)
    out[~any_neg] = 0.0
    recovers = any_neg & (last_neg < n - 1)
    rows = np.flatnonzero(recovers)
    k = last_neg[rows]
    before = cum[rows, k]
    step = f[rows, k + 1]
    out[rows] = k + (-before / step)
    return out


@overload
def payback_period(flows: Series) -> float: ...
@overload
def payback_period(flows: Table) -> Float: ...
@overload
def payback_period(flows: ArrayLike) -> Float | float: ...
def payback_period(flows: ArrayLike) -> Float | float:
    """Periods until the cumulative cash flow is recovered for good, interpolated linearly.

    Returns ``inf`` for a series that is never recovered (documented, not NaN).
    The period count is measured from t = 0 (the first flow).

    Parameters
    ----------
    flows : array_like, shape (periods,) or (series, periods)
        Cash flows per period, the first at t = 0.

    Returns
    -------
    float or numpy.ndarray
        Periods until recovery (a float for one series, one value per series
        otherwise); 0 for a series without a negative flow.

    Raises
    ------
    InvalidInputError
        Flows that are not a finite 1-D or 2-D array.

    Examples
    --------
    >>> payback_period([-1000, 300, 400, 500, 200])   # recovered 60 % into year 3
    2.6
    >>> payback_period([-1000, 300, 300])
    inf
    """
    f, one = as_flows(flows)
    return one_or_many(_payback(np.cumsum(f, axis=1), f), one)


@overload
def discounted_payback_period(flows: Series, *, rate: ArrayLike) -> float: ...
@overload
def discounted_payback_period(flows: Table, *, rate: ArrayLike) -> Float: ...
@overload
def discounted_payback_period(flows: ArrayLike, *, rate: ArrayLike) -> Float | float: ...
def discounted_payback_period(flows: ArrayLike, *, rate: ArrayLike) -> Float | float:
    """Payback on flows discounted at ``rate`` (first flow at t = 0); ``inf`` if never.

    ``flows`` comes first, as in :func:`payback_period`, and ``rate`` is
    keyword-only, so that neither argument order can be mistaken for the
    other (``npv`` and ``profitability_index`` take the rate first, like the
    spreadsheet's NPV).

    Parameters
    ----------
    flows : array_like, shape (periods,) or (series, periods)
        Cash flows per period, the first at t = 0.
    rate : float or array_like, shape (series,)
        Discount rate per period (> -1), one for all series or one per series.

    Returns
    -------
    float or numpy.ndarray
        Periods until the discounted flows are recovered for good (a float for
        one series, one value per series otherwise).

    Raises
    ------
    InvalidInputError
        Flows that are not a finite 1-D or 2-D array, or a rate <= -1.

    Examples
    --------
    >>> round(discounted_payback_period([-1000, 500, 500, 500], rate=0.10), 4)
    2.352
    """
    f, one = as_flows(flows)
    r = as_rate(rate, f.shape[0])
    d = f * (1.0 + r[:, None]) ** -np.arange(f.shape[1])
    return one_or_many(_payback(np.cumsum(d, axis=1), d), one)


@overload
def profitability_index(rate: ArrayLike, flows: Series) -> float: ...
@overload
def profitability_index(rate: ArrayLike, flows: Table) -> Float: ...
@overload
def profitability_index(rate: ArrayLike, flows: ArrayLike) -> Float | float: ...
def profitability_index(rate: ArrayLike, flows: ArrayLike) -> Float | float:
    """Present value of future flows per unit of initial investment: ``PV(f_1..) / -f_0``.

    Parameters
    ----------
    rate : float or array_like, shape (series,)
        Discount rate per period (> -1).
    flows : array_like, shape (periods,) or (series, periods)
        Cash flows per period, the first (an investment) at t = 0.

    Returns
    -------
    float or numpy.ndarray
        The index (a float for one series, one per series otherwise); above 1
        when the NPV is positive.

    Raises
    ------
    InvalidInputError
        When the first flow is not an investment (negative).

    Examples
    --------
    >>> round(profitability_index(0.10, [-1000, 500, 500, 500]), 4)
    1.2434
    """
    f, one = as_flows(flows, min_periods=2)
    r = as_rate(rate, f.shape[0])
    if (f[:, 0] >= 0).any():
        i = int(np.argmax(f[:, 0] >= 0))
        where = "flows[0]" if one else f"flows[{i}, 0]"
        raise InvalidInputError("the first flow must be an investment (negative)", field=where,
                                value=float(f[i, 0]))  # fmt: skip
    future = discounted_sum(f[:, 1:], r, "end")
    return one_or_many(future / -f[:, 0], one)
