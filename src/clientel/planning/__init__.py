"""Planning and financial impact (steps 2.1.6-2.1.8, 2.2.1, 2.2.5, 2.3.1, 2.4.5-2.4.8, 2.7.1-2.7.5).

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

The opportunity pipeline (steps 2.4.5-2.4.8, 2.1.7): :func:`fit_stage_conversion`
(the chance of winning from each stage, learned from closed opportunities),
:func:`stage_times`, :func:`pipeline_aging`, :func:`pipeline_velocity`, the weighted
forecast per fiscal month or quarter with a seeded interval (:func:`forecast_pipeline`),
the coverage of the budget targets (:func:`pipeline_coverage`) and the forecast against
actuals at the review (:func:`forecast_review`).
"""

from types import MappingProxyType
from typing import TYPE_CHECKING

from clientel._internal.lazy import exports

if TYPE_CHECKING:  # each name loads its module on first use (clientel._internal.lazy)
    from clientel.planning._aging import (
        AgingRow,
        PipelineAging,
        PipelineVelocity,
        StageTime,
        StageTimes,
        pipeline_aging,
        pipeline_velocity,
        stage_times,
    )
    from clientel.planning._annual_review import (
        REVIEW_CRITERIA,
        AnnualReviews,
        annual_reviews,
        rank_change,
    )
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
    from clientel.planning._conversion import StageConversion, StageRate, fit_stage_conversion
    from clientel.planning._coverage import (
        ForecastReview,
        PeriodReview,
        PipelineCoverage,
        YearCoverage,
        forecast_review,
        pipeline_coverage,
    )
    from clientel.planning._exact import PRECISION
    from clientel.planning._followup import criteria_from_reviews, follow_up_schedule
    from clientel.planning._health import (
        AccountHealth,
        HealthAlert,
        SegmentHealth,
        health_scores,
        segment_health,
    )
    from clientel.planning._health_cards import (
        Band,
        Category,
        ColourScheme,
        HealthMeasure,
        HealthScorecard,
    )
    from clientel.planning._health_history import HealthHistory
    from clientel.planning._impact import (
        FinancialImpact,
        YearImpact,
        combine_impacts,
        financial_impact,
        option_impact,
    )
    from clientel.planning._pipeline_forecast import (
        Contribution,
        PeriodForecast,
        PipelineForecast,
        forecast_pipeline,
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
    from clientel.planning._simulation import (
        SimulationResult,
        Summary,
        simulate,
        simulate_range,
        simulation_result,
    )
    from clientel.planning._strategy_review import (
        STRATEGY_REVIEW_TRANSITIONS,
        GroupStrategyReview,
        approved_budget,
        approved_targets,
    )
    from clientel.planning._survey_series import SurveySeries, survey_series
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
    "REVIEW_CRITERIA",
    "STRATEGY_REVIEW_TRANSITIONS",
    "AccountHealth",
    "AgingRow",
    "AmortisationSchedule",
    "AnnualReviews",
    "Band",
    "BgNbdModel",
    "BudgetLine",
    "Category",
    "ClientValue",
    "ClientValues",
    "ColourScheme",
    "Contribution",
    "CsatResult",
    "Distribution",
    "DistributionKind",
    "EarnedValue",
    "FinancialImpact",
    "ForecastReview",
    "Gap",
    "GroupStrategyReview",
    "HealthAlert",
    "HealthHistory",
    "HealthMeasure",
    "HealthScorecard",
    "LineVariance",
    "NpsResult",
    "PeriodForecast",
    "PeriodReview",
    "PipelineAging",
    "PipelineCoverage",
    "PipelineForecast",
    "PipelineVelocity",
    "PlanStatus",
    "QuestionAndAnswer",
    "ReputationBudget",
    "ReviewAnswer",
    "ReviewDialogue",
    "ReviewOutcome",
    "ReviewQuestion",
    "ScenarioResult",
    "SegmentHealth",
    "SimulationResult",
    "StaffingGap",
    "StageConversion",
    "StageRate",
    "StageTime",
    "StageTimes",
    "StrategyReviewEvent",
    "StrategyReviewState",
    "Summary",
    "SurveySeries",
    "Tornado",
    "TornadoBar",
    "YearCoverage",
    "YearImpact",
    "YearTotals",
    "allocate_budget",
    "amortisation_schedule",
    "annual_reviews",
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
    "fit_stage_conversion",
    "follow_up_schedule",
    "forecast_pipeline",
    "forecast_review",
    "fv",
    "health_scores",
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
    "pipeline_aging",
    "pipeline_coverage",
    "pipeline_velocity",
    "plan_status",
    "pmt",
    "ppmt",
    "profitability_index",
    "pv",
    "rank_change",
    "rate",
    "reputation_budget",
    "review",
    "scenarios",
    "segment_health",
    "simulate",
    "simulate_range",
    "simulation_result",
    "staffing_gaps",
    "stage_times",
    "survey_series",
    "tornado",
    "training_gaps",
    "with_clv",
    "xirr",
    "xnpv",
]

