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

__all__ = ["Series", "Table", "Timing", "discounted_sum", "npv", "one_or_many"]

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


def discounted_sum(f: Float, r: Float, timing: Timing) -> Float:
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
    f, one = as_flows(flows, check_finite=False)
    if timing not in ("start", "end"):
        raise InvalidInputError("expected 'start' or 'end'", field="timing", value=timing)
    r = as_rate(rate, f.shape[0])
    out = discounted_sum(f, r, timing)
    finite_result(out, f, one)
    return one_or_many(out, one)
