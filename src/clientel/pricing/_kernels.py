"""Vectorised pricing kernels over float arrays (step 2.5.4): no entities, no row loops.

The bid-response model is the logit of Phillips (2005, ch. 11)::

    w(p) = 1 / (1 + exp(a + b p + g . x)),    b > 0

``w`` is the probability of winning at price ``p``; ``x`` are optional covariates.
Expected profit is ``E(p) = (p - c) w(p)``; because ``p - c`` and ``w`` are both
log-concave, ``E`` is unimodal on ``p > c``.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import finite
from clientel.errors import ConvergenceError, InvalidInputError, NoSolutionError

__all__ = [
    "expected_profit_kernel",
    "fit_logit_kernel",
    "optimal_price_kernel",
    "percentile_kernel",
    "profit_band_kernel",
    "win_probability_kernel",
]

F64 = NDArray[np.float64]
_NEWTON_STEPS: Final = 100


def win_probability_kernel(a: ArrayLike, b: ArrayLike, price: ArrayLike) -> F64:
    """``1 / (1 + exp(a + b p))`` without overflow, broadcast over arrays.

    Examples
    --------
    >>> win_probability_kernel(-5.0, 0.05, [100.0, 0.0]).round(4).tolist()
    [0.5, 0.9933]
    """
    eta = np.asarray(a, dtype=np.float64) + np.asarray(b, dtype=np.float64) * np.asarray(
        price, dtype=np.float64
    )
    return np.asarray(np.exp(-np.logaddexp(0.0, eta)), dtype=np.float64)


def expected_profit_kernel(a: ArrayLike, b: ArrayLike, cost: ArrayLike, price: ArrayLike) -> F64:
    """``(p - c) w(p)``, broadcast over arrays."""
    p = np.asarray(price, dtype=np.float64)
    return (p - np.asarray(cost, dtype=np.float64)) * win_probability_kernel(a, b, p)


def optimal_price_kernel(a: ArrayLike, b: ArrayLike, cost: ArrayLike) -> F64:
    """Closed-form maximiser of ``(p - c) / (1 + exp(a + b p))`` for ``b > 0``.

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
    >>> round(float(optimal_price_kernel(-5.0, 0.05, 60.0)[()]), 4)
    100.0
    """
    from scipy.special import wrightomega

    a_ = finite("a", a)
    b_ = finite("b", b)
    c_ = finite("cost", cost)
    if np.any(b_ <= 0):
        raise InvalidInputError("price coefficient b must be > 0 (demand falls with price)",
                                field="b")  # fmt: skip
    z = -a_ - b_ * c_ - 1.0
    omega = np.asarray(wrightomega(z), dtype=np.float64)
    return np.asarray(c_ + (1.0 + omega) / b_, dtype=np.float64)


def _log_profit(a: F64, b: F64, c: F64, p: F64) -> tuple[F64, F64]:
    """``log((p - c) w(p))`` and its derivative ``1 / (p - c) - b (1 - w(p))``."""
    u = a + b * p
    soft = np.logaddexp(0.0, u)
    with np.errstate(divide="ignore"):
        gap = p - c
        value = np.log(gap) - soft
        slope = 1.0 / gap - b * np.exp(u - soft)
    return value, slope


def profit_band_kernel(
    a: ArrayLike, b: ArrayLike, cost: ArrayLike, delta: float
) -> tuple[F64, F64, F64]:
    """Prices where expected profit falls to ``(1 - delta)`` of its maximum.

    Returns ``(low, p_star, high)`` with ``c < low <= p* <= high``.

    Notes
    -----
    ``g(p) = log E(p) - log((1 - delta) E(p*))`` is concave (``E`` is
    log-concave), so Newton's method started on the outer side of a root moves
    monotonically towards it without overshooting. The lower root starts at
    ``c + T / w(c)`` (left of it because ``E(p) <= (p - c) w(c)``), the upper
    root at ``p* + k / b`` with ``k`` doubled until ``g <= 0``. Iterations stop
    when every step is below 1e-12 of the price scale (at most 100).
    ``delta = 0`` gives ``low = high = p*``.
    """
    if not 0.0 <= delta < 1.0:
        raise InvalidInputError("expected 0 <= delta < 1", field="delta", value=delta)
    a_, b_, c_ = (np.asarray(v, dtype=np.float64) for v in np.broadcast_arrays(
        finite("a", a), finite("b", b), finite("cost", cost)))  # fmt: skip
    star = optimal_price_kernel(a_, b_, c_)
    if delta == 0.0:
        return star.copy(), star, star.copy()
    log_target = np.log1p(-delta) + _log_profit(a_, b_, c_, star)[0]
    tol = 1e-12 * (np.abs(star) + 1.0 / b_)

    def newton(p: F64, lower: bool) -> F64:
        for _ in range(_NEWTON_STEPS):
            value, slope = _log_profit(a_, b_, c_, p)
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


def percentile_kernel(values: ArrayLike, q: ArrayLike) -> F64:
    """Percentiles ``q`` (0..100) with numpy's default linear interpolation (Hyndman-Fan 7)."""
    v = finite("values", values)
    if v.size == 0:
        raise InvalidInputError("expected at least one value", field="values")
    qs = np.asarray(q, dtype=np.float64)
    return np.asarray(np.percentile(v, qs, method="linear"), dtype=np.float64)


