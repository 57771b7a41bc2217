"""Scoring kernels: numpy arrays in, arrays (or small result records) out.

Alternatives x criteria matrices, +1/-1 directions, weights summing to 1; no
entities and no Python loops over rows. The typed entry points in
:mod:`clientel.scoring` (rankings of clients, segments, opportunities, ...)
are built on these functions; notebooks and partitioned engines call them
directly. Missing-data policies are :class:`clientel.scoring.MissingPolicy`.

One algorithm family per module: normalisation and mergeable column statistics
(fit, then apply), weighted sum and product, TOPSIS, VIKOR, PROMETHEE II,
MOORA, COPRAS, EDAS, MABAC, SPOTIS, ELECTRE I (an outranking relation), rank
agreement (Spearman, Kendall tau-b, WS, top-k overlap) and the Pareto filter,
ranks, tiers and natural breaks, criterion weights (AHP, entropy, CRITIC,
standard deviation, ROC, rank-sum), missing-data scoring, sensitivity (weight stability, rank
acceptability), the method dispatch with chunked scoring, and the kernels of
the process steps (nine-box, owner assignment, naive Bayes, channels,
scorecard points, criteria trees), and the measures of a win model (stratified
folds, AUC, Brier score, log loss, equal-frequency bins, lift, Platt scaling).
"""

from clientel.scoring.kernels._acceptability import (
    SAMPLE_BLOCK,
    AcceptabilityCounts,
    RankAcceptability,
    acceptability,
    acceptability_counts,
)
from clientel.scoring.kernels._agreement import (
    kendall_tau_b,
    pareto_front,
    spearman_rho,
    top_k_overlap,
    ws_similarity,
)
from clientel.scoring.kernels._assignment import assignment, sparse_assignment
from clientel.scoring.kernels._channels import channel_scores
from clientel.scoring.kernels._dispatch import score_in_chunks, score_matrix
from clientel.scoring.kernels._evaluation import (
    BinTable,
    auc,
    binned,
    brier,
    deciles,
    holdout_mask,
    log_loss,
    platt,
    stratified_folds,
)
from clientel.scoring.kernels._method import (
    Method,
    MethodName,
    register_method,
    registered_method,
    unregister_method,
)
from clientel.scoring.kernels._methods import METHODS
from clientel.scoring.kernels._methods.copras import CoprasResult, copras
from clientel.scoring.kernels._methods.edas import EdasResult, edas
from clientel.scoring.kernels._methods.electre_i import (
    MAX_ELECTRE_ALTERNATIVES,
    ElectreResult,
    electre_i,
)
from clientel.scoring.kernels._methods.mabac import MabacResult, mabac
from clientel.scoring.kernels._methods.moora import moora
from clientel.scoring.kernels._methods.promethee_ii import (
    PREFERENCE_FUNCTIONS,
    PrometheeResult,
    promethee_ii,
)
from clientel.scoring.kernels._methods.spotis import spotis
from clientel.scoring.kernels._methods.topsis import TopsisResult, topsis, topsis_components
from clientel.scoring.kernels._methods.vikor import VikorResult, vikor
from clientel.scoring.kernels._methods.weighted_product import (
    weighted_product,
    weighted_product_contributions,
)
from clientel.scoring.kernels._methods.weighted_sum import weighted_sum, weighted_sum_contributions
from clientel.scoring.kernels._missing import MissingResult, score_with_missing
from clientel.scoring.kernels._naive_bayes import class_counts, log_ratios, naive_bayes
from clientel.scoring.kernels._nine_box import nine_box
from clientel.scoring.kernels._normalise import NORMALISATIONS, normalise
from clientel.scoring.kernels._ranks import (
    SortedRun,
    merge_runs,
    order_codes,
    rank_run,
    ranks,
    sort_run,
    split_run,
    tie_tolerance,
)
from clientel.scoring.kernels._scorecard import scorecard_points
from clientel.scoring.kernels._scorer import Scorer, merge_partials
from clientel.scoring.kernels._sensitivity import WeightInterval, weight_stability
from clientel.scoring.kernels._stats import (
    ColumnStats,
    Marginals,
    column_exponent,
    fit_marginals,
    fit_stats,
)
from clientel.scoring.kernels._tiers import (
    natural_breaks,
    tiers_by_capacity,
    tiers_by_counts,
    tiers_by_quantiles,
    tiers_by_thresholds,
)
from clientel.scoring.kernels._tree import tree_scores
from clientel.scoring.kernels._weights import (
    RANDOM_INDEX,
    AhpResult,
    ahp_weights,
    critic_weights,
    direct_weights,
    entropy_weights,
    rank_sum_weights,
    roc_weights,
    std_weights,
)

__all__ = [
    "MAX_ELECTRE_ALTERNATIVES",
    "METHODS",
    "NORMALISATIONS",
    "PREFERENCE_FUNCTIONS",
    "RANDOM_INDEX",
    "SAMPLE_BLOCK",
    "AcceptabilityCounts",
    "AhpResult",
    "BinTable",
    "ColumnStats",
    "CoprasResult",
    "EdasResult",
    "ElectreResult",
    "MabacResult",
    "Marginals",
    "Method",
    "MethodName",
    "MissingResult",
    "PrometheeResult",
    "RankAcceptability",
    "Scorer",
    "SortedRun",
    "TopsisResult",
    "VikorResult",
    "WeightInterval",
    "acceptability",
    "acceptability_counts",
    "ahp_weights",
    "assignment",
    "auc",
    "binned",
    "brier",
    "channel_scores",
    "class_counts",
    "column_exponent",
    "copras",
    "critic_weights",
    "deciles",
    "direct_weights",
    "edas",
    "electre_i",
    "entropy_weights",
    "fit_marginals",
    "fit_stats",
    "holdout_mask",
    "kendall_tau_b",
    "log_loss",
    "log_ratios",
    "mabac",
    "merge_partials",
    "merge_runs",
    "moora",
    "naive_bayes",
    "natural_breaks",
    "nine_box",
    "normalise",
    "order_codes",
    "pareto_front",
    "platt",
    "promethee_ii",
    "rank_run",
    "rank_sum_weights",
    "ranks",
    "register_method",
    "registered_method",
    "roc_weights",
    "score_in_chunks",
    "score_matrix",
    "score_with_missing",
    "scorecard_points",
    "sort_run",
    "sparse_assignment",
    "spearman_rho",
    "split_run",
    "spotis",
    "std_weights",
    "stratified_folds",
    "tie_tolerance",
    "tiers_by_capacity",
    "tiers_by_counts",
    "tiers_by_quantiles",
    "tiers_by_thresholds",
    "top_k_overlap",
    "topsis",
    "topsis_components",
    "tree_scores",
    "unregister_method",
    "vikor",
    "weight_stability",
    "weighted_product",
    "weighted_product_contributions",
    "weighted_sum",
    "weighted_sum_contributions",
    "ws_similarity",
]
