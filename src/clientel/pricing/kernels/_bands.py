"""Expected profit, its optimum and the profit band of the logit bid response (step 2.5.4).

Expected profit is ``E(p) = (p - c) w(p)`` with ``w`` the logit of
:mod:`clientel.pricing.kernels._response`; because ``p - c`` and ``w`` are both
log-concave, ``E`` is unimodal on ``p > c``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_floats, as_number, finite
from clientel.errors import InvalidInputError
from clientel.pricing.kernels._response import BidResponseModel, win_probability

__all__ = ["band", "expected_profit", "optimal_price", "percentile", "profit_band"]

F64 = NDArray[np.float64]
_NEWTON_STEPS: Final = 100
_GOLDEN_STEPS: Final = 120


def expected_profit(a: ArrayLike, b: ArrayLike, cost: ArrayLike, price: ArrayLike) -> F64:
    """``(p - c) w(p)``, broadcast over arrays.

    Parameters
    ----------
    a, b : array_like
        Intercept and price coefficient of the bid response.
    cost, price : array_like
        Cost and price, broadcast with ``a`` and ``b``.

    Returns
    -------
    numpy.ndarray
        The expected profit, price minus cost times the win probability.

    Examples
    --------
    >>> expected_profit(-5.0, 0.05, 60.0, [100.0]).tolist()
    [20.0]
    """
    p = as_floats(price, "price")
    return (p - as_floats(cost, "cost")) * win_probability(a, b, p)


def _coefficients(a: ArrayLike, b: ArrayLike, cost: ArrayLike) -> tuple[F64, F64, F64]:
    """``a``, ``b`` and ``cost`` finite, broadcast to one shape, with ``b > 0``."""
    a_, b_, c_ = (np.asarray(v, dtype=np.float64) for v in np.broadcast_arrays(
        finite("a", a), finite("b", b), finite("cost", cost)))  # fmt: skip
    if np.any(b_ <= 0):
        raise InvalidInputError("price coefficient b must be > 0 (demand falls with price)",
                                field="b")  # fmt: skip
    return a_, b_, c_


def optimal_price(
    a: ArrayLike,
    b: ArrayLike,
    cost: ArrayLike,
    *,
    method: Literal["lambertw", "numerical"] = "lambertw",
) -> F64:
    """The maximiser of ``(p - c) / (1 + exp(a + b p))`` for ``b > 0``, broadcast over arrays.

    Parameters
    ----------
    a, b, cost : array_like
        Intercept, price coefficient (``> 0``) and cost, broadcast together.
    method : {"lambertw", "numerical"}
        The closed form below, or a golden-section search of the log expected
        profit on ``[c, max(c, -a / b) + 50 / b]`` (120 steps), as an
        independent check.

    Returns
    -------
    numpy.ndarray
        The optimal price, broadcast over the inputs.

    Raises
    ------
    InvalidInputError
        A value that is not finite (named by index), ``b <= 0`` or an unknown method.

    Notes
    -----
    With ``u = a + b p`` and ``w' = -b w (1 - w)`` the first-order condition
    ``w + (p - c) w' = 0`` reads ``b (p - c) = 1 + exp(-u)``. Writing
    ``x = b (p - c) - 1`` gives ``x exp(x) = exp(-a - b c - 1)``, so

        p* = c + (1 + W(exp(-a - b c - 1))) / b

    with ``W`` the principal branch of Lambert W. ``W(exp(z))`` is evaluated as
    the Wright omega function ``omega(z)`` (scipy.special.wrightomega), which is
    the same number without overflowing ``exp(z)`` for large ``z``.

    Examples
    --------
    >>> round(float(optimal_price(-5.0, 0.05, 60.0)[()]), 4)
    100.0
    >>> round(float(optimal_price(-5.0, 0.05, 60.0, method="numerical")[()]), 4)
    100.0
    """
    if method not in ("lambertw", "numerical"):
        raise InvalidInputError("expected 'lambertw' or 'numerical'", field="method",
                                value=method)  # fmt: skip
    a_, b_, c_ = _coefficients(a, b, cost)
    return _golden(a_, b_, c_) if method == "numerical" else _closed_form(a_, b_, c_)


def _closed_form(a: F64, b: F64, c: F64) -> F64:
    """``c + (1 + omega(-a - b c - 1)) / b`` on checked arrays (see :func:`optimal_price`)."""
    from scipy.special import wrightomega

    omega = np.asarray(wrightomega(-a - b * c - 1.0), dtype=np.float64)
    return np.asarray(c + (1.0 + omega) / b, dtype=np.float64)


def _log_profit(a: F64, b: F64, c: F64, p: F64) -> tuple[F64, F64]:
    """``log((p - c) w(p))`` and its derivative ``1 / (p - c) - b (1 - w(p))``.

    No underflow where ``w`` is tiny; the log is -inf at and below ``p = c``.
    """
    u = a + b * p
    soft = np.logaddexp(0.0, u)
    with np.errstate(divide="ignore"):
        gap = np.maximum(p - c, 0.0)
        value = np.log(gap) - soft
        slope = 1.0 / gap - b * np.exp(u - soft)
    return value, slope


def _golden(a: F64, b: F64, c: F64) -> F64:
    """Golden-section search for the maximum of the (unimodal) log expected profit."""
    lo = c.astype(np.float64)
    hi = np.maximum(c, -a / b) + 50.0 / b
    ratio = (np.sqrt(5.0) - 1.0) / 2.0
    x1 = hi - ratio * (hi - lo)
    x2 = lo + ratio * (hi - lo)
    f1 = _log_profit(a, b, c, x1)[0]
    f2 = _log_profit(a, b, c, x2)[0]
    for _ in range(_GOLDEN_STEPS):
        left = f1 >= f2  # the maximum is in [lo, x2]
        hi = np.where(left, x2, hi)
        lo = np.where(left, lo, x1)
        nx1 = np.where(left, hi - ratio * (hi - lo), x2)
        nx2 = np.where(left, x1, lo + ratio * (hi - lo))
        e1 = _log_profit(a, b, c, nx1)[0]
        e2 = _log_profit(a, b, c, nx2)[0]
        f1, f2 = np.where(left, e1, f2), np.where(left, f1, e2)
        x1, x2 = nx1, nx2
    return np.asarray(0.5 * (lo + hi), dtype=np.float64)


def profit_band(a: ArrayLike, b: ArrayLike, cost: ArrayLike, delta: float) -> tuple[F64, F64, F64]:
    """Prices where expected profit falls to ``(1 - delta)`` of its maximum.

    Returns ``(low, p_star, high)`` with ``c < low <= p* <= high``.

    Parameters
    ----------
    a, b : array_like
        Intercept and price coefficient (``b > 0``).
    cost : array_like
        Cost, broadcast with ``a`` and ``b``.
    delta : float
        The share of the maximum expected profit given up at both ends, in [0, 1).

    Returns
    -------
    low, p_star, high : numpy.ndarray
        The lower end, the optimum and the upper end.

    Raises
    ------
    InvalidInputError
        ``delta`` outside [0, 1).

    Notes
    -----
    ``g(p) = log E(p) - log((1 - delta) E(p*))`` is concave (``E`` is
    log-concave), so Newton's method started on the outer side of a root moves
    monotonically towards it without overshooting. The lower root starts at
    ``c + T / w(c)`` (left of it because ``E(p) <= (p - c) w(c)``), the upper
    root at ``p* + k / b`` with ``k`` doubled until ``g <= 0``. Iterations stop
    when every step is below 1e-12 of the price scale (at most 100).
    ``delta = 0`` gives ``low = high = p*``.

    Examples
    --------
    >>> low, star, high = profit_band(-5.0, 0.05, 60.0, 0.1)
    >>> bool(low[()] < star[()] < high[()]), round(float(star[()]), 6)
    (True, 100.0)
    """
    delta = as_number(delta, "delta", finite=False)
    if not 0.0 <= delta < 1.0:
        raise InvalidInputError("expected 0 <= delta < 1", field="delta", value=delta)
    a_, b_, c_ = _coefficients(a, b, cost)
    star = _closed_form(a_, b_, c_)
    if delta == 0.0:
        return star.copy(), star, star.copy()
    log_target = np.log1p(-delta) + _log_profit(a_, b_, c_, star)[0]
    tol = 1e-12 * (np.abs(star) + 1.0 / b_)

    def newton(p: F64, lower: bool) -> F64:
        for _ in range(_NEWTON_STEPS):
            value, slope = _log_profit(a_, b_, c_, p)
            with np.errstate(invalid="ignore"):  # at p = c: -inf / inf, no step
                step = -(value - log_target) / slope
            step = np.where(np.isfinite(step), step, 0.0)
            p = np.minimum(p + step, star) if lower else np.maximum(p + step, star)
            if np.all(np.abs(step) <= tol):
                break
        return p

    gap = np.exp(log_target + np.logaddexp(0.0, a_ + b_ * c_))
    low = newton(c_ + np.clip(gap, 1e-300, star - c_), lower=True)
    span = np.ones_like(star)
    for _ in range(64):
        short = _log_profit(a_, b_, c_, star + span / b_)[0] > log_target
        if not np.any(short):
            break
        span = np.where(short, 2.0 * span, span)
    high = newton(star + span / b_, lower=False)
    return low, star, high


def band(
    model: BidResponseModel,
    cost: ArrayLike,
    *,
    delta: float = 0.1,
    floor_min: ArrayLike | None = None,
    ceiling: ArrayLike | None = None,
    covariates: Mapping[str, ArrayLike] | None = None,
) -> tuple[F64, F64, F64, NDArray[np.bool_]]:
    """Guarded bid-response bands for many quotes at once (in the model's basis).

    Returns ``(floor, target, stretch, below_floor)``: the prices where expected
    profit is ``(1 - delta)`` of its maximum, the optimum, and a flag for quotes
    whose optimum is below ``floor_min`` (the minimum-margin floor). The floor is
    raised to ``floor_min``, the stretch capped at ``ceiling``; the target is the
    optimum clipped into ``[floor, stretch]``, so ``floor <= target <= stretch``.
    Quotes whose ``floor_min`` exceeds ``ceiling`` are also flagged and get
    ``floor = target = stretch = floor_min``. ``covariates`` (per quote) shift the
    intercept for models fitted with covariates.

    Parameters
    ----------
    model : BidResponseModel
        The bid-response curve (step 2.5.4).
    cost : array_like, shape (n,)
        Cost per quote, in the model's basis.
    delta : float
        The share of the maximum expected profit given up at the floor and the
        stretch, in [0, 1).
    floor_min : array_like, optional
        Lowest allowed price per quote (the minimum-margin floor).
    ceiling : array_like, optional
        Highest allowed price per quote.
    covariates : mapping of str to array_like, optional
        Covariate values per quote.

    Returns
    -------
    floor, target, stretch : numpy.ndarray
        The band per quote.
    below_floor : numpy.ndarray of bool
        Quotes whose optimum is below ``floor_min`` (or whose ``floor_min``
        exceeds ``ceiling``).

    Raises
    ------
    InvalidInputError
        A cost, floor or ceiling that is not finite (named by index), or ``delta``
        outside [0, 1).

    Examples
    --------
    >>> m = BidResponseModel(a=-5.0, b=0.05, basis="price")
    >>> floor, target, stretch, below = band(m, [60.0, 60.0], floor_min=[0.0, 120.0])
    >>> target.round(6).tolist(), below.tolist()
    ([100.0, 120.0], [False, True])
    """
    low, star, high = profit_band(model.intercept(covariates), model.b, cost, delta)
    fm = np.full_like(star, -np.inf) if floor_min is None else finite("floor_min", floor_min)
    cap = np.full_like(star, np.inf) if ceiling is None else finite("ceiling", ceiling)
    floor = np.maximum(np.minimum(low, cap), fm)
    stretch = np.maximum(np.minimum(high, cap), floor)
    target = np.clip(star, floor, stretch)
    below = (star < fm) | (fm > cap)
    return floor, target, stretch, below


def percentile(values: ArrayLike, q: ArrayLike) -> F64:
    """Percentiles ``q`` (0..100) with numpy's default linear interpolation (Hyndman-Fan 7).

    Parameters
    ----------
    values : array_like
        The sample, e.g. won deals' price / list price (step 2.5.4).
    q : array_like
        Percentiles in [0, 100].

    Returns
    -------
    numpy.ndarray
        One value per entry of ``q``.

    Raises
    ------
    InvalidInputError
        No value, or a percentile outside [0, 100].

    Examples
    --------
    >>> percentile([80.0, 85.0, 90.0, 95.0], [25, 50, 75]).tolist()
    [83.75, 87.5, 91.25]
    """
    v = finite("values", values)
    if v.size == 0:
        raise InvalidInputError("expected at least one value", field="values")
    qs = as_floats(q, "q")
    if qs.ndim > 1 or qs.size == 0 or not ((qs >= 0) & (qs <= 100)).all():
        msg = "expected one percentile or a list of them, each from 0 to 100"
        raise InvalidInputError(msg, field="q", value=qs.tolist())
    return np.asarray(np.percentile(v, qs, method="linear"), dtype=np.float64)
