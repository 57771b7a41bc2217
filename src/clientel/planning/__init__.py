"""Planning and financial impact (steps 2.1.6-2.1.8, 2.2.1, 2.2.5, 2.3.1, 2.4.6-2.4.8, 2.7.1-2.7.5).

The headline cash-flow functions (NPV, IRR, MIRR, XNPV, XIRR, payback, annuities:
PMT, PV, FV, NPER, RATE, IPMT, PPMT and amortisation schedules, exact for Money and
Decimal) with every timing and day-count convention named, the financial impact of
opportunities and key clients, budgets, scenarios, seeded simulation, and the
measures used by plan and satisfaction reviews. The array-only layer underneath,
with the batch IRR and XIRR solvers, is :mod:`clientel.planning.kernels`.

Customer lifetime value (step 2.3.1) lives here too: :func:`contractual_clv`
(Gupta and Lehmann's margin multiple, exact for Money), the BG/NBD model of
repeat purchasing (:func:`fit_bgnbd`, :class:`BgNbdModel`), the values per
client (:func:`contractual_values`, :func:`bgnbd_values`, :class:`ClientValues`)
and :func:`with_clv`, which makes a value a criterion of
:func:`clientel.scoring.rank_clients` and :func:`clientel.scoring.score_alternatives`.
"""

from clientel.planning._annuities import fv, ipmt, nper, pmt, ppmt, pv, rate
from clientel.planning._budget import (
    BudgetLine,
    LineVariance,
    YearTotals,
    budget_totals,
    budget_variance,
)
from clientel.planning._clv import (
    MAX_EXACT_PERIODS,
    ClientValue,
    ClientValues,
    bgnbd_values,
    contractual_clv,
    contractual_values,
)
from clientel.planning._clv_criteria import with_clv
from clientel.planning._exact import PRECISION
from clientel.planning._followup import criteria_from_reviews, follow_up_schedule
from clientel.planning._impact import (
    FinancialImpact,
    YearImpact,
    combine_impacts,
    financial_impact,
    option_impact,
)
from clientel.planning._rates import irr, irr_roots, xirr
from clientel.planning._reputation import ReputationBudget, reputation_budget
from clientel.planning._review_records import (
    QuestionAndAnswer,
    ReviewAnswer,
    ReviewDialogue,
    ReviewQuestion,
    StrategyReviewEvent,
    StrategyReviewState,
)
from clientel.planning._reviews import (
    Gap,
    PlanStatus,
    ReviewOutcome,
    allocate_budget,
    plan_status,
    review,
)
from clientel.planning._satisfaction import DIMENSIONS, expectation_index
from clientel.planning._scenarios import (
    ScenarioResult,
    Tornado,
    TornadoBar,
    scenarios,
    tornado,
)
from clientel.planning._schedule import AmortisationSchedule, amortisation_schedule
from clientel.planning._simulation import SimulationResult, Summary, simulate
from clientel.planning._strategy_review import (
    STRATEGY_REVIEW_TRANSITIONS,
    GroupStrategyReview,
    approved_budget,
    approved_targets,
)
from clientel.planning._team import StaffingGap, incentives, staffing_gaps, training_gaps
from clientel.planning.kernels._bgnbd_fit import BgNbdModel, fit_bgnbd
from clientel.planning.kernels._dated import xnpv
from clientel.planning.kernels._daycount import DAY_COUNTS
from clientel.planning.kernels._discount import npv
from clientel.planning.kernels._earned_value import EarnedValue, earned_value
from clientel.planning.kernels._mirr import mirr
from clientel.planning.kernels._payback import (
    discounted_payback_period,
    payback_period,
    profitability_index,
)
from clientel.planning.kernels._sampling import Distribution, DistributionKind
from clientel.planning.kernels._surveys import CsatResult, NpsResult, csat, nps

__all__ = [
    "DAY_COUNTS",
    "DIMENSIONS",
    "MAX_EXACT_PERIODS",
    "PRECISION",
    "STRATEGY_REVIEW_TRANSITIONS",
    "AmortisationSchedule",
    "BgNbdModel",
    "BudgetLine",
    "ClientValue",
    "ClientValues",
    "CsatResult",
    "Distribution",
    "DistributionKind",
    "EarnedValue",
    "FinancialImpact",
    "Gap",
    "GroupStrategyReview",
    "LineVariance",
    "NpsResult",
    "PlanStatus",
    "QuestionAndAnswer",
    "ReputationBudget",
    "ReviewAnswer",
    "ReviewDialogue",
    "ReviewOutcome",
    "ReviewQuestion",
    "ScenarioResult",
    "SimulationResult",
    "StaffingGap",
    "StrategyReviewEvent",
    "StrategyReviewState",
    "Summary",
    "Tornado",
    "TornadoBar",
    "YearImpact",
    "YearTotals",
    "allocate_budget",
    "amortisation_schedule",
    "approved_budget",
    "approved_targets",
    "bgnbd_values",
    "budget_totals",
    "budget_variance",
    "combine_impacts",
    "contractual_clv",
    "contractual_values",
    "criteria_from_reviews",
    "csat",
    "discounted_payback_period",
    "earned_value",
    "expectation_index",
    "financial_impact",
    "fit_bgnbd",
    "follow_up_schedule",
    "fv",
    "incentives",
    "ipmt",
    "irr",
    "irr_roots",
    "mirr",
    "nper",
    "nps",
    "npv",
    "option_impact",
    "payback_period",
    "plan_status",
    "pmt",
    "ppmt",
    "profitability_index",
    "pv",
    "rate",
    "reputation_budget",
    "review",
    "scenarios",
    "simulate",
    "staffing_gaps",
    "tornado",
    "training_gaps",
    "with_clv",
    "xirr",
    "xnpv",
]
