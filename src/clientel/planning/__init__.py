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
from clientel.planning._dated import DAY_COUNTS, xirr, xnpv, year_fractions
from clientel.planning._impact import FinancialImpact, YearImpact, combine_impacts, financial_impact
from clientel.planning._irr import IrrResult, IrrStatus, irr, irr_batch, irr_roots
from clientel.planning._simulation import (
    BLOCK,
    Distribution,
    DistributionKind,
    SimulationResult,
    Summary,
    sample_drivers,
    simulate,
)

__all__ = [
    "BLOCK",
    "DAY_COUNTS",
    "BudgetLine",
    "Distribution",
    "DistributionKind",
    "FinancialImpact",
    "IrrResult",
    "IrrStatus",
    "LineVariance",
    "SimulationResult",
    "Summary",
    "YearImpact",
    "YearTotals",
    "budget_totals",
    "budget_variance",
    "combine_impacts",
    "discounted_payback_period",
    "financial_impact",
    "fv",
    "irr",
    "irr_batch",
    "irr_roots",
    "mirr",
    "npv",
    "payback_period",
    "pmt",
    "profitability_index",
    "pv",
    "sample_drivers",
    "simulate",
    "xirr",
    "xnpv",
    "year_fractions",
]
