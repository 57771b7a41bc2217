"""Maximum-likelihood fit of the BG/NBD model: :class:`BgNbdModel` and :func:`fit_bgnbd`.

The log-likelihood of :func:`~clientel.planning.kernels.bgnbd_log_likelihood`
and its analytic gradient are evaluated in one vectorised pass per step; terms
that depend only on a customer's frequency (gamma, beta and digamma functions)
are computed once per distinct frequency. scipy's BFGS works on the logarithms
of the four parameters (so they stay positive), and a few Newton steps with the
Hessian from differences of the analytic gradient polish the optimum and give
the standard errors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_floats
from clientel._internal.display import TableDisplay
from clientel._internal.validators import at_least, finite
from clientel.errors import ConvergenceError, InvalidInputError
from clientel.planning.kernels._bgnbd import (
    PARAMETERS,
    bgnbd_conditional_expected_purchases,
    bgnbd_expected_purchases,
    bgnbd_log_likelihood,
    bgnbd_probability_alive,
    check_histories,
)

__all__ = ["BgNbdModel", "Objective", "fit_bgnbd"]

Float = NDArray[np.float64]


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    finite(instance, attribute, value)
    if value <= 0:
        msg = "must be > 0"
        raise InvalidInputError(msg, field=f"BgNbdModel.{attribute.name}", value=value)


def _floats(value: Sequence[float]) -> tuple[float, ...]:
    return tuple(float(v) for v in value)


@attrs.frozen(kw_only=True, repr=False)
class BgNbdModel(TableDisplay):
    """A BG/NBD model of repeat purchasing: four parameters and how they were found (2.3.1).

    Parameters
    ----------
    r, alpha : float
        Shape and rate of the gamma distribution of purchase rates (purchases
        per ``time_unit``: the mean rate is ``r / alpha``).
    a, b : float
        Shapes of the beta distribution of the dropout probability after a
        purchase (mean ``a / (a + b)``).
    time_unit : str
        The unit of recency, age and horizons, e.g. ``"week"``.
    log_likelihood : float, optional
        At the fit (sum over customers).
    customers : int
        Customers the model was fitted on, the total weight when rows carry
        counts (0 for a model given by hand).
    standard_errors : tuple of float
        Of ``(r, alpha, a, b)`` from the inverse observed information (fitted models).
    iterations : int
        Optimiser iterations of the fit.

    Examples
    --------
    The estimates Fader, Hardie and Lee (2005) report for CDNOW, weeks:

    >>> m = BgNbdModel(r=0.243, alpha=4.414, a=0.793, b=2.426, time_unit="week")
    >>> m
    <BgNbdModel r=0.243, alpha=4.414, a=0.793, b=2.426 (week)>
    >>> round(float(m.conditional_expected_purchases(39, 2, 30.43, 38.86)), 3)
    1.226
    """

    r: float = attrs.field(validator=_positive)
    alpha: float = attrs.field(validator=_positive)
    a: float = attrs.field(validator=_positive)
    b: float = attrs.field(validator=_positive)
    time_unit: str = "week"
    log_likelihood: float | None = None
    customers: int = attrs.field(default=0, validator=at_least(0))
    standard_errors: tuple[float, ...] = attrs.field(default=(), converter=_floats)
    iterations: int = attrs.field(default=0, validator=at_least(0))

    _display_title = "BG/NBD model"
    _document_type: ClassVar[str] = "BgNbdModel"

    def __attrs_post_init__(self) -> None:
        if self.standard_errors and len(self.standard_errors) != len(PARAMETERS):
            msg = "expected no standard errors or one per parameter (r, alpha, a, b)"
            raise InvalidInputError(msg, field="BgNbdModel.standard_errors")

    def __repr__(self) -> str:
        fitted = f", n={self.customers}, LL={self.log_likelihood:.6g}" if self.customers else ""
        return (
            f"<BgNbdModel r={self.r:.4g}, alpha={self.alpha:.4g}, a={self.a:.4g}, "
            f"b={self.b:.4g} ({self.time_unit}{fitted})>"
        )

    @property
    def parameters(self) -> tuple[float, float, float, float]:
        """``(r, alpha, a, b)``."""
        return (self.r, self.alpha, self.a, self.b)

    def to_records(self) -> list[dict[str, Any]]:
        """One row per parameter with its estimate and standard error."""
        errors = self.standard_errors or (None,) * len(PARAMETERS)
        return [
            {"parameter": name, "estimate": value, "standard_error": se}
            for name, value, se in zip(PARAMETERS, self.parameters, errors, strict=True)
        ]

    def log_likelihoods(self, frequency: ArrayLike, recency: ArrayLike, age: ArrayLike) -> Float:
        """Each customer's log-likelihood (see :func:`bgnbd_log_likelihood`)."""
        x, t_x, T = check_histories(frequency, recency, age)
        return bgnbd_log_likelihood(*self.parameters, x, t_x, T)

    def probability_alive(self, frequency: ArrayLike, recency: ArrayLike, age: ArrayLike) -> Float:
        """P(alive) of each customer at its age (see :func:`bgnbd_probability_alive`)."""
        x, t_x, T = check_histories(frequency, recency, age)
        return bgnbd_probability_alive(*self.parameters, x, t_x, T)

    def expected_purchases(self, t: ArrayLike) -> Float:
        """E[X(t)] of a new customer (see :func:`bgnbd_expected_purchases`)."""
        return bgnbd_expected_purchases(*self.parameters, t)

    def conditional_expected_purchases(
        self, t: ArrayLike, frequency: ArrayLike, recency: ArrayLike, age: ArrayLike
    ) -> Float:
        """Expected purchases in the next ``t`` time units given each history (eq. 10)."""
        x, t_x, T = check_histories(
            np.atleast_1d(frequency), np.atleast_1d(recency), np.atleast_1d(age)
        )
        out = bgnbd_conditional_expected_purchases(*self.parameters, t, x, t_x, T)
        return out if np.ndim(frequency) else out.reshape(np.shape(out)[1:] or ())


