"""Hostile-input sweep over the numeric front doors (issue 15): only clientel errors escape.

Table-driven: each public function below is called with a valid baseline, then
with every argument replaced in turn by each hostile value (text where a number
is expected, booleans, None, NaN and infinities, an integer of 400 digits,
subnormals, empty and ragged arrays, a dict, an arbitrary object, Decimal NaN,
...). Whatever happens, the function returns or raises an exception from
:mod:`clientel.errors`; a plain ``TypeError``, ``ValueError``, ``IndexError``,
``OverflowError``, ``ZeroDivisionError``, ``decimal.InvalidOperation`` or
``MemoryError`` fails the test with the function, argument and value named.
Before the fixes of issue 15 this sweep found 1,405 escaping (function,
argument, value) triples at 92 places in the source (81 functions); the weights and
normalisation checks below test the no-NaN promise.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

import clientel.planning as pl
import clientel.planning.kernels as pk
import clientel.pricing as pr
import clientel.pricing.kernels as rk
import clientel.scoring as sc
import clientel.scoring.kernels as sk
from clientel import models as m
from clientel.errors import ClientelError, InvalidInputError, LimitExceededError
from clientel.models import Money

M = [[3.0, 200.0, 0.5], [5.0, 150.0, 0.9], [4.0, 400.0, 0.1], [1.0, 300.0, 0.7]]
W = [0.5, 0.3, 0.2]
D = [1, 1, -1]
D0 = dt.date(2027, 1, 1)
DATES = [D0, dt.date(2027, 7, 1), dt.date(2028, 1, 1)]
FLOWS = [-100.0, 60.0, 70.0]

#: A BG/NBD model (Fader, Hardie and Lee's fitted values, rounded) and two customers' histories.
BGNBD: dict[str, Any] = {
    "r": 0.24,
    "alpha": 4.4,
    "a": 0.79,
    "b": 2.4,
    "frequency": [1, 2],
    "recency": [10.0, 20.0],
    "age": [30.0, 30.0],
}

HOSTILE: dict[str, Any] = {
    "None": None,
    "str": "3",
    "bool": True,
    "nan": float("nan"),
    "inf": float("inf"),
    "-inf": -float("inf"),
    "neg": -1,
    "zero": 0,
    "float": 2.5,
    "big": 10**400,
    "huge": 1e308,
    "tiny": 5e-324,
    "empty": [],
    "emptyrow": [[]],
    "3d": [[[1.0]]],
    "dict": {"a": 1},
    "obj": object(),
    "strlist": ["a", "b", "c"],
    "nanlist": [float("nan")] * 3,
    "ragged": [[1.0, 2.0], [3.0]],
    "bigarr": [1e308, -1e308, 1e308],
    "complex": [1j, 2, 3],
    "decimal": Decimal("NaN"),
    "negint": -(10**20),
}

TABLE: dict[Callable[..., Any], dict[str, Any]] = {
    sk.acceptability: {"matrix": M, "weights": W, "directions": D, "samples": 200, "seed": 1},
    sk.ahp_weights: {"comparisons": [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]},
    sk.critic_weights: {"matrix": M, "directions": D},
    sk.direct_weights: {"weights": W},
    sk.entropy_weights: {"matrix": M},
    sk.fit_marginals: {"matrix": M},
    sk.fit_stats: {"matrix": M},
    sk.natural_breaks: {"values": [1.0, 2.0, 10.0, 11.0, 30.0], "classes": 2},
    sk.nine_box: {
        "attractiveness": [1.0, 3.0, 5.0],
        "strength": [2.0, 4.0, 5.0],
        "cuts": [2.33, 3.67],
    },
    sk.normalise: {"matrix": M, "directions": D, "method": "minmax"},
    sk.order_codes: {"keys": ["a", "b", "c"]},
    sk.promethee_ii: {"matrix": M, "weights": W, "directions": D},
    sk.rank_sum_weights: {"n": 3},
    sk.ranks: {"scores": [0.3, 0.9, 0.5]},
    sk.roc_weights: {"n": 3},
    sk.score_in_chunks: {
        "matrix": M,
        "weights": W,
        "directions": D,
        "method": "topsis",
        "chunk_size": 2,
    },
    sk.score_matrix: {"matrix": M, "weights": W, "directions": D, "method": "topsis"},
    sk.score_with_missing: {"matrix": M, "weights": W, "directions": D},
    sk.sort_run: {"scores": [0.3, 0.9, 0.5], "ids": ["a", "b", "c"]},
    sk.tiers_by_capacity: {"scores": [0.3, 0.9, 0.5], "capacities": [1, 1]},
    sk.tiers_by_counts: {"scores": [0.3, 0.9, 0.5], "counts": [1, 2]},
    sk.tiers_by_quantiles: {"scores": [0.3, 0.9, 0.5], "fractions": [0.5, 0.5]},
    sk.tiers_by_thresholds: {"scores": [0.3, 0.9, 0.5], "thresholds": [0.6, 0.4]},
    sk.topsis: {"matrix": M, "weights": W, "directions": D},
    sk.topsis_components: {"matrix": M, "weights": W, "directions": D},
    sk.vikor: {"matrix": M, "weights": W, "directions": D},
    sk.weight_stability: {"matrix": M, "weights": W, "directions": D},
    sk.weighted_product: {"matrix": M, "weights": W, "directions": D},
    sk.weighted_product_contributions: {"matrix": M, "weights": W, "directions": D},
    sk.weighted_sum: {"matrix": M, "weights": W, "directions": D},
    sk.weighted_sum_contributions: {"matrix": M, "weights": W, "directions": D},
    sk.sparse_assignment: {
        "client": [0, 1],
        "owner": [0, 0],
        "fit": [1.0, 2.0],
        "capacity": [2],
        "clients": 2,
    },
    pk.amortisation: {"rate": 0.05, "nper": 3, "pv": 1000.0},
    pk.irr: {"flows": FLOWS},
    pk.margin_multiple: {"retention": 0.8, "discount_rate": 0.1},
    pk.rate: {"nper": 3, "pmt": -40.0, "pv": 100.0},
    pk.xirr: {"flows": FLOWS, "dates": DATES},
    pk.year_fractions: {"dates": DATES},
    pk.bgnbd_expected_purchases: {"r": 0.24, "alpha": 4.4, "a": 0.79, "b": 2.4, "t": [1.0, 2.0]},
    pk.bgnbd_probability_alive: BGNBD,
    pk.bgnbd_log_likelihood: BGNBD,
    pk.bgnbd_conditional_expected_purchases: {**BGNBD, "t": [4.0, 4.0]},
    pk.bgnbd_discounted_purchases: {
        **BGNBD,
        "periods": 2,
        "period_length": 52.0,
        "discount_rate": 0.1,
    },
    # the pipeline's arrays (issue 22): close dates and periods as day numbers
    pk.period_probabilities: {"close": [10, 40], "starts": [0, 30], "end": 59, "slip": [0, 5]},
    pk.pipeline_expectation: {
        "values": [100.0, 50.0],
        "probabilities": [0.5, 0.2],
        "close": [10, 40],
        "starts": [0, 30],
        "end": 59,
        "floor": 5,
    },
    pk.simulate_pipeline: {
        "values": [100.0, 50.0],
        "probabilities": [0.5, 0.2],
        "close": [10, 40],
        "starts": [0, 30],
        "end": 59,
        "draws": 50,
        "seed": 1,
        "chunk_size": 4096,
    },
    pk.smoothed_win_rates: {
        "furthest": [0, 1, 2, 2],
        "won": [0, 0, 1, 0],
        "prior": [0.2, 0.5, 0.8],
    },
    pk.spell_lengths: {"stage": [0, 1, 0, 1], "days": [3, 10, 5, 20], "stages": 2},
    pk.aging_days: {"created": [0, 10], "entered": [5, 12], "close": [40, 50], "as_of": 30},
    pk.sales_velocity: {
        "open_count": 10,
        "won_values": [100.0, 200.0],
        "won_cycle_days": [30, 60],
        "lost_count": 3,
    },
    # account health and survey series (issue 24): accounts x periods
    pk.answer_counts: {
        "groups": [0, 0, 1],
        "periods": [0, 1, 1],
        "answers": [9, 3, 10],
        "shape": (2, 2),
        "scale": (0, 10),
    },
    pk.band_changes: {"index": [[0, 1, 1], [2, 2, 0]]},
    pk.band_index: {
        "values": [10.0, 55.0, 90.0],
        "lower": [0.0, 40.0, 70.0],
        "upper": [40.0, 70.0, 100.0],
        "lower_inclusive": [True, True, True],
        "upper_inclusive": [False, False, True],
    },
    pk.health_composite: {"points": [[[80.0, 60.0]], [[50.0, 40.0]]], "weights": [0.6, 0.4]},
    pk.health_points: {
        "values": [[0.9, 3.0]],
        "low": [0.8, 0.0],
        "high": [1.0, 10.0],
        "higher_is_better": [True, False],
    },
    pk.nps_intervals: {"counts": [[1, 0, 0, 0, 0, 0, 2, 1, 3, 4, 5]], "confidence": 0.95},
    pk.rolling_slope: {"values": [[50.0, 55.0, 53.0, 60.0]], "window": 3},
    pk.time_weighted: {"scores": [[50.0, 60.0, 70.0]], "weights": [0.2, 0.3, 0.5]},
    pk.time_weights: {"periods": 4, "horizon": 12},
    pk.top_box_intervals: {"counts": [[0, 1, 2, 3, 4]], "boxes": 2, "confidence": 0.9},
    pk.trend_slope: {"values": [[50.0, 55.0, 53.0, 60.0]]},
    pk.trend_turns: {"slopes": [[1.0, -1.0, 2.0]], "tolerance": 0.5},
    pk.weighted_rollup: {
        "values": [50.0, 70.0, 90.0],
        "groups": [0, 0, 1],
        "weights": [1.0, 2.0, 1.0],
        "n_groups": 2,
    },
    rk.expected_profit: {"a": [8.0], "b": [-10.0], "cost": [0.5], "price": [0.9]},
    rk.fit_logit: {"x": [0.8, 0.9, 1.0, 1.1, 0.85, 0.95], "won": [1, 1, 0, 0, 0, 1]},
    rk.optimal_price: {"a": [8.0], "b": [-10.0], "cost": [0.5]},
    rk.percentile: {"values": [1.0, 2.0, 3.0], "q": [50.0]},
    rk.profit_band: {"a": [8.0], "b": [-10.0], "cost": [0.5], "delta": 0.1},
    rk.win_probability: {"a": [8.0], "b": [-10.0], "price": [0.9]},
    pl.npv: {"rate": 0.1, "flows": FLOWS},
    pl.irr: {"flows": FLOWS},
    pl.irr_roots: {"flows": FLOWS},
    pl.mirr: {"flows": FLOWS, "finance_rate": 0.1, "reinvest_rate": 0.12},
    pl.xirr: {"flows": FLOWS, "dates": DATES},
    pl.xnpv: {"rate": 0.1, "flows": FLOWS, "dates": DATES},
    pl.payback_period: {"flows": FLOWS},
    pl.discounted_payback_period: {"flows": FLOWS, "rate": 0.1},
    pl.profitability_index: {"rate": 0.1, "flows": FLOWS},
    pl.pmt: {"rate": 0.05, "nper": 12, "pv": 1000.0},
    pl.fv: {"rate": 0.05, "nper": 12, "pmt": -10.0},
    pl.pv: {"rate": 0.05, "nper": 12, "pmt": -10.0},
    pl.nper: {"rate": 0.05, "pmt": -100.0, "pv": 1000.0},
    pl.ipmt: {"rate": 0.05, "per": 1, "nper": 12, "pv": 1000.0},
    pl.ppmt: {"rate": 0.05, "per": 1, "nper": 12, "pv": 1000.0},
    pl.rate: {"nper": 12, "pmt": -100.0, "pv": 1000.0},
    pl.amortisation_schedule: {"rate": 0.05, "nper": 3, "pv": 1000.0},
    pl.contractual_clv: {"margin": [100.0, 100.0], "retention": 0.8, "discount_rate": 0.1},
    pl.nps: {"recommend": [9, 10, 3, 7]},
    pl.csat: {"scores": [4, 5, 2]},
    pl.earned_value: {"bac": 100.0, "planned_value": 50.0, "earned": 40.0, "actual_cost": 45.0},
    pl.fit_bgnbd: {
        "frequency": [1, 2, 0, 5, 3],
        "recency": [10.0, 20.0, 0.0, 25.0, 15.0],
        "age": [30.0, 30.0, 30.0, 30.0, 30.0],
    },
    pl.allocate_budget: {"total": Money("1000", "EUR"), "weights": {"a": 1.0, "b": 2.0}},
    pl.incentives: {"pool": Money("1000", "EUR"), "results": {"a": 1.2, "b": 0.8}},
    pr.compound_discount: {"discounts": [0.1, 0.05]},
    pr.margin_floor: {"cost": Money("100", "EUR"), "min_margin": 0.2},
    pr.price_for_margin: {"cost": Money("100", "EUR"), "margin": 0.2},
    pr.price_for_markup: {"cost": Money("100", "EUR"), "markup": 0.2},
    pr.margin_of_price: {"price": Money("120", "EUR"), "cost": Money("100", "EUR")},
    pr.markup: {"price": Money("120", "EUR"), "cost": Money("100", "EUR")},
    sc.five_forces: {
        "intensity": {
            "rivalry": 3.0,
            "new_entrants": 2.0,
            "substitutes": 1.0,
            "buyer_power": 4.0,
            "supplier_power": 2.0,
        }
    },
    sc.factor_evaluation: {"ratings": {"a": 3.0, "b": 2.0}, "weights": {"a": 0.6, "b": 0.4}},
    sc.Criterion: {"name": "growth", "weight": 2.0, "bounds": (0.0, 10.0)},
    # readers of stored documents: text and the type asked for
    m.loads: {"text": m.dumps(Money("5", "EUR")), "cls": Money},
    m.loads_untrusted: {"text": m.dumps(Money("5", "EUR")), "cls": Money},
    sk.unregister_method: {"name": "not_registered"},
}


def _name(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__.split('._')[0]}.{fn.__name__}"


def _escapes(fn: Callable[..., Any], base: dict[str, Any]) -> list[str]:
    found = []
    calls = [("baseline", base)] + [
        (f"{arg}={label}", {**base, arg: value}) for arg in base for label, value in HOSTILE.items()
    ]
    for label, kwargs in calls:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                fn(**kwargs)
            except ClientelError:
                pass
            except Exception as exc:
                found.append(f"{label}: {type(exc).__name__}: {str(exc)[:80]}")
    return found


@pytest.mark.parametrize("fn", list(TABLE), ids=_name)
def test_only_clientel_errors_escape(fn: Callable[..., Any]) -> None:
    escapes = _escapes(fn, TABLE[fn])
    assert not escapes, f"{_name(fn)}: " + "; ".join(escapes)


WEIGHTS: dict[Callable[..., Any], dict[str, Any]] = {
    sk.critic_weights: {"matrix": M, "directions": D},
    sk.entropy_weights: {"matrix": M},
    sk.direct_weights: {"weights": W},
    sk.roc_weights: {"n": 3},
    sk.rank_sum_weights: {"n": 3},
}
EXTREME: dict[str, Any] = {
    "constant": [[1.0, 2.0, 3.0], [1.0, 3.0, 1.0], [1.0, 4.0, 2.0], [1.0, 1.0, 5.0]],
    "correlated": [[1.0, 2.0, 4.0], [2.0, 4.0, 8.0], [3.0, 6.0, 12.0], [4.0, 8.0, 16.0]],
    "zeros": [[0.0, 5.0, 0.0], [1.0, 0.0, 0.0], [2.0, 1.0, 3.0], [0.0, 0.0, 1.0]],
    "huge": [[1e308, 1.0, 2.0], [1e308, 2.0, 1.0], [5e307, 3.0, 5.0], [1e307, 1.0, 1.0]],
    "subnormal": [[5e-324, 1.0, 2.0], [1e-323, 2.0, 1.0], [0.0, 3.0, 5.0], [0.0, 1.0, 2.0]],
}


@pytest.mark.parametrize("case", sorted(EXTREME))
@pytest.mark.parametrize("fn", list(WEIGHTS)[:2], ids=_name)
def test_weights_are_never_nan(fn: Callable[..., Any], case: str) -> None:
    """CRITIC and entropy on constant, correlated, zero, huge and subnormal columns."""
    try:
        w = fn(matrix=EXTREME[case])
    except ClientelError as exc:  # a named error is an answer; NaN is not
        field = exc.field
        w = None
    if w is None:
        assert field
        return
    assert np.isfinite(w).all()
    assert w.sum() == pytest.approx(1.0)
    assert (w >= 0).all()


# -- the named cases of issue 15 ------------------------------------------------------------------


@pytest.mark.parametrize("weight", ["3", True, [3], None, 10**400])
def test_a_criterion_weight_is_a_number_not_text_or_a_bool(weight: Any) -> None:
    if weight is None:  # a criterion without a weight is fine
        assert sc.Criterion(name="growth", weight=weight).weight is None
        return
    if isinstance(weight, int) and not isinstance(weight, bool):
        assert sc.Criterion(name="growth", weight=weight).weight == weight  # a big int is a number
        return
    with pytest.raises(InvalidInputError) as info:
        sc.Criterion(name="growth", weight=weight)
    assert info.value.field == "Criterion[growth].weight"


@pytest.mark.parametrize("bounds", [5, (1, 2, 3), ("a", "b"), (True, 2), (3.0, 1.0)])
def test_criterion_bounds_are_refused_by_field(bounds: Any) -> None:
    with pytest.raises(InvalidInputError) as info:
        sc.Criterion(name="growth", bounds=bounds)
    assert info.value.field == "Criterion[growth].bounds"


def test_natural_breaks_near_float_max_equal_those_of_the_scaled_values() -> None:
    """The issue's IndexError; scaling by a power of two changes no split."""
    values = np.array([1e308, -1e308, 1e308, 5e307, -3e307, 7e307])
    tiers, breaks = sk.natural_breaks(values, 3)
    small_tiers, small_breaks = sk.natural_breaks(values * 2.0**-1024, 3)
    assert tiers.tolist() == small_tiers.tolist()
    assert (breaks * 2.0**-1024).tolist() == small_breaks.tolist()


