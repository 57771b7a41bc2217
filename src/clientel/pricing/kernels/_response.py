"""The logit bid response: its model, the maximum-likelihood fit and the win probability.

The bid-response model is the logit of Phillips (2005, ch. 11)::

    w(p) = 1 / (1 + exp(a + b p + g . x)),    b > 0

``w`` is the probability of winning at price ``p``; ``x`` are optional covariates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Literal

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_floats
from clientel._internal.display import TableDisplay
from clientel._internal.validators import at_least, finite, str_tuple
from clientel.errors import InvalidInputError, MissingDataError
from clientel.pricing.kernels._newton import logit_moments, logit_sums, newton_logit, standardise

__all__ = ["BidResponseModel", "fit_bid_response", "fit_logit", "win_probability"]

F64 = NDArray[np.float64]
Basis = Literal["list_ratio", "price"]


def _floats(value: Sequence[float]) -> tuple[float, ...]:
    return tuple(float(v) for v in value)


@attrs.frozen(kw_only=True, repr=False)
class BidResponseModel(TableDisplay):
    """``w(x) = 1 / (1 + exp(a + b x))`` with ``x`` the price or price / list price (2.5.4).

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

    Notes
    -----
    Its JSON documents keep the type tag ``"WinProbabilityModel"`` (the
    class's name before 0.1.0), so stored models keep loading.

    Examples
    --------
    >>> BidResponseModel(a=-5.0, b=0.05, basis="price")
    <BidResponseModel price: a=-5, b=0.05>
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

    _display_title = "Bid-response model"
    _document_type: ClassVar[str] = "WinProbabilityModel"

    def __attrs_post_init__(self) -> None:
        if self.b <= 0:
            msg = "price coefficient must be > 0 (win probability must fall with price)"
            raise InvalidInputError(msg, field="BidResponseModel.b", value=self.b)
        if len(self.coefficients) != len(self.covariates) or not all(
            np.isfinite(self.coefficients)
        ):
            msg = "expected one finite coefficient per covariate"
            raise InvalidInputError(msg, field="BidResponseModel.coefficients")

    def __repr__(self) -> str:
        k = len(self.covariates)
        extra = f", {k} covariate{'s' if k > 1 else ''}" if k else ""
        fitted = f" (n={self.n}, wins={self.wins})" if self.n else ""
        return f"<BidResponseModel {self.basis}: a={self.a:.4g}, b={self.b:.4g}{extra}{fitted}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per term: the intercept ``a``, the price ``b``, then the covariates."""
        errors = self.standard_errors or (None,) * len(self.covariates)
        terms = [("a (intercept)", self.a, self.se_a), (f"b ({self.basis})", self.b, self.se_b)]
        terms += zip(self.covariates, self.coefficients, errors, strict=True)
        return [{"term": t, "coefficient": c, "standard_error": s} for t, c, s in terms]

    def intercept(self, covariates: Mapping[str, ArrayLike] | None = None) -> F64:
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


def win_probability(a: ArrayLike, b: ArrayLike, price: ArrayLike) -> F64:
    """``1 / (1 + exp(a + b p))`` without overflow, broadcast over arrays.

    Parameters
    ----------
    a, b : array_like
        Intercept and price coefficient of the bid response.
    price : array_like
        Prices (or ratios), broadcast with ``a`` and ``b``.

    Returns
    -------
    numpy.ndarray
        The win probability, in [0, 1].

    Examples
    --------
    >>> win_probability(-5.0, 0.05, [100.0, 0.0]).round(4).tolist()
    [0.5, 0.9933]
    """
    eta = as_floats(a, "a") + as_floats(b, "b") * as_floats(price, "price")
    return np.asarray(np.exp(-np.logaddexp(0.0, eta)), dtype=np.float64)


def fit_bid_response(
    x: ArrayLike,
    won: ArrayLike,
    *,
    basis: Basis = "list_ratio",
    covariates: Mapping[str, ArrayLike] | None = None,
) -> BidResponseModel:
    """The logit bid response fitted on arrays: ``x`` (n,) prices or ratios, ``won`` (n,) 0/1.

    ``covariates`` maps names to arrays of shape (n,), fitted as extra columns.
    :func:`clientel.pricing.fit_bid_response` does the same on deal records.

    Parameters
    ----------
    x : array_like, shape (n,)
        Price, or price / list price, of each closed deal (step 2.5.7).
    won : array_like, shape (n,)
        1 for won deals, 0 for lost.
    basis : {"list_ratio", "price"}
        What ``x`` is.
    covariates : mapping of str to array_like, optional
        Extra explanatory columns, one value per deal.

    Returns
    -------
    BidResponseModel
        The fitted curve with its standard errors and sample counts.

    Raises
    ------
    NoSolutionError
        All wins, all losses, or separated data (see :func:`fit_logit`).
    InvalidInputError
        Arrays of the wrong shape, or a fitted price coefficient ``b <= 0``.

    Examples
    --------
    >>> x = [0.80, 0.85, 0.90, 0.88, 0.95, 0.92, 0.97, 0.83]
    >>> model = fit_bid_response(x, [1, 1, 0, 1, 0, 1, 0, 0])
    >>> model.n, model.wins, model.b > 0
    (8, 4, True)
    """
    xs = np.asarray(x, dtype=np.float64)
    if xs.ndim != 1:
        raise InvalidInputError("expected a 1-d array", field="x")
    names, design = bid_design(xs, covariates)
    beta, cov, ll, _ = fit_logit(design, won)
    y = np.asarray(won, dtype=np.float64)
    return bid_response_model(beta, cov, ll, n=int(y.size), wins=int(y.sum()), basis=basis,
                              covariates=names)  # fmt: skip


def bid_design(xs: F64, covariates: Mapping[str, ArrayLike] | None) -> tuple[tuple[str, ...], F64]:
    """Covariate names (sorted) and the design ``[1, x, z...]`` of ``fit_bid_response``."""
    names = tuple(sorted(covariates or {}))
    extra = [np.asarray((covariates or {})[k], dtype=np.float64) for k in names]
    for name, col in zip(names, extra, strict=True):
        if col.shape != xs.shape:
            raise InvalidInputError(f"expected {xs.size} values", field=f"covariates[{name!r}]")
    return names, np.column_stack([np.ones_like(xs), xs, *extra])


def bid_response_model(
    beta: F64,
    cov: F64,
    ll: float,
    *,
    n: int,
    wins: int,
    basis: Basis,
    covariates: tuple[str, ...],
) -> BidResponseModel:
    """The fitted model from the logit's coefficients (``[a, b, g...]``) and covariance."""
    if beta[1] <= 0:
        msg = "fitted win probability rises with price; a bid-response optimum needs b > 0"
        raise InvalidInputError(msg, field="won", value=float(beta[1]))
    se = np.sqrt(np.diag(cov))
    return BidResponseModel(a=float(beta[0]), b=float(beta[1]), basis=basis,
                            se_a=float(se[0]), se_b=float(se[1]), log_likelihood=ll,
                            n=n, wins=wins, covariates=covariates,
                            coefficients=tuple(beta[2:]),
                            standard_errors=tuple(se[2:]))  # fmt: skip


def fit_logit(
    x: ArrayLike, won: ArrayLike, *, max_iter: int = 100, tol: float = 1e-10
) -> tuple[F64, F64, float, int]:
    """Maximum-likelihood logit ``P(win) = 1 / (1 + exp(X beta))`` by Newton (IRLS).

    Parameters
    ----------
    x : array of shape (n, k)
        Design matrix; the first column is usually ones (the intercept ``a``).
    won : array of shape (n,)
        1 for won deals, 0 for lost.
    max_iter : int
        Most Newton steps.
    tol : float
        Stop when a step gains less than ``tol`` of the log-likelihood
        (relative) and changes no coefficient by more than 1e-7 (relative to the
        largest coefficient).

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
    InvalidInputError
        A constant or collinear column besides the intercept (field ``x``).

    Notes
    -----
    Columns other than a leading constant are centred and scaled before the
    Newton steps (better conditioning on raw prices) and the coefficients and
    covariance are mapped back exactly. The steps are those of
    :func:`newton_logit` on the sums of :func:`logit_sums` over the whole
    matrix, the driver a partitioned fit (``clientel.dask``) shares; the
    work over rows is array arithmetic (one ``X.T @ (w X)`` per step).

    Examples
    --------
    >>> x = np.array([0.80, 0.85, 0.90, 0.88, 0.95, 0.92, 0.97, 0.83])
    >>> beta, cov, ll, steps = fit_logit(np.column_stack([np.ones(8), x]), [1, 1, 0, 1, 0, 1, 0, 0])
    >>> beta.shape, cov.shape, bool(beta[1] > 0)
    ((2,), (2, 2), True)
    """
    moments = logit_moments(x, won)
    scaling = moments.scaling()
    X, y = np.asarray(x, dtype=np.float64), np.asarray(won, dtype=np.float64)
    Zt = standardise(X, scaling)
    theta, cov_z, ll, iterations = newton_logit(
        lambda t: logit_sums(Zt, y, t), X.shape[1], moments.n, max_iter=max_iter, tol=tol
    )
    beta, cov = scaling.coefficients(theta, cov_z)
    return beta, cov, ll, iterations