class Objective:
    """Mean negative log-likelihood of histories and its gradient in log-parameters.

    Built once per fit: the customers are grouped by frequency so the special
    functions of ``r + x``, ``b + x`` and ``a + b + x`` are evaluated once per
    distinct ``x``; each call then makes a few vectorised passes over customers.
    ``__call__(theta)`` with ``theta = ln(r, alpha, a, b)`` returns
    ``(value, gradient)``; ``total(theta)`` the summed (weighted) log-likelihood.
    """

    def __init__(self, x: Float, t_x: Float, T: Float, w: Float) -> None:
        self.xs, inverse = np.unique(x, return_inverse=True)
        self.W = np.bincount(inverse, weights=w, minlength=self.xs.size).astype(np.float64)
        self.total_weight = float(w.sum())
        rep = x > 0
        self.T, self.w = T, w
        self.xr, self.tr, self.Tr, self.wr = x[rep], t_x[rep], T[rep], w[rep]
        self.wxr = self.wr * self.xr
        self.ir = inverse[rep]  # index into xs of each repeat buyer

    def parts(self, theta: Float) -> tuple[float, Float]:
        """Summed log-likelihood and its gradient with respect to ``theta``."""
        from scipy import special  # lazily: importing clientel does not load scipy

        r, alpha, a, b = np.exp(theta)  # numpy floats: overflow gives inf, never an exception
        xs, W, total = self.xs, self.W, self.total_weight
        lT_all = np.log(alpha + self.T)
        lT, lt = np.log(alpha + self.Tr), np.log(alpha + self.tr)
        bx1 = b + np.maximum(xs, 1.0) - 1.0  # b + x - 1 per x (> 0 where used)
        D = (np.log(a) - np.log(bx1))[self.ir] + (r + self.xr) * (lT - lt)
        ws = self.wr * special.expit(D)  # weight times (1 - P(alive)) of each repeat buyer
        per_x = (
            special.gammaln(r + xs) - special.gammaln(r)
            + special.betaln(a, b + xs) - special.betaln(a, b)
        )  # fmt: skip
        ll = (
            _dot(W, per_x) + total * r * np.log(alpha) - r * _dot(self.w, lT_all)
            - _dot(self.wxr, lT) + _dot(self.wr, np.logaddexp(0.0, D))
        )  # fmt: skip
        d_r = (
            _dot(W, special.digamma(r + xs)) - total * special.digamma(r)
            + total * np.log(alpha) - _dot(self.w, lT_all) + _dot(ws, lT - lt)
        )  # fmt: skip
        inv_T, inv_t = 1.0 / (alpha + self.Tr), 1.0 / (alpha + self.tr)
        d_alpha = (
            total * r / alpha - r * _dot(self.w, 1.0 / (alpha + self.T))
            - _dot(self.wxr, inv_T) + _dot(ws * (r + self.xr), inv_T - inv_t)
        )  # fmt: skip
        psi_ab, psi_abx = special.digamma(a + b), special.digamma(a + b + xs)
        d_a = _dot(W, psi_ab - psi_abx) + float(ws.sum()) / a
        ws_x = np.bincount(self.ir, weights=ws, minlength=xs.size).astype(np.float64)
        d_b = _dot(W, special.digamma(b + xs) - special.digamma(b) + psi_ab - psi_abx) - _dot(
            ws_x, 1.0 / bx1
        )
        grad = np.array([d_r * r, d_alpha * alpha, d_a * a, d_b * b])
        return ll, grad

    def __call__(self, theta: Float) -> tuple[float, Float]:
        with np.errstate(all="ignore"):
            ll, grad = self.parts(theta)
        if not (np.isfinite(ll) and np.isfinite(grad).all()):
            return np.inf, np.zeros_like(theta)  # off the map: the line search steps back
        return -ll / self.total_weight, -grad / self.total_weight

    def total(self, theta: Float) -> float:
        """The summed (weighted) log-likelihood at ``theta``."""
        with np.errstate(all="ignore"):
            return self.parts(theta)[0]