_NAMES = MappingProxyType(
    {  # name -> module (tests/test_lazy_exports.py checks it)
        "AccountHealth": "clientel.planning._health",
        "AgingRow": "clientel.planning._aging",
        "AmortisationSchedule": "clientel.planning._schedule",
        "AnnualReviews": "clientel.planning._annual_review",
        "Band": "clientel.planning._health_cards",
        "BgNbdModel": "clientel.planning.kernels._bgnbd_fit",
        "BudgetLine": "clientel.planning._budget",
        "Category": "clientel.planning._health_cards",
        "ClientValue": "clientel.planning._clv",
        "ClientValues": "clientel.planning._clv",
        "ColourScheme": "clientel.planning._health_cards",
        "Contribution": "clientel.planning._pipeline_forecast",
        "CsatResult": "clientel.planning.kernels._surveys",
        "DAY_COUNTS": "clientel.planning.kernels._daycount",
        "DIMENSIONS": "clientel.planning._satisfaction",
        "Distribution": "clientel.planning.kernels._sampling",
        "DistributionKind": "clientel.planning.kernels._sampling",
        "EarnedValue": "clientel.planning.kernels._earned_value",
        "FinancialImpact": "clientel.planning._impact",
        "ForecastReview": "clientel.planning._coverage",
        "Gap": "clientel.planning._reviews",
        "GroupStrategyReview": "clientel.planning._strategy_review",
        "HealthAlert": "clientel.planning._health",
        "HealthHistory": "clientel.planning._health_history",
        "HealthMeasure": "clientel.planning._health_cards",
        "HealthScorecard": "clientel.planning._health_cards",
        "LineVariance": "clientel.planning._budget",
        "MAX_EXACT_PERIODS": "clientel.planning._clv",
        "NpsResult": "clientel.planning.kernels._surveys",
        "PRECISION": "clientel.planning._exact",
        "PeriodForecast": "clientel.planning._pipeline_forecast",
        "PeriodReview": "clientel.planning._coverage",
        "PipelineAging": "clientel.planning._aging",
        "PipelineCoverage": "clientel.planning._coverage",
        "PipelineForecast": "clientel.planning._pipeline_forecast",
        "PipelineVelocity": "clientel.planning._aging",
        "PlanStatus": "clientel.planning._reviews",
        "QuestionAndAnswer": "clientel.planning._review_records",
        "REVIEW_CRITERIA": "clientel.planning._annual_review",
        "ReputationBudget": "clientel.planning._reputation",
        "ReviewAnswer": "clientel.planning._review_records",
        "ReviewDialogue": "clientel.planning._review_records",
        "ReviewOutcome": "clientel.planning._reviews",
        "ReviewQuestion": "clientel.planning._review_records",
        "STRATEGY_REVIEW_TRANSITIONS": "clientel.planning._strategy_review",
        "ScenarioResult": "clientel.planning._scenarios",
        "SegmentHealth": "clientel.planning._health",
        "SimulationResult": "clientel.planning._simulation",
        "StaffingGap": "clientel.planning._team",
        "StageConversion": "clientel.planning._conversion",
        "StageRate": "clientel.planning._conversion",
        "StageTime": "clientel.planning._aging",
        "StageTimes": "clientel.planning._aging",
        "StrategyReviewEvent": "clientel.planning._review_records",
        "StrategyReviewState": "clientel.planning._review_records",
        "Summary": "clientel.planning._simulation",
        "SurveySeries": "clientel.planning._survey_series",
        "Tornado": "clientel.planning._scenarios",
        "TornadoBar": "clientel.planning._scenarios",
        "YearCoverage": "clientel.planning._coverage",
        "YearImpact": "clientel.planning._impact",
        "YearTotals": "clientel.planning._budget",
        "allocate_budget": "clientel.planning._reviews",
        "amortisation_schedule": "clientel.planning._schedule",
        "annual_reviews": "clientel.planning._annual_review",
        "approved_budget": "clientel.planning._strategy_review",
        "approved_targets": "clientel.planning._strategy_review",
        "bgnbd_values": "clientel.planning._clv",
        "budget_totals": "clientel.planning._budget",
        "budget_variance": "clientel.planning._budget",
        "combine_impacts": "clientel.planning._impact",
        "contractual_clv": "clientel.planning._clv",
        "contractual_values": "clientel.planning._clv",
        "criteria_from_reviews": "clientel.planning._followup",
        "csat": "clientel.planning.kernels._surveys",
        "discounted_payback_period": "clientel.planning.kernels._payback",
        "earned_value": "clientel.planning.kernels._earned_value",
        "expectation_index": "clientel.planning._satisfaction",
        "financial_impact": "clientel.planning._impact",
        "fit_bgnbd": "clientel.planning.kernels._bgnbd_fit",
        "fit_stage_conversion": "clientel.planning._conversion",
        "follow_up_schedule": "clientel.planning._followup",
        "forecast_pipeline": "clientel.planning._pipeline_forecast",
        "forecast_review": "clientel.planning._coverage",
        "fv": "clientel.planning._annuities",
        "health_scores": "clientel.planning._health",
        "incentives": "clientel.planning._team",
        "ipmt": "clientel.planning._annuities",
        "irr": "clientel.planning._rates",
        "irr_roots": "clientel.planning._rates",
        "mirr": "clientel.planning.kernels._mirr",
        "nper": "clientel.planning._annuities",
        "nps": "clientel.planning.kernels._surveys",
        "npv": "clientel.planning.kernels._discount",
        "option_impact": "clientel.planning._impact",
        "payback_period": "clientel.planning.kernels._payback",
        "pipeline_aging": "clientel.planning._aging",
        "pipeline_coverage": "clientel.planning._coverage",
        "pipeline_velocity": "clientel.planning._aging",
        "plan_status": "clientel.planning._reviews",
        "pmt": "clientel.planning._annuities",
        "ppmt": "clientel.planning._annuities",
        "profitability_index": "clientel.planning.kernels._payback",
        "pv": "clientel.planning._annuities",
        "rank_change": "clientel.planning._annual_review",
        "rate": "clientel.planning._annuities",
        "reputation_budget": "clientel.planning._reputation",
        "review": "clientel.planning._reviews",
        "scenarios": "clientel.planning._scenarios",
        "segment_health": "clientel.planning._health",
        "simulate": "clientel.planning._simulation",
        "simulate_range": "clientel.planning._simulation",
        "simulation_result": "clientel.planning._simulation",
        "staffing_gaps": "clientel.planning._team",
        "stage_times": "clientel.planning._aging",
        "survey_series": "clientel.planning._survey_series",
        "tornado": "clientel.planning._scenarios",
        "training_gaps": "clientel.planning._team",
        "with_clv": "clientel.planning._clv_criteria",
        "xirr": "clientel.planning._rates",
        "xnpv": "clientel.planning.kernels._dated",
    }
)
__getattr__, __dir__ = exports(__name__, _NAMES)
