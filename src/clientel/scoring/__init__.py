"""Scoring: the process steps that rank, select, fit and score (2.1-2.5).

The typed entry points take entities and return frozen results that explain
themselves (``explain(id)`` gives a :class:`clientel.Explanation`) and show
as tables in a notebook:

* rankings of entities: :func:`rank_segments` (nine-box), :func:`rank_options`,
  :func:`rank_influencers`, :func:`rank_channels`, :func:`rank_clients`,
  :func:`rank_opportunities`, and the general :func:`score_alternatives`;
* constrained choice: :func:`select_targets`, :func:`select_portfolio`,
  :func:`assign_owners`;
* learned from history: :func:`fit_naive_bayes`, with its evaluation
  (:func:`evaluate_naive_bayes`, :func:`evaluate_predictions`) and
  :func:`score_trend`;
* decisions and analyses: :func:`bid_decision`, :func:`triage_inquiry`,
  :func:`competitive_profile`, :func:`factor_evaluation`, :func:`five_forces`,
  :func:`explain_change`, and :func:`compare_methods` (how far several MCDA
  methods' rankings agree).

The numpy kernels they are built on (normalisation, MCDA methods, ranks,
tiers, weights, sensitivity; arrays in, arrays out) are in
:mod:`clientel.scoring.kernels`.
"""

from types import MappingProxyType
from typing import TYPE_CHECKING

from clientel._internal.lazy import exports

if TYPE_CHECKING:  # each name loads its module on first use (clientel._internal.lazy)
    from clientel.scoring import kernels
    from clientel.scoring._alternatives import score_alternatives
    from clientel.scoring._bids import BidScorecard, Gate, bid_decision
    from clientel.scoring._clients import (
        NON_TARGETS,
        ClientRanking,
        ClientScore,
        rank_clients,
    )
    from clientel.scoring._comparison import MEASURES, MethodComparison, compare_methods
    from clientel.scoring._competition import (
        FORCES,
        CompetitiveProfile,
        FactorEvaluation,
        FactorGap,
        FiveForces,
        competitive_profile,
        factor_evaluation,
        five_forces,
    )
    from clientel.scoring._criteria import Criterion, Direction, criteria_weights
    from clientel.scoring._evaluation import (
        GRADE_CUTS,
        CalibrationBin,
        LiftDecile,
        PlattScaling,
        WinModelEvaluation,
        evaluate_predictions,
    )
    from clientel.scoring._hierarchy import (
        ChangeExplanation,
        CriteriaTree,
        TierBand,
        TierScheme,
        explain_change,
    )
    from clientel.scoring._influence import (
        ChannelChoice,
        ChannelRanking,
        ChannelScore,
        InfluencerPriorities,
        InfluencerPriority,
        TargetChannel,
        rank_channels,
        rank_influencers,
    )
    from clientel.scoring._inquiries import InquiryTriage, triage_inquiry
    from clientel.scoring._naive_bayes import (
        FieldTable,
        NaiveBayesWinModel,
        WinEstimate,
        fit_naive_bayes,
    )
    from clientel.scoring._naive_bayes_evaluation import evaluate_naive_bayes
    from clientel.scoring._opportunities import (
        DEFAULT_PHASES,
        OpportunityPriorities,
        OpportunityPriority,
        rank_opportunities,
    )
    from clientel.scoring._options import rank_options
    from clientel.scoring._owners import OwnerAssignment, assign_owners
    from clientel.scoring._ranking import RankedItem, RankedItems, Ranking
    from clientel.scoring._score_trend import ScoreTrend, score_trend
    from clientel.scoring._segments import LEVELS, NineBoxCell, SegmentPortfolio, rank_segments
    from clientel.scoring._selection import BindingConstraint, PortfolioSelection, select_portfolio
    from clientel.scoring._targets import ServiceTier, TargetClient, TargetList, select_targets
    from clientel.scoring._views import Ranked
    from clientel.scoring.kernels._missing import MissingPolicy

__all__ = [
    "DEFAULT_PHASES",
    "FORCES",
    "GRADE_CUTS",
    "LEVELS",
    "MEASURES",
    "NON_TARGETS",
    "BidScorecard",
    "BindingConstraint",
    "CalibrationBin",
    "ChangeExplanation",
    "ChannelChoice",
    "ChannelRanking",
    "ChannelScore",
    "ClientRanking",
    "ClientScore",
    "CompetitiveProfile",
    "CriteriaTree",
    "Criterion",
    "Direction",
    "FactorEvaluation",
    "FactorGap",
    "FieldTable",
    "FiveForces",
    "Gate",
    "InfluencerPriorities",
    "InfluencerPriority",
    "InquiryTriage",
    "LiftDecile",
    "MethodComparison",
    "MissingPolicy",
    "NaiveBayesWinModel",
    "NineBoxCell",
    "OpportunityPriorities",
    "OpportunityPriority",
    "OwnerAssignment",
    "PlattScaling",
    "PortfolioSelection",
    "Ranked",
    "RankedItem",
    "RankedItems",
    "Ranking",
    "ScoreTrend",
    "SegmentPortfolio",
    "ServiceTier",
    "TargetChannel",
    "TargetClient",
    "TargetList",
    "TierBand",
    "TierScheme",
    "WinEstimate",
    "WinModelEvaluation",
    "assign_owners",
    "bid_decision",
    "compare_methods",
    "competitive_profile",
    "criteria_weights",
    "evaluate_naive_bayes",
    "evaluate_predictions",
    "explain_change",
    "factor_evaluation",
    "fit_naive_bayes",
    "five_forces",
    "kernels",
    "rank_channels",
    "rank_clients",
    "rank_influencers",
    "rank_opportunities",
    "rank_options",
    "rank_segments",
    "score_alternatives",
    "score_trend",
    "select_portfolio",
    "select_targets",
    "triage_inquiry",
]

