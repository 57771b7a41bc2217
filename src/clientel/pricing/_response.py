"""Logit bid-response model: fit on won and lost deals, win probability, optimal price (2.5.4)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.validators import at_least, finite, str_tuple
from clientel.errors import InvalidInputError, MissingDataError
from clientel.pricing._deals import DealRecord, deal_arrays
from clientel.pricing._kernels import (
    fit_logit_kernel,
    optimal_price_kernel,
    win_probability_kernel,
)

__all__ = [
    "WinProbabilityModel",
    "fit_win_probability",
    "fit_win_probability_arrays",
    "optimal_price",
    "win_probability",
]

Basis = Literal["list_ratio", "price"]


def _floats(value: Sequence[float]) -> tuple[float, ...]:
    return tuple(float(v) for v in value)


@attrs.frozen(kw_only=True)
class WinProbabilityModel:
    """``w(x) = 1 / (1 + exp(a + b x))`` with ``x`` the price or price / list price.

    Parameters
    ----------
    a, b : float
        Intercept and price coefficient (``b > 0``: higher prices win less).
    basis : {"list_ratio", "price"}
        What ``x`` is: price as a fraction of list price (default) or the price itself.
    se_a, se_b : float, optional
        Standard errors from the inverse observed information (fitted models).
    log_likelihood : float, optional
        At the fit.
    n, wins : int
        Deals used and how many were won (0 for a model given by hand).
    covariates, coefficients, standard_errors : tuple
        Optional covariates (deal size, a segment dummy, ...): names, their
        coefficients ``g`` in ``a + b x + g . z``, and standard errors.
    """

    a: float = attrs.field(validator=finite)
    b: float = attrs.field(validator=finite)
    basis: Basis = "list_ratio"
    se_a: float | None = None
    se_b: float | None = None
    log_likelihood: float | None = None
    n: int = attrs.field(default=0, validator=at_least(0))
    wins: int = attrs.field(default=0, validator=at_least(0))
    covariates: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    coefficients: tuple[float, ...] = attrs.field(default=(), converter=_floats)
    standard_errors: tuple[float, ...] = attrs.field(default=(), converter=_floats)

    def __attrs_post_init__(self) -> None:
        if self.b <= 0:
            msg = "price coefficient must be > 0 (win probability must fall with price)"
            raise InvalidInputError(msg, field="WinProbabilityModel.b", value=self.b)
        if len(self.coefficients) != len(self.covariates) or not all(
            np.isfinite(self.coefficients)
        ):
            msg = "expected one finite coefficient per covariate"
            raise InvalidInputError(msg, field="WinProbabilityModel.coefficients")

    def intercept(self, covariates: Mapping[str, ArrayLike] | None = None) -> NDArray[np.float64]:
        """``a + g . z``: the intercept for deals with covariate values ``z`` (vectorised)."""
        out = np.asarray(self.a, dtype=np.float64)
        given = dict(covariates or {})
        unknown = sorted(set(given) - set(self.covariates))
        if unknown:
            raise InvalidInputError("not a covariate of the model", field="covariates",
                                    value=unknown)  # fmt: skip
        for name, g in zip(self.covariates, self.coefficients, strict=True):
            if name not in given:
                raise MissingDataError("the model needs this covariate",
                                       field=f"covariates[{name!r}]")  # fmt: skip
            out = out + g * np.asarray(given[name], dtype=np.float64)
        return np.asarray(out, dtype=np.float64)

    @property
    def mcfadden_r2(self) -> float | None:
        """McFadden's pseudo R^2 against the intercept-only model (fitted models only)."""
        if self.log_likelihood is None or self.n == 0 or self.wins in (0, self.n):
            return None
        r = self.wins / self.n
        null = self.wins * np.log(r) + (self.n - self.wins) * np.log(1 - r)
        return float(1.0 - self.log_likelihood / null)


