"""Pricing kernels (step 2.5.4): vectorised functions over float arrays, no entities, no row loops.

The bid-response model is the logit of Phillips (2005, ch. 11)::

    w(p) = 1 / (1 + exp(a + b p + g . x)),    b > 0

``w`` is the probability of winning at price ``p``; ``x`` are optional
covariates. Expected profit is ``E(p) = (p - c) w(p)``, unimodal on ``p > c``.
The functions here take and return float arrays (prices, costs, coefficients)
and a :class:`~clientel.pricing.BidResponseModel` of plain floats; the
functions in :mod:`clientel.pricing` take deal records and return exact
:class:`~clientel.models.Money`.

References
----------
R. L. Phillips, *Pricing and Revenue Optimization*, Stanford University Press,
2005, ch. 11 (customized pricing, logit bid-response).
"""

from clientel.pricing.kernels._bands import (
    band,
    expected_profit,
    optimal_price,
    percentile,
    profit_band,
)
from clientel.pricing.kernels._newton import (
    LogitMoments,
    LogitScaling,
    LogitSums,
    logit_moments,
    logit_sums,
    newton_logit,
    standardise,
)
from clientel.pricing.kernels._response import fit_bid_response, fit_logit, win_probability

__all__ = [
    "LogitMoments",
    "LogitScaling",
    "LogitSums",
    "band",
    "expected_profit",
    "fit_bid_response",
    "fit_logit",
    "logit_moments",
    "logit_sums",
    "newton_logit",
    "optimal_price",
    "percentile",
    "profit_band",
    "standardise",
    "win_probability",
]
