"""Planning kernels: the array-only layer under :mod:`clientel.planning`.

Every numpy-only planning computation lives in this package, one family per
module: NPV and discounting, customer lifetime value (the margin multiple,
the BG/NBD model and its maximum-likelihood fit), IRR (the batch solver and the polynomial roots
behind it), MIRR, payback and profitability index, day counts, dated flows
(XNPV, XIRR), annuities (payment, present and future value, number of
periods), the rate of an annuity, amortisation (interest and principal parts,
whole schedules), earned value, survey scores, and the array blocks of the
seeded simulation (driver sampling in fixed random-number blocks, Gaussian
copula, two-pass summaries), of the opportunity pipeline (learned stage
conversion, time in stage, velocity, the forecast's simulation) and of
scenarios and tornado (checked model evaluation, the one-at-a-time grid).
Kernel modules import only numpy, scipy, attrs, :mod:`clientel.errors` and
clientel's internal helpers.

One public home per name:

* :mod:`clientel.planning` is where users call the headline functions, which
  take one series or loan (and most also arrays): ``npv``, ``irr``,
  ``irr_roots``, ``mirr``, ``xnpv``, ``xirr``, ``pmt``, ``pv``, ``fv``,
  ``nper``, ``rate``, ``ipmt``, ``ppmt``, ``payback_period``,
  ``discounted_payback_period``, ``profitability_index``, ``earned_value``,
  ``nps``, ``csat``, and the ``Distribution`` of a driver. Their float code is
  in this package (the exact Money and Decimal versions are in
  :mod:`clientel.planning`); they are listed there only.
* This namespace lists what exists only as a kernel: the BG/NBD functions of
  arrays (:func:`bgnbd_log_likelihood`, :func:`bgnbd_probability_alive`,
  :func:`bgnbd_expected_purchases`, :func:`bgnbd_conditional_expected_purchases`,
  :func:`bgnbd_discounted_purchases`, :func:`bgnbd_sample`), Gupta and
  Lehmann's :func:`margin_multiple` (the fit, :func:`clientel.planning.fit_bgnbd`,
  and :func:`clientel.planning.contractual_clv` are listed in
  :mod:`clientel.planning`); the batch solvers
  :func:`irr`, :func:`xirr` and :func:`rate` (one status per series or loan
  where :func:`clientel.planning.irr`, :func:`clientel.planning.xirr` and
  :func:`clientel.planning.rate` raise), their :class:`IrrResult` and
  :class:`IrrStatus`, :func:`amortisation` (float schedules of many loans) and
  its :class:`Amortisation`, :func:`year_fractions`, :func:`sample_drivers`
  and the random-number :data:`BLOCK`; the account-health arithmetic over
  accounts x periods (:func:`health_points`, :func:`health_composite`,
  :func:`band_index`, :func:`time_weights` and :func:`time_weighted`,
  :func:`trend_slope`, :func:`rolling_slope`, :func:`trend_turns`,
  :func:`band_changes`, :func:`weighted_rollup`) and the survey series
  (:func:`answer_counts`, :func:`nps_intervals`, :func:`top_box_intervals`).

The opportunity pipeline's arrays (issue 22) are here under names of their own:
:func:`smoothed_win_rates` (the learned stage conversion behind
:func:`clientel.planning.fit_stage_conversion`), :func:`spell_lengths`,
:func:`aging_days`, :func:`sales_velocity`, :func:`simulate_pipeline` (the
chunk-invariant simulation of outcomes and close dates, blocks of :data:`BLOCK`
draws x :data:`OPPORTUNITY_BLOCK` opportunities), :func:`pipeline_expectation`
and :func:`period_probabilities`. :data:`MAX_KEPT_DRAWS` caps the draws of a
forecast (every draw's totals are kept); it was ``MAX_DRAWS`` in 0.1, a name
that still works with a deprecation warning until 0.4 (the streamed
:func:`clientel.planning.simulate` has a cap of its own, 1e9 draws).

``irr``, ``xirr`` and ``rate`` are the deliberate scalar/batch pairs (as in
numpy-financial, ``clientel.planning.irr`` is the scalar headline function).
"""

from typing import TYPE_CHECKING, Final

from clientel._internal.deprecation import renamed
from clientel.planning.kernels._amortisation import Amortisation, amortisation
from clientel.planning.kernels._bgnbd import (
    bgnbd_conditional_expected_purchases,
    bgnbd_expected_purchases,
    bgnbd_log_likelihood,
    bgnbd_probability_alive,
    bgnbd_sample,
)
from clientel.planning.kernels._clv import bgnbd_discounted_purchases, margin_multiple
from clientel.planning.kernels._conversion import (
    ConversionFit,
    StageDurations,
    VelocityParts,
    aging_days,
    sales_velocity,
    smoothed_win_rates,
    spell_lengths,
)
from clientel.planning.kernels._dated import xirr
from clientel.planning.kernels._daycount import year_fractions
from clientel.planning.kernels._forecast import (
    MAX_KEPT_DRAWS,
    OPPORTUNITY_BLOCK,
    ForecastDraws,
    period_probabilities,
    pipeline_expectation,
    simulate_pipeline,
)
from clientel.planning.kernels._health import (
    DEFAULT_HORIZON,
    WEIGHT_TOLERANCE,
    band_changes,
    band_index,
    health_composite,
    health_points,
    rolling_slope,
    time_weighted,
    time_weights,
    trend_slope,
    trend_turns,
    weighted_rollup,
)
from clientel.planning.kernels._irr import IrrResult, IrrStatus, irr
from clientel.planning.kernels._rate import rate
from clientel.planning.kernels._sampling import BLOCK, sample_drivers
from clientel.planning.kernels._streaming import MAX_SELECTED, DrawCounts, DrawSums, DrawValues
from clientel.planning.kernels._survey_series import (
    answer_counts,
    nps_intervals,
    top_box_intervals,
)

__all__ = [
    "BLOCK",
    "DEFAULT_HORIZON",
    "MAX_KEPT_DRAWS",
    "MAX_SELECTED",
    "OPPORTUNITY_BLOCK",
    "WEIGHT_TOLERANCE",
    "Amortisation",
    "ConversionFit",
    "DrawCounts",
    "DrawSums",
    "DrawValues",
    "ForecastDraws",
    "IrrResult",
    "IrrStatus",
    "StageDurations",
    "VelocityParts",
    "aging_days",
    "amortisation",
    "answer_counts",
    "band_changes",
    "band_index",
    "bgnbd_conditional_expected_purchases",
    "bgnbd_discounted_purchases",
    "bgnbd_expected_purchases",
    "bgnbd_log_likelihood",
    "bgnbd_probability_alive",
    "bgnbd_sample",
    "health_composite",
    "health_points",
    "irr",
    "margin_multiple",
    "nps_intervals",
    "period_probabilities",
    "pipeline_expectation",
    "rate",
    "rolling_slope",
    "sales_velocity",
    "sample_drivers",
    "simulate_pipeline",
    "smoothed_win_rates",
    "spell_lengths",
    "time_weighted",
    "time_weights",
    "top_box_intervals",
    "trend_slope",
    "trend_turns",
    "weighted_rollup",
    "xirr",
    "year_fractions",
]

if TYPE_CHECKING:
    #: Deprecated since 0.2 (removed in 0.4): use :data:`MAX_KEPT_DRAWS`.
    MAX_DRAWS: Final = MAX_KEPT_DRAWS
else:
    __getattr__ = renamed(__name__, {"MAX_DRAWS": (MAX_KEPT_DRAWS, "0.2", "0.4", "MAX_KEPT_DRAWS")})
