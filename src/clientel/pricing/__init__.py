"""Pricing (step 2.5.4): cost build-up, price bands, discounts, win/loss analytics.

Quotes of lines (:class:`~clientel.models.Quote`) get their waterfall and bands per
line and in total (:func:`quote_waterfall`, :func:`quote_bands`).

The public functions here take and return entities with exact
:class:`~clientel.models.Money`; the vectorised functions over float arrays
they are built on are in :mod:`clientel.pricing.kernels`.
"""

from types import MappingProxyType
from typing import TYPE_CHECKING

from clientel._internal.lazy import exports

if TYPE_CHECKING:  # each name loads its module on first use (clientel._internal.lazy)
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

_NAMES = MappingProxyType(
    {  # name -> module (tests/test_lazy_exports.py checks it)
        "BidResponseModel": "clientel.pricing.kernels._response",
        "CostBuildUp": "clientel.pricing._cost",
        "CostSummary": "clientel.pricing._cost",
        "DealRecord": "clientel.pricing._deals",
        "LossReasonShare": "clientel.pricing._winloss",
        "PriceBand": "clientel.pricing._bands",
        "QuoteBands": "clientel.pricing._quote_pricing",
        "RateCard": "clientel.pricing._cost",
        "RoleRate": "clientel.pricing._cost",
        "VolumeTier": "clientel.pricing._discounts",
        "Waterfall": "clientel.pricing._discounts",
        "WaterfallStage": "clientel.pricing._discounts",
        "WinRate": "clientel.pricing._winloss",
        "compound_discount": "clientel.pricing._discounts",
        "evaluate_bid_response": "clientel.pricing._response_evaluation",
        "fit_bid_response": "clientel.pricing._response",
        "kernels": "clientel.pricing.kernels",
        "loss_pareto": "clientel.pricing._winloss",
        "margin_floor": "clientel.pricing._cost",
        "margin_of_price": "clientel.pricing._cost",
        "markup": "clientel.pricing._cost",
        "optimal_price": "clientel.pricing._response",
        "percentile_band": "clientel.pricing._bands",
        "price_band": "clientel.pricing._bands",
        "price_for_margin": "clientel.pricing._cost",
        "price_for_markup": "clientel.pricing._cost",
        "price_waterfall": "clientel.pricing._discounts",
        "quote_bands": "clientel.pricing._quote_pricing",
        "quote_waterfall": "clientel.pricing._quote_pricing",
        "segment_path": "clientel.pricing._deals",
        "volume_price": "clientel.pricing._discounts",
        "win_probability": "clientel.pricing._response",
        "win_rates": "clientel.pricing._winloss",
        "win_rates_by_position": "clientel.pricing._winloss",
    }
)
__getattr__, __dir__ = exports(__name__, _NAMES)