def test_min_max_scaling_of_a_subnormal_column_is_not_nan() -> None:
    X = np.array([[5e-324, 1.0], [1e-323, 2.0], [0.0, 3.0]])
    out = sk.normalise(X, [1, 1], "minmax")
    assert np.isfinite(out).all()
    assert out[:, 0].tolist() == [0.5, 1.0, 0.0]  # 1, 2 and 0 units of 5e-324 over a range of 2
    huge = np.array([[1e308, 1.0], [-1e308, 2.0], [0.0, 3.0]])
    assert sk.weighted_sum(huge, [0.5, 0.5]).tolist() == [0.5, 0.25, 0.75]  # not inverted


def test_entropy_weights_near_float_max_equal_the_formula() -> None:
    """Shannon entropy weights written out (Hwang and Yoon 1981) on the column over its maximum."""
    X = np.array([[1e308, 1.0], [1e308, 2.0], [5e307, 3.0]])
    unit = X / X.max(axis=0)
    P = unit / unit.sum(axis=0)
    E = -(P * np.log(P)).sum(axis=0) / np.log(3)
    expected = (1 - E) / (1 - E).sum()
    assert sk.entropy_weights(X) == pytest.approx(expected, rel=1e-12)


def test_critic_weights_of_perfectly_correlated_columns_are_refused_not_nan() -> None:
    with pytest.raises(InvalidInputError) as info:
        sk.critic_weights([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])
    assert info.value.field == "matrix"
    with pytest.raises(InvalidInputError, match="constant column"):
        sk.critic_weights([[1.0, 2.0], [1.0, 4.0], [1.0, 5.0]])