def fit_win_probability(
    deals: Sequence[DealRecord],
    *,
    basis: Basis = "list_ratio",
    covariates: Mapping[str, Sequence[float]] | None = None,
) -> WinProbabilityModel:
    """Fit the logit bid-response curve by maximum likelihood on won AND lost deals.

    Parameters
    ----------
    deals : sequence of DealRecord
        Closed deals in one currency, with at least one win and one loss.
    basis : {"list_ratio", "price"}
        Regress on price / list price (comparable across deal sizes) or on price.
    covariates : mapping of name to sequence of float, optional
        Extra regressors, one value per deal (deal size, a 0/1 segment dummy, ...).

    Returns
    -------
    WinProbabilityModel
        Coefficients, standard errors, log-likelihood and sample size.

    Raises
    ------
    NoSolutionError
        All wins, all losses, or wins and losses separated by price (no finite MLE).
    CurrencyMismatchError
        Deals in more than one currency.

    Notes
    -----
    Newton-Raphson (IRLS) on the log-likelihood
    ``sum y log w + (1 - y) log(1 - w)``, vectorised over deals
    (:func:`fit_win_probability_arrays` does the same on arrays).

    References
    ----------
    R. L. Phillips, *Pricing and Revenue Optimization*, Stanford University
    Press, 2005, ch. 11 (customized pricing, logit bid-response).

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import Money
    >>> day = dt.date(2026, 1, 5)
    >>> deals = [DealRecord(id=f"d{i}", segment_id="ret", closed_on=day, won=won,
    ...                     price=Money(r, "EUR"), list_price=Money(100, "EUR"))
    ...          for i, (r, won) in enumerate([(80, True), (85, True), (90, False), (88, True),
    ...                                        (95, False), (92, True), (97, False), (83, False)])]
    >>> model = fit_win_probability(deals)
    >>> model.n, model.wins, model.b > 0
    (8, 4, True)
    """
    price, lst, _, won = deal_arrays(deals)
    x = price / lst if basis == "list_ratio" else price
    if basis not in ("list_ratio", "price"):
        raise InvalidInputError("expected 'list_ratio' or 'price'", field="basis", value=basis)
    return fit_win_probability_arrays(x, won, basis=basis, covariates=covariates)


def fit_win_probability_arrays(
    x: ArrayLike,
    won: ArrayLike,
    *,
    basis: Basis = "list_ratio",
    covariates: Mapping[str, ArrayLike] | None = None,
) -> WinProbabilityModel:
    """:func:`fit_win_probability` on arrays: ``x`` (n,) prices or ratios, ``won`` (n,) 0/1.

    ``covariates`` maps names to arrays of shape (n,), fitted as extra columns.
    """
    xs = np.asarray(x, dtype=np.float64)
    if xs.ndim != 1:
        raise InvalidInputError("expected a 1-d array", field="x")
    names = tuple(sorted(covariates or {}))
    extra = [np.asarray((covariates or {})[k], dtype=np.float64) for k in names]
    for name, col in zip(names, extra, strict=True):
        if col.shape != xs.shape:
            raise InvalidInputError(f"expected {xs.size} values", field=f"covariates[{name!r}]")
    design = np.column_stack([np.ones_like(xs), xs, *extra])
    beta, cov, ll, _ = fit_logit_kernel(design, won)
    if beta[1] <= 0:
        msg = "fitted win probability rises with price; a bid-response optimum needs b > 0"
        raise InvalidInputError(msg, field="won", value=float(beta[1]))
    se = np.sqrt(np.diag(cov))
    y = np.asarray(won, dtype=np.float64)
    return WinProbabilityModel(a=float(beta[0]), b=float(beta[1]), basis=basis,
                               se_a=float(se[0]), se_b=float(se[1]), log_likelihood=ll,
                               n=int(y.size), wins=int(y.sum()), covariates=names,
                               coefficients=tuple(beta[2:]),
                               standard_errors=tuple(se[2:]))  # fmt: skip


def win_probability(
    model: WinProbabilityModel, x: ArrayLike, *, covariates: Mapping[str, ArrayLike] | None = None
) -> NDArray[np.float64]:
    """Win probability at ``x`` (in the model's basis), vectorised; ``covariates`` per quote.

    Examples
    --------
    >>> m = WinProbabilityModel(a=-5.0, b=0.05, basis="price")
    >>> win_probability(m, [60.0, 100.0, 140.0]).round(3).tolist()
    [0.881, 0.5, 0.119]
    """
    return win_probability_kernel(model.intercept(covariates), model.b, x)


