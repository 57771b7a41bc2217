"""Cash-flow kernels over many series at once: NPV, MIRR, payback, profitability index.

Inputs are a 1-D series or a 2-D array (series x periods); every function makes
one vectorised pass over all series. Period ``t`` of a series is discounted by
``(1 + rate) ** -t``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_flows, as_rate, finite_result
from clientel.errors import InvalidInputError

__all__ = ["discounted_payback_period", "mirr", "npv", "payback_period", "profitability_index"]

Float = NDArray[np.float64]
Timing = Literal["start", "end"]


def _out(values: Float, one: bool) -> Float | float:
    return float(values[0]) if one else values


def _discount(f: Float, r: Float, timing: Timing) -> Float:
    """sum_t f_t v^t with v = 1 / (1 + r), per series.

    One rate for all series: a matrix-vector product with the discount factors.
    Rates per series: Horner's rule, one vectorised step per period.
    """
    v = 1.0 / (1.0 + r)
    if r.size and (r == r[0]).all():
        d = v[0] ** np.arange(f.shape[1], dtype=np.float64)
        if timing == "end":
            d *= v[0]
        out: Float = f @ d
        return out
    acc = np.zeros(f.shape[0])
    for t in range(f.shape[1] - 1, -1, -1):  # periods, not series: each step is vectorised
        acc = acc * v + f[:, t]
    if timing == "end":
        acc = acc * v
    return acc


def npv(rate: ArrayLike, flows: ArrayLike, *, timing: Timing = "start") -> Float | float:
    """Net present value.

    Parameters
    ----------
    rate : float or array_like
        Discount rate per period (0.08 = 8 %), one for all series or one per series;
        must be greater than -1.
    flows : array_like, shape (periods,) or (series, periods)
        Cash flows; negative for outflows.
    timing : {"start", "end"}
        ``"start"``: the first flow is at t = 0 and not discounted
        (numpy-financial and pyxirr). ``"end"``: every flow is at the end of its
        period, so the first one is discounted once (the spreadsheet ``NPV``).

    Returns
    -------
    float or ndarray
        One value per series (a float for a 1-D input).

    Raises
    ------
    InvalidInputError
        A rate <= -1, or a non-finite cash flow (named by position).

    Notes
    -----
    ``NPV = sum_t f_t / (1 + r)**(t + s)`` with ``s = 0`` ("start") or 1 ("end"),
    as one matrix-vector product (one rate) or by Horner's rule (a rate per series).

    References
    ----------
    Microsoft, Excel NPV function documentation (example 1: rate 10 %, flows
    -10000 at the end of year 1 then 3000, 4200, 6800: NPV 1188.44).

    Examples
    --------
    A 3-year key-account programme: 500k invested now, then 220k, 260k, 180k a year:

    >>> round(npv(0.08, [-500_000, 220_000, 260_000, 180_000]), 2)
    69501.6
    >>> round(npv(0.10, [-10_000, 3_000, 4_200, 6_800], timing="end"), 2)
    1188.44
    """
    f, one = as_flows(flows, check_finite=False)
    if timing not in ("start", "end"):
        raise InvalidInputError("expected 'start' or 'end'", field="timing", value=timing)
    r = as_rate(rate, f.shape[0])
    out = _discount(f, r, timing)
    finite_result(out, f, one)
    return _out(out, one)


def mirr(flows: ArrayLike, finance_rate: ArrayLike, reinvest_rate: ArrayLike) -> Float | float:
    """Modified internal rate of return (spreadsheet ``MIRR`` convention).

    Negative flows are discounted to t = 0 at ``finance_rate``; positive flows
    are compounded to the last period at ``reinvest_rate``;
    ``MIRR = (FV(positive) / -PV(negative)) ** (1 / (n - 1)) - 1`` for ``n`` periods.

    Raises
    ------
    InvalidInputError
        A series without both a negative and a positive flow, fewer than two periods.

    Examples
    --------
    Microsoft's Excel MIRR example: a 120,000 loan at 10 %, income 39,000, 30,000,
    21,000, 37,000, 46,000 reinvested at 12 %:

    >>> round(mirr([-120_000, 39_000, 30_000, 21_000, 37_000, 46_000], 0.10, 0.12), 6)
    0.126094
    """
    f, one = as_flows(flows, min_periods=2)
    fr = as_rate(finance_rate, f.shape[0], "finance_rate")
    rr = as_rate(reinvest_rate, f.shape[0], "reinvest_rate")
    n = f.shape[1]
    t = np.arange(n)
    pos = np.where(f > 0, f, 0.0)
    neg = np.where(f < 0, f, 0.0)
    has_both = (pos > 0).any(axis=1) & (neg < 0).any(axis=1)
    if not has_both.all():
        i = int(np.argmin(has_both))
        where = "flows" if one else f"flows[{i}]"
        raise InvalidInputError("MIRR needs at least one negative and one positive flow",
                                field=where)  # fmt: skip
    fv_pos = (pos * (1.0 + rr[:, None]) ** (n - 1 - t)).sum(axis=1)
    pv_neg = (neg * (1.0 + fr[:, None]) ** (-t)).sum(axis=1)
    out: Float = (fv_pos / -pv_neg) ** (1.0 / (n - 1)) - 1.0
    return _out(out, one)


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


def payback_period(flows: ArrayLike) -> Float | float:
    """Periods until the cumulative cash flow is recovered for good, interpolated linearly.

    Returns ``inf`` for a series that is never recovered (documented, not NaN).
    The period count is measured from t = 0 (the first flow).

    Examples
    --------
    >>> payback_period([-1000, 300, 400, 500, 200])   # recovered 60 % into year 3
    2.6
    >>> payback_period([-1000, 300, 300])
    inf
    """
    f, one = as_flows(flows)
    return _out(_payback(np.cumsum(f, axis=1), f), one)


def discounted_payback_period(rate: ArrayLike, flows: ArrayLike) -> Float | float:
    """Payback on flows discounted at ``rate`` (first flow at t = 0); ``inf`` if never.

    Examples
    --------
    >>> round(discounted_payback_period(0.10, [-1000, 500, 500, 500]), 4)
    2.352
    """
    f, one = as_flows(flows)
    r = as_rate(rate, f.shape[0])
    d = f * (1.0 + r[:, None]) ** -np.arange(f.shape[1])
    return _out(_payback(np.cumsum(d, axis=1), d), one)


def profitability_index(rate: ArrayLike, flows: ArrayLike) -> Float | float:
    """Present value of future flows per unit of initial investment: ``PV(f_1..) / -f_0``.

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
    future = _discount(f[:, 1:], r, "end")
    return _out(future / -f[:, 0], one)
