"""Planning and financial impact (steps 2.1.6-2.1.7, 2.2.1, 2.2.5, 2.4.6-2.4.8, 2.7.1-2.7.5).

Batched cash-flow kernels (NPV, IRR, MIRR, XNPV, XIRR, payback, annuities) with
every timing and day-count convention named, the financial impact of
opportunities and key clients, budgets, scenarios, seeded simulation, and the
measures used by plan and satisfaction reviews.
"""

from clientel.planning._annuity import fv, pmt, pv
from clientel.planning._budget import (
    BudgetLine,
    LineVariance,
    YearTotals,
    budget_totals,
    budget_variance,
)
from clientel.planning._cashflow import (
    discounted_payback_period,
    mirr,
    npv,
    payback_period,
    profitability_index,
)
from clientel.planning._dated import DAY_COUNTS, xirr, xirr_batch, xnpv, year_fractions
from clientel.planning._evm import EarnedValue, earned_value
from clientel.planning._followup import criteria_from_reviews, follow_up_schedule
from clientel.planning._impact import (
    FinancialImpact,
    YearImpact,
    combine_impacts,
    financial_impact,
    option_impact,
)
from clientel.planning._irr import IrrResult, IrrStatus, irr, irr_batch, irr_roots
from clientel.planning._reviews import (
    Gap,
    PlanStatus,
    ReviewOutcome,
    allocate_budget,
    plan_status,
    review,
)
from clientel.planning._satisfaction import (
    DIMENSIONS,
    CsatResult,
    NpsResult,
    csat,
    expectation_index,
    nps,
)
from clientel.planning._scenarios import ScenarioResult, TornadoBar, scenarios, tornado
from clientel.planning._simulation import (
    BLOCK,
    Distribution,
    DistributionKind,
    SimulationResult,
    Summary,
    sample_drivers,
    simulate,
)
from clientel.planning._team import StaffingGap, incentives, staffing_gaps, training_gaps

__all__ = [
    "BLOCK",
    "DAY_COUNTS",
    "DIMENSIONS",
    "BudgetLine",
    "CsatResult",
    "Distribution",
    "DistributionKind",
    "EarnedValue",
    "FinancialImpact",
    "Gap",
    "IrrResult",
    "IrrStatus",
    "LineVariance",
    "NpsResult",
    "PlanStatus",
    "ReviewOutcome",
    "ScenarioResult",
    "SimulationResult",
    "StaffingGap",
    "Summary",
    "TornadoBar",
    "YearImpact",
    "YearTotals",
    "allocate_budget",
    "budget_totals",
    "budget_variance",
    "combine_impacts",
    "criteria_from_reviews",
    "csat",
    "discounted_payback_period",
    "earned_value",
    "expectation_index",
    "financial_impact",
    "follow_up_schedule",
    "fv",
    "incentives",
    "irr",
    "irr_batch",
    "irr_roots",
    "mirr",
    "nps",
    "npv",
    "option_impact",
    "payback_period",
    "plan_status",
    "pmt",
    "profitability_index",
    "pv",
    "review",
    "sample_drivers",
    "scenarios",
    "simulate",
    "staffing_gaps",
    "tornado",
    "training_gaps",
    "xirr",
    "xirr_batch",
    "xnpv",
    "year_fractions",
]