def _dot(u: Float, v: Float) -> float:
    """Sum of products without BLAS (whose threads contend on a shared machine)."""
    return float(np.einsum("i,i->", u, v))


def _weights(weights: ArrayLike | None, n: int) -> Float:
    if weights is None:
        return np.ones(n)
    w = as_floats(weights, "weights")
    if w.shape != (n,):
        raise InvalidInputError(f"expected {n} weights, one per customer", field="weights",
                                value=w.shape)  # fmt: skip
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidInputError("weight must be finite and >= 0", field=f"weights[{i}]",
                                value=float(w[i]))  # fmt: skip
    if w.sum() <= 0:
        raise InvalidInputError("weights must not all be zero", field="weights")
    return w


#: A fit counts as a strict maximum when the Hessian's smallest eigenvalue exceeds this
#: share of its largest (well-posed CDNOW-like fits: about 5e-3; flat directions: < 1e-6).
_IDENTIFIED = 1e-6


def _hessian(grad: Callable[[Float], Float], theta: Float, h: float = 1e-5) -> Float:
    """Symmetrised central differences of an analytic gradient (8 evaluations)."""
    k = theta.size
    H = np.empty((k, k))
    for j in range(k):  # four parameters, not customers
        step = np.zeros(k)
        step[j] = h
        H[:, j] = (grad(theta + step) - grad(theta - step)) / (2 * h)
    out: Float = 0.5 * (H + H.T)
    return out


def _start(x: Float, T: Float, w: Float) -> Float:
    """Moment-based start: r = 1 and alpha from the mean purchase rate; a = b = 1."""
    rate = _dot(w, x) / _dot(w, np.maximum(T, 1e-12))
    out: Float = np.log(np.array([1.0, 1.0 / max(rate, 1e-6), 1.0, 1.0]))
    return out


def fit_bgnbd(
    frequency: ArrayLike,
    recency: ArrayLike,
    age: ArrayLike,
    *,
    ids: Sequence[str] | None = None,
    weights: ArrayLike | None = None,
    time_unit: str = "week",
    tol: float = 1e-10,
    max_iter: int = 500,
) -> BgNbdModel:
    """Fit the BG/NBD model to customer histories by maximum likelihood (step 2.3.1).

    Parameters
    ----------
    frequency : array_like of int
        Repeat purchases x of each customer (purchases after the first).
    recency : array_like of float
        Time of the last repeat purchase since the first purchase, t_x (0 when x = 0).
    age : array_like of float
        Time since the first purchase, T (the end of the observation period).
    ids : sequence of str, optional
        Customer ids, named in errors next to the row number.
    weights : array_like, optional
        A count per row (for histories grouped by (x, t_x, T)); 1 by default.
    time_unit : str
        Unit of recency and age, kept with the model (``"week"`` by default).
    tol : float
        Convergence tolerance on the largest gradient component of the mean
        log-likelihood with respect to ``ln(r, alpha, a, b)``.
    max_iter : int
        Optimiser iterations allowed.

    Returns
    -------
    BgNbdModel
        The estimates, the log-likelihood at them, standard errors and the
        number of customers.

    Raises
    ------
    InvalidInputError
        A customer row that cannot be a BG/NBD history (named with its row and
        id: negative or fractional frequency, recency above age, recency above
        0 without repeat purchases, a non-finite value), bad weights, or no
        repeat purchase at all (the purchase rate cannot be estimated).
    ConvergenceError
        The optimiser stopped before the gradient met ``tol``, or a parameter
        ran off to 0 or infinity (the data do not identify the model).

    Notes
    -----
    Log-likelihood: equation (6) of Fader, Hardie and Lee (2005) in the stable
    form of :func:`bgnbd_log_likelihood`; gradient analytic; optimiser BFGS on
    log-parameters, then Newton steps with a finite-difference Hessian of the
    gradient. The result does not depend on the order of the customers beyond
    floating-point summation order.

    Examples
    --------
    Histories simulated from the CDNOW estimates come back close to them:

    >>> import numpy as np
    >>> from clientel.planning.kernels import bgnbd_sample
    >>> age = np.random.default_rng(7).uniform(27, 39, 20_000)
    >>> x, t_x = bgnbd_sample(0.243, 4.414, 0.793, 2.426, age, np.random.default_rng(8))
    >>> m = fit_bgnbd(x, t_x, age)
    >>> [round(v, 1) for v in m.parameters]
    [0.2, 4.5, 0.8, 2.4]
    """
    x, t_x, T = check_histories(frequency, recency, age, ids=ids)
    w = _weights(weights, x.size)
    with np.errstate(all="ignore"):  # parameters far off overflow: they are caught below
        return _fit(x, t_x, T, w, time_unit=time_unit, tol=tol, max_iter=max_iter)


