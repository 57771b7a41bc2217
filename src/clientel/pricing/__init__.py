"""Pricing (step 2.5.4, authority of 2.5.5-2.5.6): cost build-up, bands, discounts, authority.

Kernels over float arrays live in :mod:`clientel.pricing._kernels`; the public
functions here take and return entities with exact :class:`~clientel.models.Money`.
"""

from clientel.pricing._authority import (
    ApprovalCondition,
    Approvals,
    ApprovalStep,
    AuthorityMatrix,
    AuthorityRule,
    Quote,
    QuoteStatus,
    quote_status,
    reapprovals,
    required_approvals,
)
from clientel.pricing._bands import PriceBand, band_arrays, percentile_band, price_band
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
    compound_discount,
    price_waterfall,
    volume_price,
)
from clientel.pricing._response import (
    WinProbabilityModel,
    fit_win_probability,
    fit_win_probability_arrays,
    optimal_price,
    win_probability,
)
from clientel.pricing._winloss import (
    LossReason,
    WinRate,
    loss_pareto,
    win_rates,
    win_rates_by_position,
)

__all__ = [
    "ApprovalCondition",
    "ApprovalStep",
    "Approvals",
    "AuthorityMatrix",
    "AuthorityRule",
    "CostBuildUp",
    "CostSummary",
    "DealRecord",
    "LossReason",
    "PriceBand",
    "Quote",
    "QuoteStatus",
    "RateCard",
    "RoleRate",
    "VolumeTier",
    "Waterfall",
    "WinProbabilityModel",
    "WinRate",
    "band_arrays",
    "compound_discount",
    "fit_win_probability",
    "fit_win_probability_arrays",
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
    "quote_status",
    "reapprovals",
    "required_approvals",
    "segment_path",
    "volume_price",
    "win_probability",
    "win_rates",
    "win_rates_by_position",
]