def optimal_price(
    model: WinProbabilityModel,
    cost: ArrayLike,
    *,
    ceiling: ArrayLike | None = None,
    method: Literal["lambertw", "numerical"] = "lambertw",
    covariates: Mapping[str, ArrayLike] | None = None,
) -> NDArray[np.float64]:
    """The price maximising expected profit ``(p - c) w(p)``, vectorised over costs.

    Parameters
    ----------
    model : WinProbabilityModel
        The bid-response curve; ``cost`` and the result are in its basis.
    cost : array_like
        Cost (or cost / list price for the ``list_ratio`` basis), one per quote.
    ceiling : array_like, optional
        Highest allowed price; since expected profit is unimodal the constrained
        optimum is ``min(p*, ceiling)``.
    method : {"lambertw", "numerical"}
        Closed form (below), or golden-section search of the log expected profit
        on ``[c, max(c, -a / b) + 50 / b]`` (120 steps), as an independent check.
    covariates : mapping of name to array_like, optional
        Covariate values per quote; they shift the intercept to ``a + g . z``, so the
        closed form still applies.

    Notes
    -----
    The first-order condition of ``(p - c) / (1 + exp(a + b p))`` gives

        p* = c + (1 + W(exp(-a - b c - 1))) / b

    (W: principal Lambert W; evaluated as Wright omega, ``W(e^z) = omega(z)``).

    References
    ----------
    R. L. Phillips, *Pricing and Revenue Optimization*, 2005, ch. 11.

    Examples
    --------
    A fleet bid with cost 60 (thousand) against ``w(p) = 1 / (1 + exp(-5 + 0.05 p))``:

    >>> m = WinProbabilityModel(a=-5.0, b=0.05, basis="price")
    >>> optimal_price(m, [60.0]).round(6).tolist()
    [100.0]
    """
    c = np.asarray(cost, dtype=np.float64)
    a = model.intercept(covariates)
    if method == "lambertw":
        best = optimal_price_kernel(a, model.b, c)
    elif method == "numerical":
        a_, c_ = np.broadcast_arrays(a, c)
        best = _golden(np.asarray(a_, np.float64), model.b, np.asarray(c_, np.float64))
    else:
        raise InvalidInputError("expected 'lambertw' or 'numerical'", field="method",
                                value=method)  # fmt: skip
    if ceiling is not None:
        best = np.minimum(best, np.asarray(ceiling, dtype=np.float64))
    return best


def _log_profit(
    a: NDArray[np.float64], b: float, c: NDArray[np.float64], p: NDArray[np.float64]
) -> NDArray[np.float64]:
    """``log((p - c) w(p))``: no underflow where ``w`` is tiny (-inf at ``p = c``)."""
    with np.errstate(divide="ignore"):
        gap = np.log(np.maximum(p - c, 0.0))
    return np.asarray(gap - np.logaddexp(0.0, a + b * p), dtype=np.float64)


def _golden(a: NDArray[np.float64], b: float, c: NDArray[np.float64]) -> NDArray[np.float64]:
    lo = c.astype(np.float64)
    hi = np.maximum(c, -a / b) + 50.0 / b
    ratio = (np.sqrt(5.0) - 1.0) / 2.0
    x1 = hi - ratio * (hi - lo)
    x2 = lo + ratio * (hi - lo)
    f1 = _log_profit(a, b, c, x1)
    f2 = _log_profit(a, b, c, x2)
    for _ in range(120):
        left = f1 >= f2  # the maximum is in [lo, x2]
        hi = np.where(left, x2, hi)
        lo = np.where(left, lo, x1)
        nx1 = np.where(left, hi - ratio * (hi - lo), x2)
        nx2 = np.where(left, x1, lo + ratio * (hi - lo))
        e1 = _log_profit(a, b, c, nx1)
        e2 = _log_profit(a, b, c, nx2)
        f1, f2 = np.where(left, e1, f2), np.where(left, f1, e2)
        x1, x2 = nx1, nx2
    return np.asarray(0.5 * (lo + hi), dtype=np.float64)
