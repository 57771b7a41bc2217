"""The BG/NBD model of repeat purchasing (Fader, Hardie and Lee 2005): arrays in, arrays out.

A customer's history is summarised by three numbers (the model's sufficient
statistics): ``frequency`` x, the number of repeat purchases; ``recency`` t_x,
the time of the last repeat purchase since the first purchase (0 when x = 0);
and ``age`` T, the time since the first purchase. While alive, a customer buys
at a Poisson rate lambda ~ Gamma(r, alpha); after every repeat purchase they
drop out with probability p ~ Beta(a, b).

Every function here takes the four parameters ``(r, alpha, a, b)`` and arrays
that broadcast against each other, and makes one vectorised pass. The fit is
in :mod:`clientel.planning.kernels._bgnbd_fit`.

References
----------
Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). "Counting your customers"
the easy way: an alternative to the Pareto/NBD model. *Marketing Science*
24(2), 275-284 (equations 6, 7, 10 and 11 and the appendix).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_floats, as_number
from clientel.errors import InvalidInputError

__all__ = [
    "bgnbd_conditional_expected_purchases",
    "bgnbd_expected_purchases",
    "bgnbd_log_likelihood",
    "bgnbd_probability_alive",
    "bgnbd_sample",
    "check_histories",
    "check_parameters",
]

Float = NDArray[np.float64]
PARAMETERS = ("r", "alpha", "a", "b")
Parameters = tuple[float, float, float, float]


def check_parameters(r: float, alpha: float, a: float, b: float) -> Parameters:
    """The four parameters as floats; each must be finite and greater than 0."""
    for name, value in zip(PARAMETERS, (r, alpha, a, b), strict=True):
        v = as_number(value, name, finite=False)
        if not np.isfinite(v) or v <= 0:
            raise InvalidInputError("must be a finite number > 0", field=name, value=value)
    return (float(r), float(alpha), float(a), float(b))


def _where(name: str, i: int, ids: Sequence[str] | None) -> str:
    return f"{name}[{i}]" if ids is None else f"{name}[{i}] (customer {ids[i]!r})"


def _first_bad(mask: NDArray[np.bool_]) -> int:
    return int(np.flatnonzero(mask)[0])


def _column(name: str, values: ArrayLike, ids: Sequence[str] | None) -> Float:
    arr = as_floats(values, name)
    if arr.ndim != 1:
        raise InvalidInputError("expected a 1-D array, one value per customer",
                                field=name, value=arr.shape)  # fmt: skip
    bad = ~np.isfinite(arr)
    if bad.any():
        i = _first_bad(bad)
        raise InvalidInputError("expected a finite number", field=_where(name, i, ids),
                                value=float(arr[i]))  # fmt: skip
    return arr


def check_histories(
    frequency: ArrayLike,
    recency: ArrayLike,
    age: ArrayLike,
    *,
    ids: Sequence[str] | None = None,
) -> tuple[Float, Float, Float]:
    """Validated customer histories: three 1-D float arrays of equal length.

    Raises
    ------
    InvalidInputError
        Names the first customer row at fault (and its id when ``ids`` are
        given): a non-finite value, a negative or fractional frequency, a
        negative recency, recency above age, or recency above 0 with no repeat
        purchase; arrays of different lengths or none at all.
    """
    x = _column("frequency", frequency, ids)
    t_x = _column("recency", recency, ids)
    T = _column("age", age, ids)
    if not x.shape == t_x.shape == T.shape:
        msg = "frequency, recency and age need one value per customer each"
        raise InvalidInputError(msg, field="histories", value=(x.size, t_x.size, T.size))
    if x.size == 0:
        raise InvalidInputError("expected at least one customer", field="frequency")
    if ids is not None and len(ids) != x.size:
        raise InvalidInputError("expected one id per customer", field="ids", value=len(ids))
    _refuse(x, t_x, T, lambda name, i: _where(name, int(i[0]), ids))
    return x, t_x, T


def _refuse(x: Float, t_x: Float, T: Float, where: Callable[[str, tuple[int, ...]], str]) -> None:
    """Raise naming the first value (``where(name, index)``) of histories that cannot be."""
    checks = (
        ("frequency", ~np.isfinite(x), "expected a finite number", x),
        ("recency", ~np.isfinite(t_x), "expected a finite number", t_x),
        ("age", ~np.isfinite(T), "expected a finite number", T),
        ("frequency", x < 0, "a count of repeat purchases cannot be negative", x),
        ("frequency", x != np.floor(x), "expected a whole number of repeat purchases", x),
        ("recency", t_x < 0, "recency cannot be negative", t_x),
        ("recency", t_x > T, "recency above age: the last purchase lies in the future", t_x),
        ("recency", (x == 0) & (t_x > 0), "recency above 0 without a repeat purchase", t_x),
    )
    for name, bad, msg, arr in checks:
        if bad.any():
            at = tuple(int(i) for i in np.unravel_index(_first_bad(bad.ravel()), bad.shape))
            raise InvalidInputError(msg, field=where(name, at), value=float(arr[at]))


def _arrays(**values: ArrayLike) -> list[Float]:
    """The named arrays as floats; they must broadcast together (one value per customer)."""
    out = [as_floats(v, name) for name, v in values.items()]
    try:
        np.broadcast_shapes(*(a.shape for a in out))
    except ValueError as exc:
        msg = "expected arrays of matching shapes (one value per customer)"
        shapes = {name: a.shape for name, a in zip(values, out, strict=True)}
        raise InvalidInputError(msg, field=", ".join(values), value=shapes) from exc
    return out


def _histories(frequency: ArrayLike, recency: ArrayLike, age: ArrayLike) -> list[Float]:
    """Histories that broadcast together, checked as :func:`check_histories` checks rows.

    The kernels take histories of any shapes that broadcast together (one age
    for all customers); a value is named by its index in the histories'
    broadcast shape (``recency[3]``, ``age[2, 0]``), never in a grid of
    horizons. Without this, a negative history or a recency above the age gave
    NaN or a number without meaning.
    """
    x, t_x, T = _arrays(frequency=frequency, recency=recency, age=age)
    bx, bt, bT = np.broadcast_arrays(x, t_x, T)
    _refuse(bx, bt, bT, _indexed)
    return [x, t_x, T]


def _indexed(name: str, at: tuple[int, ...]) -> str:
    return f"{name}[{', '.join(map(str, at))}]" if at else name


def bgnbd_log_likelihood(
    r: float,
    alpha: float,
    a: float,
    b: float,
    frequency: ArrayLike,
    recency: ArrayLike,
    age: ArrayLike,
) -> Float:
    """Each customer's log-likelihood ``ln L(r, alpha, a, b | x, t_x, T)``.

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

    Returns
    -------
    numpy.ndarray
        The log-likelihood per customer (sum it for the sample's).

    Raises
    ------
    InvalidInputError
        A parameter that is not a finite number > 0; histories that cannot be
        (a negative or fractional frequency, a negative recency, recency above
        age, recency above 0 without a repeat purchase, a value that is not
        finite), naming the first such value (``recency[3]``).

    Notes
    -----
    Equation (6) of Fader, Hardie and Lee (2005), written as
    ``ln L = A + ln(1 + exp(D))`` with the "alive" term::

        A = ln G(r+x) - ln G(r) + r ln alpha - (r+x) ln(alpha+T) + ln B(a, b+x) - ln B(a, b)
        D = ln a - ln(b+x-1) + (r+x) (ln(alpha+T) - ln(alpha+t_x))    (x > 0; -inf for x = 0)

    ``ln(1 + exp(D))`` is evaluated by ``logaddexp`` and never overflows, which
    is the cure of Fader and Hardie's note on the model's "#NUM!" error;
    ``1 / (1 + exp(D))`` is the probability of being alive.

    Examples
    --------
    >>> ll = bgnbd_log_likelihood(0.243, 4.414, 0.793, 2.426, [0, 2], [0.0, 30.43], [38.86] * 2)
    >>> ll.round(4).tolist()
    [-0.5547, -9.4586]
    """
    from scipy import special  # lazily: importing clientel does not load scipy

    r, alpha, a, b = check_parameters(r, alpha, a, b)
    x, t_x, T = _histories(frequency, recency, age)
    lT = np.log(alpha + T)
    A = (
        special.gammaln(r + x)
        - special.gammaln(r)
        + r * np.log(alpha)
        - (r + x) * lT
        + special.betaln(a, b + x)
        - special.betaln(a, b)
    )
    out: Float = A + np.logaddexp(0.0, _log_dead_odds(r, alpha, a, b, x, t_x, lT))
    return out


def _log_dead_odds(
    r: float, alpha: float, a: float, b: float, x: Float, t_x: Float, lT: Float
) -> Float:
    """D: log odds of "dropped out after the last purchase" against "alive"; -inf for x = 0."""
    repeat = x > 0
    safe = np.where(repeat, x, 1.0)  # b + x - 1 > 0 wherever it is used
    D = np.log(a) - np.log(b + safe - 1.0) + (r + x) * (lT - np.log(alpha + t_x))
    out: Float = np.where(repeat, D, -np.inf)
    return out


def bgnbd_probability_alive(
    r: float,
    alpha: float,
    a: float,
    b: float,
    frequency: ArrayLike,
    recency: ArrayLike,
    age: ArrayLike,
) -> Float:
    """P(alive | x, t_x, T): the probability that each customer is still active at age T.

    Equation (11) of Fader, Hardie and Lee (2005), computed as ``1 / (1 + exp(D))``
    (see :func:`bgnbd_log_likelihood`) so it stays in [0, 1] for any history;
    it is 1 for a customer without repeat purchases.

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

    Returns
    -------
    numpy.ndarray
        P(alive) per customer, in [0, 1].

    Raises
    ------
    InvalidInputError
        A parameter that is not a finite number > 0; histories that cannot be
        (a negative or fractional frequency, a negative recency, recency above
        age, recency above 0 without a repeat purchase, a value that is not
        finite), naming the first such value (``recency[3]``).

    Examples
    --------
    >>> bgnbd_probability_alive(0.243, 4.414, 0.793, 2.426, [0, 2, 2], [0, 30.43, 5.0],
    ...                         [38.86] * 3).round(4).tolist()
    [1.0, 0.7266, 0.1237]
    """
    from scipy import special  # lazily: importing clientel does not load scipy

    r, alpha, a, b = check_parameters(r, alpha, a, b)
    x, t_x, T = _histories(frequency, recency, age)
    D = _log_dead_odds(r, alpha, a, b, x, t_x, np.log(alpha + T))
    out: Float = special.expit(-D)
    return out


def bgnbd_expected_purchases(r: float, alpha: float, a: float, b: float, t: ArrayLike) -> Float:
    """E[X(t)]: expected repeat purchases of a new customer in the first ``t`` time units.

    Equation (7) of Fader, Hardie and Lee (2005)::

        E[X(t)] = (a+b-1)/(a-1) * (1 - (alpha/(alpha+t))**r * 2F1(r, b; a+b-1; t/(alpha+t)))

    evaluated with Euler's transformation of the hypergeometric function, which
    removes the singularity at ``a = 1`` from the arithmetic.

    Parameters
    ----------
    r, alpha : float
        The gamma mixing distribution of the purchase rate (shape, scale), > 0.
    a, b : float
        The beta mixing distribution of the dropout probability, > 0.
    t : array_like
        Lengths of the window from the first purchase, in the model's time unit.

    Returns
    -------
    numpy.ndarray
        E[X(t)] per entry of t.

    Examples
    --------
    >>> bgnbd_expected_purchases(0.243, 4.414, 0.793, 2.426, [1.0, 39.0, 78.0]).round(4).tolist()
    [0.0533, 1.1967, 1.8605]
    """
    r, alpha, a, b = check_parameters(r, alpha, a, b)
    tt = as_floats(t, "t")
    _check_horizon(tt)
    return _expectation(r, alpha, a, b, np.zeros_like(tt), alpha, tt)


def _check_horizon(t: Float) -> None:
    bad = ~np.isfinite(t) | (t < 0)
    if bad.any():
        i = _first_bad(bad.ravel())
        msg = "expected a finite horizon >= 0"
        raise InvalidInputError(msg, field=f"t[{i}]", value=float(t.ravel()[i]))


_NEAR_ONE = 1e-5  # within this of a = 1, interpolate across the removable singularity
_LARGE_C = 40.0  # scipy's hyp2f1 loses accuracy for c above about 80 near z = 1: integrate
_STEP = 1.0 / 24.0  # tanh-sinh step: about 1e-12 relative on the integrals here


def _expectation(
    r: float, alpha: float, a: float, b: float, x: Float, scale: Float | float, t: Float
) -> Float:
    """``E_p[(1 - (1 + p t/scale)**-(r+x)) / p]`` with ``p ~ Beta(a, b+x)``, broadcast.

    In closed form ``(c/(a-1)) (1 - (1-z)**(r+x) 2F1(r+x, b+x; c; z))`` with
    ``c = a+b+x-1`` and ``z = t/(scale+t)`` (see :func:`_closed_form`); where
    ``c`` is large, or the closed form is not finite or leaves the bounds the
    integral obeys (``0 <= E <= (r+x) t/scale``), by tanh-sinh quadrature of
    the integral over p (:func:`_quadrature`).
    """
    xb, sb, tb = np.broadcast_arrays(x, np.asarray(scale, dtype=np.float64), t)
    k, u = r + xb, tb / sb
    with np.errstate(all="ignore"):
        out = _closed_form(r, a, b, xb, sb, tb)
    c = a + b + xb - 1.0
    redo = (c >= _LARGE_C) | ~np.isfinite(out) | (out < 0) | (out > k * u * (1 + 1e-9))
    if redo.any():
        out = np.array(out, dtype=np.float64, copy=True)
        out[redo] = _quadrature(k[redo], b + xb[redo], a, u[redo])
    result: Float = np.asarray(out, dtype=np.float64)
    return result


def _closed_form(r: float, a: float, b: float, x: Float, scale: Float, t: Float) -> Float:
    """The hypergeometric form: of the bracket's two forms, the one whose series
    converges at ``z = 1`` for each element (as written when ``a - 1 >= r + x``,
    else after Euler's transformation ``2F1(p, q; c; z) = (1-z)**(c-p-q)
    2F1(c-p, c-q; c; z)``, i.e. ``1 - (1-z)**(a-1) 2F1(a+b-1-r, a-1; c; z)``).
    At ``a = 1`` the bracket and ``a - 1`` vanish together (a removable
    singularity): within ``_NEAR_ONE`` of it the value is interpolated linearly
    between ``a = 1 -/+ 2 _NEAR_ONE``.
    """
    from scipy import special  # lazily: importing clientel does not load scipy

    if abs(a - 1.0) < _NEAR_ONE:
        h = 2.0 * _NEAR_ONE
        lo = _closed_form(r, 1.0 - h, b, x, scale, t)
        hi = _closed_form(r, 1.0 + h, b, x, scale, t)
        w = (a - (1.0 - h)) / (2.0 * h)
        mix: Float = (1.0 - w) * lo + w * hi
        return mix
    c = a + b + x - 1.0
    log1mz = np.log(scale) - np.log(scale + t)  # ln(1 - z), exact for large t
    z = t / (scale + t)
    direct = a - 1.0 >= r + x
    p = np.where(direct, r + x, a + b - 1.0 - r)
    q = np.where(direct, b + x, a - 1.0)
    power = np.where(direct, r + x, a - 1.0)
    F = special.hyp2f1(p, q, c, z)
    bracket = -np.expm1(power * log1mz) * F - (F - 1.0)  # 1 - (1-z)**power * F
    out: Float = np.asarray(c / (a - 1.0) * bracket, dtype=np.float64)
    return out


def _quadrature(k: Float, q: Float, a: float, u: Float) -> Float:
    """``E[(1 - (1 + p u)**-k) / p]`` for ``p ~ Beta(a, q)``, one value per element.

    Tanh-sinh quadrature in log space: ``p = expit(pi sinh(tau))`` puts nodes
    doubly exponentially close to 0 and 1, where a beta density with a small
    shape has its mass; the range of tau grows with ``1 / min(a, q)`` so the
    neglected tails stay below ``exp(-40)``.
    """
    from scipy import special  # lazily: importing clientel does not load scipy

    span = float(np.arcsinh(2.0 / np.pi * 40.0 / min(a, float(q.min()), 1.0)))
    tau = np.arange(-span, span + _STEP / 2, _STEP)
    s = np.pi * np.sinh(tau)
    log_p = -np.logaddexp(0.0, -s)[None, :]
    log_1mp = -np.logaddexp(0.0, s)[None, :]
    with np.errstate(all="ignore"):  # np.where evaluates both branches; the kept one is exact
        log_pu = log_p + np.log(u)[:, None]
        small = log_pu < -20  # ln(1 + y) = y to double precision
        log_L = np.where(small, log_pu, np.log(np.logaddexp(0.0, log_pu)))  # ln ln(1 + p u)
        log_kL = np.log(k)[:, None] + log_L
        # ln(1 - (1 + p u)**-k) = ln(-expm1(-k L)), which is ln(k L) where k L is tiny
        log_num = np.where(
            log_kL < -20, log_kL, np.log(-np.expm1(-np.exp(np.minimum(log_kL, 700))))
        )
        log_weight = (
            (a - 1.0) * log_p
            + q[:, None] * log_1mp
            + np.log(np.pi * np.cosh(tau))[None, :]
            - special.betaln(a, q)[:, None]
        )  # fmt: skip  (p**(a-1) (1-p)**q: the density times dp/dtau = p (1-p) pi cosh tau, over p)
        out: Float = np.exp(log_num + log_weight).sum(axis=1) * _STEP
    return out


def bgnbd_conditional_expected_purchases(
    r: float,
    alpha: float,
    a: float,
    b: float,
    t: ArrayLike,
    frequency: ArrayLike,
    recency: ArrayLike,
    age: ArrayLike,
) -> Float:
    """E[Y(t) | x, t_x, T]: expected repeat purchases in the next ``t`` time units.

    Equation (10) of Fader, Hardie and Lee (2005): the expectation for a customer
    alive at T (the hypergeometric term, see :func:`bgnbd_expected_purchases`,
    with ``r+x``, ``b+x`` and ``alpha+T``) times :func:`bgnbd_probability_alive`.

    Parameters
    ----------
    r, alpha : float
        The gamma mixing distribution of the purchase rate (shape, scale), > 0.
    a, b : float
        The beta mixing distribution of the dropout probability, > 0.
    t : array_like
        The length of the future window, in the model's time unit.
    frequency : array_like
        Repeat purchases per customer (x).
    recency : array_like
        Time of the last repeat purchase (t_x, 0 without one).
    age : array_like
        Time since the first purchase (T), in the same unit as ``recency``.

    Returns
    -------
    numpy.ndarray
        The expected repeat purchases per customer (step 2.4.6's revenue per key client).

    Raises
    ------
    InvalidInputError
        A parameter that is not a finite number > 0; histories that cannot be
        (a negative or fractional frequency, a negative recency, recency above
        age, recency above 0 without a repeat purchase, a value that is not
        finite), naming the first such value (``recency[3]``).

    Examples
    --------
    The paper's customer with two repeat purchases, the last at week 30.43 of
    38.86, over the next 39 weeks:

    >>> round(float(bgnbd_conditional_expected_purchases(
    ...     0.243, 4.414, 0.793, 2.426, 39.0, 2, 30.43, 38.86)), 3)
    1.226
    """
    r, alpha, a, b = check_parameters(r, alpha, a, b)
    tt, x, t_x, T = _arrays(t=t, frequency=frequency, recency=recency, age=age)
    _check_horizon(tt)
    x, t_x, T = _histories(x, t_x, T)
    alive = bgnbd_probability_alive(r, alpha, a, b, x, t_x, T)
    out: Float = _expectation(r, alpha, a, b, x, alpha + T, tt) * alive
    return out


def bgnbd_sample(
    r: float,
    alpha: float,
    a: float,
    b: float,
    age: ArrayLike,
    rng: np.random.Generator,
) -> tuple[Float, Float]:
    """Simulate ``(frequency, recency)`` of customers with the given ages (vectorised).

    Each customer draws lambda ~ Gamma(r, 1/alpha) and p ~ Beta(a, b); purchase
    opportunities arrive as a Poisson process of rate lambda on (0, T], and the
    customer drops out after the J-th repeat purchase, J ~ Geometric(p). So
    ``x = min(M, J)`` with M ~ Poisson(lambda T), and the last purchase time is
    the x-th of M uniform order statistics: ``t_x = T * Beta(x, M - x + 1)``.

    Parameters
    ----------
    r, alpha : float
        The gamma mixing distribution of the purchase rate (shape, scale), > 0.
    a, b : float
        The beta mixing distribution of the dropout probability, > 0.
    age : array_like
        T per customer (> 0).
    rng : numpy.random.Generator
        The only source of randomness: same generator state, same histories.

    Returns
    -------
    frequency, recency : numpy.ndarray
        x and t_x per customer.

    Raises
    ------
    InvalidInputError
        Ages that are not a 1-D array of finite values > 0.

    Examples
    --------
    >>> x, t_x = bgnbd_sample(0.243, 4.414, 0.793, 2.426, [39.0] * 5, np.random.default_rng(1))
    >>> bool(((t_x <= 39) & ((x > 0) | (t_x == 0))).all())
    True
    """
    r, alpha, a, b = check_parameters(r, alpha, a, b)
    T = as_floats(age, "age")
    if T.ndim != 1 or not (np.isfinite(T) & (T > 0)).all():
        raise InvalidInputError("expected a 1-D array of finite ages > 0", field="age")
    n = T.size
    lam = rng.gamma(r, 1.0 / alpha, n)
    p = rng.beta(a, b, n)
    M = rng.poisson(lam * T).astype(np.float64)
    J = rng.geometric(np.clip(p, 1e-300, 1.0)).astype(np.float64)
    x = np.minimum(M, J)
    shape_a = np.where(x > 0, x, 1.0)
    u = rng.beta(shape_a, M - x + 1.0)
    t_x = np.where(x > 0, T * u, 0.0)
    return x, t_x
