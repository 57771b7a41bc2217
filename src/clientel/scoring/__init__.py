"""Scoring: criteria, weights, normalisation, MCDA methods, ranks, tiers and sensitivity.

Kernels (numpy arrays in, arrays out; alternatives x criteria matrices, +1/-1
directions) sit beside the typed entry point :func:`score_alternatives`, which
returns a :class:`Ranking` that explains itself. Steps 2.1.3, 2.2.3, 2.3.1-2.3.3,
2.4.5 and 2.5.2 of the process build on them.
"""

from clientel._explanation import Explanation, Factor
from clientel.scoring._additive import (
    weighted_product,
    weighted_product_contributions,
    weighted_sum,
    weighted_sum_contributions,
)
from clientel.scoring._ahp import RANDOM_INDEX, AhpResult, ahp_weights
from clientel.scoring._bids import BidScorecard, Gate, bid_decision, scorecard_points
from clientel.scoring._clients import (
    ClientRanking,
    ClientScore,
    ServiceTier,
    TargetClient,
    TargetList,
    rank_clients,
    select_targets,
)
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
from clientel.scoring._dispatch import METHODS, score_chunks, score_in_chunks, score_matrix
from clientel.scoring._hierarchy import (
    ChangeExplanation,
    CriteriaTree,
    TierBand,
    TierScheme,
    explain_change,
    tree_scores,
)
from clientel.scoring._influence import (
    ChannelChoice,
    ChannelScore,
    InfluencerPriorities,
    InfluencerPriority,
    TargetChannel,
    channel_scores,
    choose_channels,
    prioritise_influencers,
)
from clientel.scoring._inquiries import InquiryTriage, triage_inquiry
from clientel.scoring._missing import MissingPolicy, MissingResult, score_with_missing
from clientel.scoring._normalise import NORMALISATIONS, ColumnStats, fit_stats, normalise
from clientel.scoring._opportunities import (
    DEFAULT_PHASES,
    OpportunityPriorities,
    OpportunityPriority,
    prioritise_opportunities,
)
from clientel.scoring._options import rank_options
from clientel.scoring._owners import OwnerAssignment, assign_owners, assignment_kernel
from clientel.scoring._portfolio import (
    LEVELS,
    NineBoxCell,
    SegmentPortfolio,
    nine_box_kernel,
    segment_portfolio,
)
from clientel.scoring._promethee import PREFERENCE_FUNCTIONS, PrometheeResult, promethee_ii
from clientel.scoring._rank import rank_scores
from clientel.scoring._ranking import RankedItem, Ranking, score_alternatives
from clientel.scoring._selection import BindingConstraint, PortfolioSelection, select_portfolio
from clientel.scoring._sensitivity import (
    RankAcceptability,
    WeightInterval,
    rank_acceptability,
    weight_stability,
)
from clientel.scoring._tiers import (
    natural_breaks,
    tiers_by_capacity,
    tiers_by_counts,
    tiers_by_quantiles,
    tiers_by_thresholds,
)
from clientel.scoring._topsis import TopsisResult, topsis, topsis_components
from clientel.scoring._vikor import VikorResult, vikor
from clientel.scoring._weights import (
    critic_weights,
    direct_weights,
    entropy_weights,
    rank_sum_weights,
    roc_weights,
)
from clientel.scoring._winmodel import (
    FieldTable,
    WinEstimate,
    WinModel,
    fit_win_model,
    naive_bayes_counts,
)

__all__ = [
    "DEFAULT_PHASES",
    "FORCES",
    "LEVELS",
    "METHODS",
    "NORMALISATIONS",
    "PREFERENCE_FUNCTIONS",
    "RANDOM_INDEX",
    "AhpResult",
    "BidScorecard",
    "BindingConstraint",
    "ChangeExplanation",
    "ChannelChoice",
    "ChannelScore",
    "ClientRanking",
    "ClientScore",
    "ColumnStats",
    "CompetitiveProfile",
    "CriteriaTree",
    "Criterion",
    "Direction",
    "Explanation",
    "Factor",
    "FactorEvaluation",
    "FactorGap",
    "FieldTable",
    "FiveForces",
    "Gate",
    "InfluencerPriorities",
    "InfluencerPriority",
    "InquiryTriage",
    "MissingPolicy",
    "MissingResult",
    "NineBoxCell",
    "OpportunityPriorities",
    "OpportunityPriority",
    "OwnerAssignment",
    "PortfolioSelection",
    "PrometheeResult",
    "RankAcceptability",
    "RankedItem",
    "Ranking",
    "SegmentPortfolio",
    "ServiceTier",
    "TargetChannel",
    "TargetClient",
    "TargetList",
    "TierBand",
    "TierScheme",
    "TopsisResult",
    "VikorResult",
    "WeightInterval",
    "WinEstimate",
    "WinModel",
    "ahp_weights",
    "assign_owners",
    "assignment_kernel",
    "bid_decision",
    "channel_scores",
    "choose_channels",
    "competitive_profile",
    "criteria_weights",
    "critic_weights",
    "direct_weights",
    "entropy_weights",
    "explain_change",
    "factor_evaluation",
    "fit_stats",
    "fit_win_model",
    "five_forces",
    "naive_bayes_counts",
    "natural_breaks",
    "nine_box_kernel",
    "normalise",
    "prioritise_influencers",
    "prioritise_opportunities",
    "promethee_ii",
    "rank_acceptability",
    "rank_clients",
    "rank_options",
    "rank_scores",
    "rank_sum_weights",
    "roc_weights",
    "score_alternatives",
    "score_chunks",
    "score_in_chunks",
    "score_matrix",
    "score_with_missing",
    "scorecard_points",
    "segment_portfolio",
    "select_portfolio",
    "select_targets",
    "tiers_by_capacity",
    "tiers_by_counts",
    "tiers_by_quantiles",
    "tiers_by_thresholds",
    "topsis",
    "topsis_components",
    "tree_scores",
    "triage_inquiry",
    "vikor",
    "weight_stability",
    "weighted_product",
    "weighted_product_contributions",
    "weighted_sum",
    "weighted_sum_contributions",
]
