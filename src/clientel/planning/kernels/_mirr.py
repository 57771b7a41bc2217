"""Modified internal rate of return (MIRR) of many series at once."""

from __future__ import annotations

from typing import overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_flows, as_rate
from clientel.errors import InvalidInputError
from clientel.planning.kernels._discount import Series, Table, one_or_many

__all__ = ["mirr"]

Float = NDArray[np.float64]


@overload
def mirr(flows: Series, finance_rate: ArrayLike, reinvest_rate: ArrayLike) -> float: ...
@overload
def mirr(flows: Table, finance_rate: ArrayLike, reinvest_rate: ArrayLike) -> Float: ...
@overload
def mirr(flows: ArrayLike, finance_rate: ArrayLike, reinvest_rate: ArrayLike) -> Float | float: ...
def mirr(flows: ArrayLike, finance_rate: ArrayLike, reinvest_rate: ArrayLike) -> Float | float:
    """Modified internal rate of return (spreadsheet ``MIRR`` convention).

    Negative flows are discounted to t = 0 at ``finance_rate``; positive flows
    are compounded to the last period at ``reinvest_rate``;
    ``MIRR = (FV(positive) / -PV(negative)) ** (1 / (n - 1)) - 1`` for ``n`` periods.

    Parameters
    ----------
    flows : array_like, shape (periods,) or (series, periods)
        Cash flows per period, the first at t = 0.
    finance_rate : float or array_like, shape (series,)
        Rate paid on the money invested (> -1).
    reinvest_rate : float or array_like, shape (series,)
        Rate earned on the money returned (> -1).

    Returns
    -------
    float or numpy.ndarray
        The MIRR per period (a float for one series, one per series otherwise).

    Raises
    ------
    InvalidInputError
        A series without both a negative and a positive flow, fewer than two periods.
    InvalidInputError
        A rate <= -1.

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
    return one_or_many(out, one)