def _fit(
    x: Float, t_x: Float, T: Float, w: Float, *, time_unit: str, tol: float, max_iter: int
) -> BgNbdModel:
    from scipy import optimize  # lazily: importing clientel does not load scipy

    if not (w[x > 0] > 0).any():
        msg = "no customer with a repeat purchase: the purchase rate cannot be estimated"
        raise InvalidInputError(msg, field="frequency")
    objective = Objective(x, t_x, T, w)
    theta0 = _start(x, T, w)
    res = optimize.minimize(objective, theta0, jac=True, method="BFGS",
                            options={"gtol": tol, "maxiter": max_iter})  # fmt: skip
    theta = np.asarray(res.x, dtype=np.float64)
    if res.status == 1:  # maximum number of iterations reached
        msg = f"no convergence within max_iter = {max_iter} iterations"
        raise ConvergenceError(msg, field="fit_bgnbd", value=res.message)

    def grad(th: Float) -> Float:
        return objective(th)[1]

    H = _hessian(grad, theta)
    g = grad(theta)
    for _ in range(4):  # Newton polish: BFGS's line search stalls near the optimum
        if not np.isfinite(H).all():
            break
        try:
            trial = theta - np.linalg.solve(H, g)
        except np.linalg.LinAlgError:
            break
        g_trial = grad(trial)  # the gradient is exact where the value is lost in rounding
        if not np.abs(g_trial).max() < np.abs(g).max():
            break
        theta, g = trial, g_trial
    eig = np.linalg.eigvalsh(H) if np.isfinite(H).all() else np.array([np.nan])
    if not eig.min() > _IDENTIFIED * eig.max():
        found = dict(zip(PARAMETERS, np.exp(theta).tolist(), strict=True))
        msg = (
            "the histories do not identify the model: the likelihood is flat along some "
            "direction (no sign of dropout: a -> 0, b -> inf; or one dropout probability "
            "for all: a, b -> inf with a/b fixed)"
        )
        raise ConvergenceError(msg, field="fit_bgnbd", value=found)
    if not np.isfinite(theta).all() or np.abs(theta).max() > 30:
        msg = "a parameter ran off to 0 or infinity: the histories do not identify the model"
        found = dict(zip(PARAMETERS, np.exp(theta).tolist(), strict=True))
        raise ConvergenceError(msg, field="fit_bgnbd", value=found)
    if not np.abs(g).max() <= max(tol, 1e-8):
        msg = f"optimiser stopped after {res.nit} iterations with gradient {np.abs(g).max():.3g}"
        raise ConvergenceError(msg, field="fit_bgnbd", value=res.message)
    params = np.exp(theta)
    try:  # observed information in natural parameters: J^-T H^-1 J^-1 with J = diag(1/p)
        cov = np.linalg.inv(H * objective.total_weight) * np.outer(params, params)
        se = tuple(float(v) for v in np.sqrt(np.clip(np.diag(cov), 0.0, None)))
    except np.linalg.LinAlgError:  # pragma: no cover - a singular Hessian at a fitted optimum
        se = ()
    return BgNbdModel(
        r=float(params[0]),
        alpha=float(params[1]),
        a=float(params[2]),
        b=float(params[3]),
        time_unit=time_unit,
        log_likelihood=objective.total(theta),
        customers=round(float(w.sum())),
        standard_errors=se,
        iterations=int(res.nit),
    )
