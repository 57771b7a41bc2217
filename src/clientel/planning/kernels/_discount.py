"""NPV and discounting over many series at once.

Inputs are a 1-D series or a 2-D array (series x periods); every function makes
one vectorised pass over all series. Period ``t`` of a series is discounted by
``(1 + rate) ** -t``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_flows, as_rate, finite_result
from clientel.errors import InvalidInputError

__all__ = [
    "Series",
    "Table",
    "Timing",
    "discounted_sum",
    "npv",
    "npv_of",
    "one_or_many",
    "weighted_columns",
]

Float = NDArray[np.float64]
Timing = Literal["start", "end"]
# For type checkers: one series of numbers gives a float, a table of series gives an array.
# A numpy array's number of dimensions is not in its type, so an ndarray argument gives
# ``ndarray | float`` (the value is a float for a 1-D array, an array for a 2-D one).
Series = Sequence[float]
Table = Sequence[Sequence[float]]


def one_or_many(values: Float, one: bool) -> Float | float:
    """A float for a 1-D input (``one``), else the array of one value per series."""
    return float(values[0]) if one else values


_ROWS = 8_192  #: rows discounted at once (a block of flows stays in cache)


def weighted_columns(f: Float, d: Float) -> Float:
    """``f @ d`` added column by column over blocks of rows, so each row's value is the same
    whatever rows it is computed with (a BLAS product rounds a row differently with the batch)."""
    out: Float = np.zeros(f.shape[0])
    for a in range(0, f.shape[0], _ROWS):  # blocks of rows, then periods: not per row
        rows, acc = f[a : a + _ROWS], out[a : a + _ROWS]
        for t in range(f.shape[1]):
            acc += rows[:, t] * d[t]
    return out


def discounted_sum(f: Float, r: Float, timing: Timing, *, one_rate: bool | None = None) -> Float:
    """sum_t f_t v^t with v = 1 / (1 + r), per series.

    One rate for all series: the flows times the discount factors, added period
    by period over blocks of rows that stay in cache (as fast as a
    matrix-vector product, and each series' value is the same whatever rows
    it is computed with; a BLAS product rounds the rows at the end of a block
    differently). Rates per series: Horner's rule, one vectorised step per period.
    ``one_rate`` says which (default: one rate where all rates are equal); a
    caller that computes a table in parts says it, so that every part takes
    the path of the whole.
    """
    v = 1.0 / (1.0 + r)
    if one_rate is None:
        one_rate = bool(r.size and (r == r[0]).all())
    if one_rate and r.size:
        d = v[0] ** np.arange(f.shape[1], dtype=np.float64)
        if timing == "end":
            d *= v[0]
        return weighted_columns(f, d)
    acc = np.zeros(f.shape[0])
    for t in range(f.shape[1] - 1, -1, -1):  # periods, not series: each step is vectorised
        acc = acc * v + f[:, t]
    if timing == "end":
        acc = acc * v
    return acc


@overload
def npv(rate: ArrayLike, flows: Series, *, timing: Timing = "start") -> float: ...
@overload
def npv(rate: ArrayLike, flows: Table, *, timing: Timing = "start") -> Float: ...
@overload
def npv(rate: ArrayLike, flows: ArrayLike, *, timing: Timing = "start") -> Float | float: ...
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
        One value per series: a float for one series (a 1-D input), an array for a
        2-D input. Type checkers see ``float`` for a sequence of numbers and an
        ndarray for a sequence of sequences.

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
    return npv_of(rate, flows, timing=timing)


def npv_of(
    rate: ArrayLike, flows: ArrayLike, *, timing: Timing = "start", one_rate: bool | None = None
) -> Float | float:
    """:func:`npv`, told whether the rates are one rate (a part of a table computes as the whole).

    ``one_rate=None``: a scalar rate is one rate, and rates per series are one
    rate where they are all equal (as :func:`discounted_sum`).
    """
    f, one = as_flows(flows, check_finite=False)
    if timing not in ("start", "end"):
        raise InvalidInputError("expected 'start' or 'end'", field="timing", value=timing)
    r = as_rate(rate, f.shape[0])
    if one_rate is None and np.ndim(rate) == 0:
        one_rate = True
    out = discounted_sum(f, r, timing, one_rate=one_rate)
    finite_result(out, f, one)
    return one_or_many(out, one)