_NAMES = MappingProxyType(
    {  # name -> module (tests/test_lazy_exports.py checks it)
        "BidScorecard": "clientel.scoring._bids",
        "BindingConstraint": "clientel.scoring._selection",
        "CalibrationBin": "clientel.scoring._evaluation",
        "ChangeExplanation": "clientel.scoring._hierarchy",
        "ChannelChoice": "clientel.scoring._influence",
        "ChannelRanking": "clientel.scoring._influence",
        "ChannelScore": "clientel.scoring._influence",
        "ClientRanking": "clientel.scoring._clients",
        "ClientScore": "clientel.scoring._clients",
        "CompetitiveProfile": "clientel.scoring._competition",
        "CriteriaTree": "clientel.scoring._hierarchy",
        "Criterion": "clientel.scoring._criteria",
        "DEFAULT_PHASES": "clientel.scoring._opportunities",
        "Direction": "clientel.scoring._criteria",
        "FORCES": "clientel.scoring._competition",
        "FactorEvaluation": "clientel.scoring._competition",
        "FactorGap": "clientel.scoring._competition",
        "FieldTable": "clientel.scoring._naive_bayes",
        "FiveForces": "clientel.scoring._competition",
        "GRADE_CUTS": "clientel.scoring._evaluation",
        "Gate": "clientel.scoring._bids",
        "InfluencerPriorities": "clientel.scoring._influence",
        "InfluencerPriority": "clientel.scoring._influence",
        "InquiryTriage": "clientel.scoring._inquiries",
        "LEVELS": "clientel.scoring._segments",
        "LiftDecile": "clientel.scoring._evaluation",
        "MEASURES": "clientel.scoring._comparison",
        "MethodComparison": "clientel.scoring._comparison",
        "MissingPolicy": "clientel.scoring.kernels._missing",
        "NON_TARGETS": "clientel.scoring._clients",
        "NaiveBayesWinModel": "clientel.scoring._naive_bayes",
        "NineBoxCell": "clientel.scoring._segments",
        "OpportunityPriorities": "clientel.scoring._opportunities",
        "OpportunityPriority": "clientel.scoring._opportunities",
        "OwnerAssignment": "clientel.scoring._owners",
        "PlattScaling": "clientel.scoring._evaluation",
        "PortfolioSelection": "clientel.scoring._selection",
        "Ranked": "clientel.scoring._views",
        "RankedItem": "clientel.scoring._ranking",
        "RankedItems": "clientel.scoring._ranking",
        "Ranking": "clientel.scoring._ranking",
        "ScoreTrend": "clientel.scoring._score_trend",
        "SegmentPortfolio": "clientel.scoring._segments",
        "ServiceTier": "clientel.scoring._targets",
        "TargetChannel": "clientel.scoring._influence",
        "TargetClient": "clientel.scoring._targets",
        "TargetList": "clientel.scoring._targets",
        "TierBand": "clientel.scoring._hierarchy",
        "TierScheme": "clientel.scoring._hierarchy",
        "WinEstimate": "clientel.scoring._naive_bayes",
        "WinModelEvaluation": "clientel.scoring._evaluation",
        "assign_owners": "clientel.scoring._owners",
        "bid_decision": "clientel.scoring._bids",
        "compare_methods": "clientel.scoring._comparison",
        "competitive_profile": "clientel.scoring._competition",
        "criteria_weights": "clientel.scoring._criteria",
        "evaluate_naive_bayes": "clientel.scoring._naive_bayes_evaluation",
        "evaluate_predictions": "clientel.scoring._evaluation",
        "explain_change": "clientel.scoring._hierarchy",
        "factor_evaluation": "clientel.scoring._competition",
        "fit_naive_bayes": "clientel.scoring._naive_bayes",
        "five_forces": "clientel.scoring._competition",
        "kernels": "clientel.scoring.kernels",
        "rank_channels": "clientel.scoring._influence",
        "rank_clients": "clientel.scoring._clients",
        "rank_influencers": "clientel.scoring._influence",
        "rank_opportunities": "clientel.scoring._opportunities",
        "rank_options": "clientel.scoring._options",
        "rank_segments": "clientel.scoring._segments",
        "score_alternatives": "clientel.scoring._alternatives",
        "score_trend": "clientel.scoring._score_trend",
        "select_portfolio": "clientel.scoring._selection",
        "select_targets": "clientel.scoring._targets",
        "triage_inquiry": "clientel.scoring._inquiries",
    }
)
__getattr__, __dir__ = exports(__name__, _NAMES)
