"""Customer lifetime value in floats: the margin multiple and discounted BG/NBD purchases.

* Contractual setting (a client renews or leaves each period): the margin
  multiple of Gupta and Lehmann (2003), ``r / (1 + d - r)`` over an unlimited
  horizon and ``sum_{t=1..n} (r / (1 + d))**t`` over ``n`` periods. A client
  kept with probability ``r`` each period brings its margin at the end of each
  period it stays; margins are discounted at ``d`` per period.
* Non-contractual setting (a client buys when it likes): the discounted
  expected purchases of the BG/NBD model, the increments of the conditional
  expectation over each period discounted at the period's end.

References
----------
Gupta, S. and Lehmann, D. R. (2003). Customers as assets. *Journal of
Interactive Marketing* 17(1), 9-24.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_floats, as_number
from clientel._internal.limits import MAX_PERIODS, check_count
from clientel.errors import InvalidInputError
from clientel.planning.kernels._bgnbd import (
    bgnbd_conditional_expected_purchases,
    check_histories,
    check_parameters,
)

__all__ = ["bgnbd_discounted_purchases", "check_horizon_periods", "margin_multiple"]

Float = NDArray[np.float64]


def _first(bad: NDArray[np.bool_]) -> int:
    return int(np.flatnonzero(bad.ravel())[0])


def _rates(retention: ArrayLike, discount_rate: ArrayLike) -> tuple[Float, Float]:
    r = as_floats(retention, "retention")
    d = as_floats(discount_rate, "discount_rate")
    try:
        np.broadcast_shapes(r.shape, d.shape)
    except ValueError as exc:
        msg = "expected one discount rate, or one per retention"
        raise InvalidInputError(msg, field="discount_rate", value=d.shape) from exc
    bad = ~np.isfinite(r) | (r < 0) | (r > 1)
    if bad.any():
        i = _first(bad)
        msg = "expected a retention probability between 0 and 1"
        raise InvalidInputError(msg, field=f"retention[{i}]" if r.ndim else "retention",
                                value=float(r.ravel()[i]))  # fmt: skip
    bad = ~np.isfinite(d) | (d <= -1)
    if bad.any():
        i = _first(bad)
        msg = "expected a finite discount rate greater than -1 (-100 %)"
        raise InvalidInputError(msg, field=f"discount_rate[{i}]" if d.ndim else "discount_rate",
                                value=float(d.ravel()[i]))  # fmt: skip
    return r, d


def check_horizon_periods(periods: ArrayLike) -> NDArray[np.int64]:
    """Whole numbers of periods >= 0 (the error names the first bad one)."""
    n = np.asarray(periods)
    if n.dtype.kind not in "iuf" or n.dtype == np.bool_:
        raise InvalidInputError("expected whole numbers of periods", field="periods")
    bad = ~np.isfinite(n.astype(np.float64)) | (n < 0) | (n != np.floor(n))
    if bad.any():
        i = _first(bad)
        msg = "expected a whole number of periods >= 0"
        raise InvalidInputError(msg, field=f"periods[{i}]" if n.ndim else "periods",
                                value=n.ravel()[i].item())  # fmt: skip
    return n.astype(np.int64)


def margin_multiple(
    retention: ArrayLike, discount_rate: ArrayLike, *, periods: ArrayLike | None = None
) -> Float:
    """Gupta and Lehmann's margin multiple: what one period's margin is worth over a lifetime.

    Parameters
    ----------
    retention : float or array_like
        Probability r that a client stays another period, in [0, 1].
    discount_rate : float or array_like
        Discount rate d per period, > -1.
    periods : int or array_like of int, optional
        A finite horizon of n periods; by default unlimited (which needs
        ``r < 1 + d``).

    Returns
    -------
    ndarray
        ``r / (1 + d - r)``, or ``sum_{t=1..n} q**t = q (1 - q**n) / (1 - q)`` with
        ``q = r / (1 + d)``, broadcast over the inputs. Multiply by the margin
        per period for the contractual CLV.

    Raises
    ------
    InvalidInputError
        A retention outside [0, 1], a discount rate of -100 % or less, a
        negative or fractional horizon, or ``r >= 1 + d`` with no horizon
        (the value would be unlimited).

    Examples
    --------
    80 % retention at a 12 % discount rate: a client is worth 2.5 yearly margins,
    and 2.04 of them within five years:

    >>> float(margin_multiple(0.8, 0.12)), round(float(margin_multiple(0.8, 0.12, periods=5)), 4)
    (2.5, 2.0352)
    >>> margin_multiple([0.6, 0.8, 0.9], 0.1).round(3)
    array([1.2  , 2.667, 4.5  ])
    """
    r, d = _rates(retention, discount_rate)
    if periods is None:
        bad = r >= 1.0 + d
        if bad.any():
            i = _first(bad)
            msg = "retention >= 1 + discount rate: the value is unlimited; give periods"
            raise InvalidInputError(msg, field="retention", value=float(np.broadcast_to(
                r, bad.shape).ravel()[i]))  # fmt: skip
        out: Float = np.asarray(r / (1.0 + d - r), dtype=np.float64)
        return out
    n = check_horizon_periods(periods).astype(np.float64)
    q = r / (1.0 + d)
    with np.errstate(all="ignore"):  # np.where keeps the accurate branch of each element
        direct = (1.0 - q**n) / (1.0 - q)
        log_q = np.log1p((r - 1.0 - d) / (1.0 + d))
        near = np.expm1(n * log_q) / np.expm1(log_q)  # (q**n - 1) / (q - 1), exact near q = 1
    geometric = np.where(q == 1.0, n, np.where(np.abs(1.0 - q) < 0.5, near, direct))
    multiple: Float = np.asarray(q * geometric, dtype=np.float64)
    return multiple


def bgnbd_discounted_purchases(
    r: float,
    alpha: float,
    a: float,
    b: float,
    frequency: ArrayLike,
    recency: ArrayLike,
    age: ArrayLike,
    *,
    periods: int,
    period_length: float,
    discount_rate: float,
) -> Float:
    """Discounted expected purchases of each customer over ``periods`` future periods.

    ``sum_{k=1..n} (E[Y(k L)] - E[Y((k-1) L)]) / (1 + d)**k`` with ``E[Y(t)]`` the
    BG/NBD conditional expectation (:func:`bgnbd_conditional_expected_purchases`)
    and ``L = period_length`` in the model's time unit: purchases of a period are
    discounted at its end. Times the margin per purchase, the CLV of the
    non-contractual setting.

    Parameters
    ----------
    r, alpha : float
        The gamma mixing distribution of the purchase rate (shape, scale), > 0.
    a, b : float
        The beta mixing distribution of the dropout probability, > 0.
    frequency : array_like
        Repeat purchases per customer (x).
    recency : array_like
        Time of the last repeat purchase (t_x, 0 without one).
    age : array_like
        Time since the first purchase (T), in the same unit as ``recency``.
    periods : int
        Future periods to sum (>= 1).
    period_length : float
        A period in the model's time unit (e.g. 52 for years in weeks), > 0.
    discount_rate : float
        Discount rate per period (> -1).

    Returns
    -------
    numpy.ndarray
        The discounted expected purchases per customer.

    Raises
    ------
    InvalidInputError
        A period length <= 0 or a bad number of periods or rate (named).

    Examples
    --------
    The CDNOW customer of Fader, Hardie and Lee (2005) over two years of 52 weeks
    at 10 % a year:

    >>> bgnbd_discounted_purchases(0.243, 4.414, 0.793, 2.426, [2], [30.43], [38.86],
    ...     periods=2, period_length=52.0, discount_rate=0.10).round(3)
    array([2.335])
    """
    n = check_count(periods, "periods", limit="MAX_PERIODS", maximum=MAX_PERIODS, low=0)
    L = as_number(period_length, "period_length", finite=False)
    if not np.isfinite(L) or L <= 0:
        raise InvalidInputError("expected a period length > 0", field="period_length", value=L)
    _, d = _rates(0.0, as_number(discount_rate, "discount_rate", finite=False))
    params = check_parameters(r, alpha, a, b)
    columns = {"frequency": frequency, "recency": recency, "age": age}
    x, t_x, T = check_histories(*(as_floats(v, k).ravel() for k, v in columns.items()))
    horizons = L * np.arange(n + 1, dtype=np.float64)
    cum = bgnbd_conditional_expected_purchases(
        *params, horizons[None, :], x[:, None], t_x[:, None], T[:, None]
    )
    factors = (1.0 + float(d)) ** -np.arange(1, n + 1, dtype=np.float64)
    out: Float = np.einsum("ik,k->i", np.diff(cum, axis=1), factors)
    return out