def fit_logit_kernel(
    x: ArrayLike, won: ArrayLike, *, max_iter: int = 100, tol: float = 1e-10
) -> tuple[F64, F64, float, int]:
    """Maximum-likelihood logit ``P(win) = 1 / (1 + exp(X beta))`` by Newton (IRLS).

    Parameters
    ----------
    x : array of shape (n, k)
        Design matrix; the first column is usually ones (the intercept ``a``).
    won : array of shape (n,)
        1 for won deals, 0 for lost.

    Returns
    -------
    beta, covariance, log_likelihood, iterations
        ``beta`` in the sign convention above (``b > 0`` when wins fall with
        price); ``covariance`` is the inverse observed information.

    Raises
    ------
    NoSolutionError
        All wins or all losses, or (quasi-)perfectly separated data, where the
        likelihood has no finite maximiser.
    ConvergenceError
        Newton did not converge in ``max_iter`` steps.

    Notes
    -----
    Columns other than a leading constant are centred and scaled before the
    Newton steps (better conditioning on raw prices) and the coefficients and
    covariance are mapped back exactly. Each step halves until the
    log-likelihood does not decrease; the loop is over iterations, the work
    over rows is array arithmetic (one ``X.T @ (w X)`` per step).
    """
    X = finite("x", x)
    y = finite("won", won)
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0]:
        raise InvalidInputError("expected x of shape (n, k) and won of shape (n,)", field="x")
    if not np.all((y == 0.0) | (y == 1.0)):
        raise InvalidInputError("expected 0 or 1 for every deal", field="won")
    n, k = X.shape
    wins = float(y.sum())
    if wins == 0.0 or wins == n:
        word = "losses" if wins == 0.0 else "wins"
        raise NoSolutionError(f"all {n} deals are {word}: the logit has no finite fit",
                              field="won")  # fmt: skip
    Zt = np.ascontiguousarray(X.T)  # k x n: rows are long and contiguous
    const = np.all(Zt[:, :1] == Zt, axis=1) & (Zt[:, 0] != 0.0)
    inter = int(np.flatnonzero(const)[0]) if np.any(const) else -1
    centre = np.where(const, 0.0, Zt.mean(axis=1)) if inter >= 0 else np.zeros(k)
    scale = np.where(const, 1.0, Zt.std(axis=1))
    if np.any(scale == 0.0):
        raise InvalidInputError("a covariate is constant (or zero)", field="x")
    Zt -= centre[:, None]
    Zt /= scale[:, None]
    gram = Zt @ Zt.T
    if np.linalg.matrix_rank(gram) < k:
        raise InvalidInputError("design matrix columns are collinear", field="x")
    theta = np.zeros(k)  # P(win) = expit(Z theta)
    yz = Zt @ y

    def evaluate(t: F64) -> tuple[float, F64]:
        """Log-likelihood ``sum(y eta) - sum(log(1 + e^eta))`` and ``P(win)``, one exp."""
        eta = t @ Zt
        e = np.abs(eta)
        np.negative(e, out=e)
        np.exp(e, out=e)  # e = exp(-|eta|) in (0, 1]
        pos = eta > 0.0
        soft = float(np.maximum(eta, 0.0).sum() + np.log1p(e).sum())
        # P(win) = 1 / (1 + e) where eta > 0, e / (1 + e) elsewhere (no overflow either way).
        p = ((1.0 - e) * pos + e) / (1.0 + e)
        return float(yz @ t) - soft, p

    ll, p = evaluate(theta)
    iterations = 0
    converged = False
    for iterations in range(1, max_iter + 1):  # noqa: B007 - reported below
        grad = yz - Zt @ p
        hess = (Zt * (p * (1.0 - p))) @ Zt.T
        try:
            step = np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError:
            raise NoSolutionError("separated data: information matrix is singular",
                                  field="won") from None  # fmt: skip
        ll_new, p_new = evaluate(theta + step)
        for _ in range(30):
            if ll_new >= ll - 1e-12 * abs(ll):
                break
            step = step / 2.0
            ll_new, p_new = evaluate(theta + step)
        theta, gain, ll, p = theta + step, ll_new - ll, ll_new, p_new
        if abs(gain) <= tol * (1.0 + abs(ll)) and float(np.max(np.abs(step))) <= 1e-7 * (
            1.0 + float(np.max(np.abs(theta)))
        ):
            converged = True
            break
    if ll > -1e-6 * n or float(np.max(np.abs(theta))) > 30.0:
        raise NoSolutionError("perfectly or quasi-perfectly separated data: wins and losses are "
                              "split by the covariates, the maximum likelihood is at infinity",
                              field="won")  # fmt: skip
    if not converged:
        raise ConvergenceError(f"logit fit did not converge in {max_iter} Newton steps",
                               field="max_iter")  # fmt: skip
    cov_z = np.linalg.inv((Zt * (p * (1.0 - p))) @ Zt.T)
    # Map back: eta = sum_j theta_j (X_j - centre_j) / scale_j; the constant column (value v)
    # absorbs the centring: beta = M theta.
    M = np.diag(1.0 / scale)
    if inter >= 0:
        M[inter, :] = -centre / scale
        M[inter, inter] += 1.0
        M[inter, :] /= X[0, inter]
    t_scaled = M @ theta
    cov_x = M @ cov_z @ M.T
    return -t_scaled, np.asarray(cov_x, dtype=np.float64), float(ll), iterations
