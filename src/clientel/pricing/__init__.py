"""Pricing (step 2.5.4): cost build-up, price bands, discounts, win/loss analytics.

Quotes of lines (:class:`~clientel.models.Quote`) get their waterfall and bands per
line and in total (:func:`quote_waterfall`, :func:`quote_bands`).

The public functions here take and return entities with exact
:class:`~clientel.models.Money`; the vectorised functions over float arrays
they are built on are in :mod:`clientel.pricing.kernels`.
"""

from clientel.pricing import kernels
from clientel.pricing._bands import PriceBand, percentile_band, price_band
from clientel.pricing._cost import (
    CostBuildUp,
    CostSummary,
    RateCard,
    RoleRate,
    margin_floor,
    margin_of_price,
    markup,
    price_for_margin,
    price_for_markup,
)
from clientel.pricing._deals import DealRecord, segment_path
from clientel.pricing._discounts import (
    VolumeTier,
    Waterfall,
    WaterfallStage,
    compound_discount,
    price_waterfall,
    volume_price,
)
from clientel.pricing._quote_pricing import QuoteBands, quote_bands, quote_waterfall
from clientel.pricing._response import fit_bid_response, optimal_price, win_probability
from clientel.pricing._response_evaluation import evaluate_bid_response
from clientel.pricing._winloss import (
    LossReasonShare,
    WinRate,
    loss_pareto,
    win_rates,
    win_rates_by_position,
)
from clientel.pricing.kernels._response import BidResponseModel

__all__ = [
    "BidResponseModel",
    "CostBuildUp",
    "CostSummary",
    "DealRecord",
    "LossReasonShare",
    "PriceBand",
    "QuoteBands",
    "RateCard",
    "RoleRate",
    "VolumeTier",
    "Waterfall",
    "WaterfallStage",
    "WinRate",
    "compound_discount",
    "evaluate_bid_response",
    "fit_bid_response",
    "kernels",
    "loss_pareto",
    "margin_floor",
    "margin_of_price",
    "markup",
    "optimal_price",
    "percentile_band",
    "price_band",
    "price_for_margin",
    "price_for_markup",
    "price_waterfall",
    "quote_bands",
    "quote_waterfall",
    "segment_path",
    "volume_price",
    "win_probability",
    "win_rates",
    "win_rates_by_position",
]