def test_samples_draws_and_rows_have_documented_caps() -> None:
    X = [[9.0, 2.0], [6.0, 6.0], [2.0, 9.0]]
    with pytest.raises(LimitExceededError) as info:
        sk.acceptability(X, [0.5, 0.5], samples=10**7 + 1)
    assert (info.value.limit, info.value.maximum, info.value.field) == (
        "MAX_SAMPLES",
        10**7,
        "samples",
    )
    with pytest.raises(LimitExceededError) as info:
        sk.acceptability(np.zeros((10_001, 2)) + np.arange(10_001)[:, None], [0.5, 0.5])
    assert (info.value.limit, info.value.field) == ("MAX_ACCEPTABILITY_CELLS", "ranks")
    for bad in (2.5, True, -1, "10"):
        with pytest.raises(InvalidInputError) as err:
            sk.acceptability(X, [0.5, 0.5], samples=bad)
        assert err.value.field == "samples"
        with pytest.raises(InvalidInputError) as err:
            sk.acceptability(X, [0.5, 0.5], seed=bad)
        assert err.value.field == "seed"
    drivers = [pl.Distribution.pert("volume", 0.7, 1.0, 1.2)]
    with pytest.raises(LimitExceededError) as info:
        pl.simulate(lambda v: v["volume"][:, None], drivers, rate=0.1, draws=10**9 + 1, seed=1)
    assert (info.value.limit, info.value.field) == ("MAX_SIMULATION_DRAWS", "draws")
    assert info.value.maximum == 10**9
    with pytest.raises(LimitExceededError) as info:  # kept for exact percentiles: 16 B a draw
        pl.simulate(lambda v: v["volume"][:, None], drivers, rate=0.1, draws=2**24 + 1, seed=1,
                    exact=True)  # fmt: skip
    assert (info.value.limit, info.value.field, info.value.maximum) == (
        "EXACT_DRAWS", "draws", 2**24)  # fmt: skip
    day = dt.date(2027, 1, 1).toordinal()
    with pytest.raises(LimitExceededError) as info:  # the forecast keeps every draw's totals
        pk.simulate_pipeline([1.0], [0.5], [day], starts=[day], end=day + 30, draws=10**6 + 1,
                             seed=1)  # fmt: skip
    assert (info.value.limit, info.value.field) == ("MAX_KEPT_DRAWS", "draws")
    assert info.value.maximum == pk.MAX_KEPT_DRAWS == 10**6
    with pytest.warns(DeprecationWarning, match="use MAX_KEPT_DRAWS instead"):
        assert pk.MAX_DRAWS == pk.MAX_KEPT_DRAWS  # the 0.1 name, until 0.4
    with pytest.raises(LimitExceededError) as info:
        pl.amortisation_schedule(0.01, 10_001, Money("1000", "EUR"))
    assert (info.value.limit, info.value.field) == ("MAX_EXACT_PERIODS", "nper")
    with pytest.raises(LimitExceededError) as info:
        sk.roc_weights(10**6)
    assert info.value.limit == "MAX_RANKED_CRITERIA"


