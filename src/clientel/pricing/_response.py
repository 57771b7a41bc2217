"""Logit bid response on deal records: fit, win probability, optimal price (step 2.5.4)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

import clientel.pricing.kernels as kernels
from clientel.errors import InvalidInputError
from clientel.pricing._deals import DealRecord, deal_arrays
from clientel.pricing.kernels._response import Basis, BidResponseModel

__all__ = ["fit_bid_response", "optimal_price", "win_probability"]


def fit_bid_response(
    deals: Sequence[DealRecord],
    *,
    basis: Basis = "list_ratio",
    covariates: Mapping[str, Sequence[float]] | None = None,
) -> BidResponseModel:
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
    BidResponseModel
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
    (:func:`clientel.pricing.kernels.fit_bid_response` does the same on arrays).

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
    >>> model = fit_bid_response(deals)
    >>> model.n, model.wins, model.b > 0
    (8, 4, True)
    """
    price, lst, _, won = deal_arrays(deals)
    x = price / lst if basis == "list_ratio" else price
    if basis not in ("list_ratio", "price"):
        raise InvalidInputError("expected 'list_ratio' or 'price'", field="basis", value=basis)
    return kernels.fit_bid_response(x, won, basis=basis, covariates=covariates)


def win_probability(
    model: BidResponseModel, x: ArrayLike, *, covariates: Mapping[str, ArrayLike] | None = None
) -> NDArray[np.float64]:
    """Win probability at ``x`` (in the model's basis), vectorised; ``covariates`` per quote.

    Parameters
    ----------
    model : BidResponseModel
        The bid-response curve (step 2.5.4).
    x : array_like
        Prices (or price / list price for the ``list_ratio`` basis).
    covariates : mapping of str to array_like, optional
        Covariate values per quote, for a model fitted with covariates.

    Returns
    -------
    numpy.ndarray
        The win probability of each quote, in [0, 1].

    Examples
    --------
    >>> m = BidResponseModel(a=-5.0, b=0.05, basis="price")
    >>> win_probability(m, [60.0, 100.0, 140.0]).round(3).tolist()
    [0.881, 0.5, 0.119]
    """
    return kernels.win_probability(model.intercept(covariates), model.b, x)


def optimal_price(
    model: BidResponseModel,
    cost: ArrayLike,
    *,
    ceiling: ArrayLike | None = None,
    method: Literal["lambertw", "numerical"] = "lambertw",
    covariates: Mapping[str, ArrayLike] | None = None,
) -> NDArray[np.float64]:
    """The price maximising expected profit ``(p - c) w(p)``, vectorised over costs.

    Parameters
    ----------
    model : BidResponseModel
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

    Returns
    -------
    numpy.ndarray
        The optimal price per quote, in the model's basis (step 2.5.4).

    Raises
    ------
    InvalidInputError
        A cost that is not finite, or an unknown method.

    Notes
    -----
    The first-order condition of ``(p - c) / (1 + exp(a + b p))`` gives

        p* = c + (1 + W(exp(-a - b c - 1))) / b

    (W: principal Lambert W; evaluated as Wright omega, ``W(e^z) = omega(z)``);
    see :func:`clientel.pricing.kernels.optimal_price`.

    References
    ----------
    R. L. Phillips, *Pricing and Revenue Optimization*, 2005, ch. 11.

    Examples
    --------
    A fleet bid with cost 60 (thousand) against ``w(p) = 1 / (1 + exp(-5 + 0.05 p))``:

    >>> m = BidResponseModel(a=-5.0, b=0.05, basis="price")
    >>> optimal_price(m, [60.0]).round(6).tolist()
    [100.0]
    """
    best = kernels.optimal_price(model.intercept(covariates), model.b, cost, method=method)
    if ceiling is not None:
        best = np.minimum(best, np.asarray(ceiling, dtype=np.float64))
    return best