def test_decimal_signals_never_escape_an_exact_schedule() -> None:
    with pytest.raises(InvalidInputError) as info:
        pl.amortisation_schedule(0.05, 3, 10**400)
    assert info.value.field == "amounts"


@pytest.mark.parametrize("weights", [[1.0, 0.0], [0.0, 1.0]])
@pytest.mark.parametrize("concentration", [1e-300, 50.0, 1e300])
def test_acceptability_with_a_zero_weight_or_an_extreme_concentration_is_not_nan(
    weights: list[float], concentration: float
) -> None:
    r = sk.acceptability(
        [[9.0, 2.0], [6.0, 6.0], [2.0, 9.0]], weights, samples=3000, concentration=concentration
    )
    assert np.isfinite(r.acceptability).all()
    assert r.acceptability.sum(axis=1) == pytest.approx(1.0)


def _call(fn: Callable[..., Any], **changes: Any) -> Any:
    return fn(**{**TABLE[fn], **changes})


@pytest.mark.parametrize(
    ("fn", "changes", "error", "field"),
    [
        (pk.health_points, {"values": "x"}, InvalidInputError, "values"),
        (pk.health_points, {"higher_is_better": [1, 0]}, InvalidInputError, "higher_is_better"),
        (pk.health_points, {"low": [0.0]}, InvalidInputError, "low"),
        (pk.band_index, {"lower_inclusive": [1, 1, 1]}, InvalidInputError, "lower_inclusive"),
        (pk.trend_turns, {"slopes": 2.0}, InvalidInputError, "slopes"),
        (pk.trend_turns, {"tolerance": "0.5"}, InvalidInputError, "tolerance"),
        (pk.time_weights, {"periods": 10**9}, LimitExceededError, "periods"),
        (pk.answer_counts, {"shape": (10**6, 10**3)}, LimitExceededError, "shape"),
        (pk.answer_counts, {"scale": (5, 5)}, InvalidInputError, "scale"),
        (pk.weighted_rollup, {"n_groups": 10**400}, InvalidInputError, "groups[2]"),
        (pk.nps_intervals, {"confidence": "0.9"}, InvalidInputError, "confidence"),
        (pk.aging_days, {"as_of": 30.0}, InvalidInputError, "as_of"),
        (pk.simulate_pipeline, {"end": 10**9}, LimitExceededError, "end"),
        (pk.simulate_pipeline, {"end": 2**60}, InvalidInputError, "end"),
        (pk.pipeline_expectation, {"floor": 1.5}, InvalidInputError, "floor"),
        (pk.smoothed_win_rates, {"won": [1, 0, 1, 0]}, InvalidInputError, "won"),
        (pk.spell_lengths, {"stages": 2.0}, InvalidInputError, "stages"),
        (pk.sales_velocity, {"open_count": -1}, InvalidInputError, "open_count"),
        (pk.bgnbd_discounted_purchases, {"periods": [2]}, InvalidInputError, "periods"),
        (
            pk.bgnbd_discounted_purchases,
            {"discount_rate": [0.1]},
            InvalidInputError,
            "discount_rate",
        ),
        (m.loads, {"cls": 5}, InvalidInputError, "cls"),
        (m.loads_untrusted, {"cls": "Money"}, InvalidInputError, "cls"),
        (sk.unregister_method, {"name": ["topsis"]}, InvalidInputError, "method"),
    ],
)
def test_the_functions_added_to_the_sweep_name_the_argument(
    fn: Callable[..., Any], changes: dict[str, Any], error: type, field: str
) -> None:
    with pytest.raises(error) as info:  # type: ignore[call-overload]
        _call(fn, **changes)
    assert info.value.field == field
