"""Account-health kernels (issue 24): recency weights, slopes, turns, bands, roll-ups, intervals.

Reference for the recency weights: ERPNext's supplier scorecard (Frappe Technologies), read in
frappe/erpnext with the search tools:

* ``erpnext/buying/doctype/supplier_scorecard/supplier_scorecard.json``: the field
  ``weighting_function`` defaults to
  ``{total_score} * max( 0, min ( 1 , (12 - {period_number}) / 12) )`` and is described as
  "{total_score} (the total score from that period), {period_number} (the number of periods
  to present day)";
* ``erpnext/buying/doctype/supplier_scorecard/supplier_scorecard.py``,
  ``SupplierScorecard.calculate_total_score``: the period scorecards are read
  ``order_by="end_date desc"``, ``period`` counts 0, 1, 2, ... from the latest, each period's
  weighted score is the weighting function with ``{total_score}`` replaced by the period's
  score and its maximum the same with ``{total_score}`` replaced by 100, and
  ``supplier_score = round(100.0 * (total_score / total_max_score), 1)``;
* ``erpnext/buying/doctype/supplier_scorecard_period/supplier_scorecard_period.py``,
  ``calculate_score``: a period's score is ``sum(crit.score * crit.weight / 100.0)`` with the
  criteria weights adding up to 100 (``validate_criteria_weights``);
* the user manual (``erpnext/docs/user/manual/en/buying/supplier-scorecard.md``): "The default
  formula is linearly weight over the previous 12 scoring periods."

The tests below evaluate that default formula text the way ERPNext does (placeholders replaced,
then evaluated with ``max`` and ``min``) and compare with the kernels.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binomtest, linregress

from clientel.errors import (
    BandError,
    InvalidInputError,
    MissingDataError,
    ScaleError,
    WeightSumError,
)
from clientel.planning import kernels as k
from clientel.planning import nps

ERPNEXT_DEFAULT = "{total_score} * max( 0, min ( 1 , (12 - {period_number}) / 12) )"


def _erpnext_supplier_score(scores_newest_first: list[float]) -> float:
    """ERPNext's calculate_total_score with its default weighting function, as it is written."""
    total = total_max = 0.0
    for period, score in enumerate(scores_newest_first):
        f = ERPNEXT_DEFAULT.replace("{period_number}", str(period))
        weighted = eval(f.replace("{total_score}", str(score)), {"max": max, "min": min})
        maximum = eval(f.replace("{total_score}", "100"), {"max": max, "min": min})
        total += weighted
        total_max += maximum
    return round(100.0 * (total / total_max), 1) if total_max > 0 else 100.0


def test_erpnext_default_example_of_twelve_periods() -> None:
    # twelve monthly period scores, oldest first (a supplier improving steadily)
    scores = [40.0, 45.0, 50.0, 55.0, 60.0, 65.0, 70.0, 75.0, 80.0, 85.0, 90.0, 95.0]
    expected = _erpnext_supplier_score(scores[::-1])
    # written out: weights 1/12 .. 12/12 oldest to newest, sum 78/12
    by_hand = round(sum(s * (j + 1) for j, s in enumerate(scores)) / 78, 1)
    assert expected == by_hand == 76.7  # 5980 / 78
    got = k.time_weighted(np.array([scores]), k.time_weights(12, horizon=12))[0]
    assert round(float(got), 1) == expected


@given(st.lists(st.floats(0, 100), min_size=1, max_size=30))
def test_recency_weighting_reproduces_erpnext_for_any_history(scores: list[float]) -> None:
    expected = _erpnext_supplier_score(scores[::-1])
    got = k.time_weighted(np.array([scores]), k.time_weights(len(scores)))[0]
    assert round(float(got), 1) == pytest.approx(expected, abs=0.05 + 1e-9)


def test_erpnext_period_score_is_the_weighted_composite() -> None:
    # supplier_scorecard_period.calculate_score: sum(score * weight / 100), weights add to 100
    criteria = [(80.0, 40.0), (50.0, 35.0), (100.0, 25.0)]
    erpnext = sum(score * weight / 100.0 for score, weight in criteria)
    points = np.array([[s for s, _ in criteria]])
    weights = np.array([w / 100 for _, w in criteria])
    score, coverage = k.health_composite(points, weights)
    assert score[0] == pytest.approx(erpnext)
    assert coverage[0] == pytest.approx(1.0)


@given(st.integers(1, 40), st.integers(1, 24))
def test_time_weights_sum_to_one_and_increase_toward_recent(n: int, horizon: int) -> None:
    w = k.time_weights(n, horizon)
    assert w.shape == (n,)
    assert math.fsum(w) == pytest.approx(1.0, abs=1e-12)
    assert (w >= 0).all()
    assert (np.diff(w) >= 0).all()  # never less weight for a more recent period
    counted = min(n, horizon)  # the periods within the horizon weigh strictly more each
    assert (np.diff(w[-counted:]) > 0).all()
    assert (w[: n - counted] == 0).all()


def test_time_weights_refuse_bad_counts() -> None:
    for bad in (0, -1, 1.5, True):
        with pytest.raises(InvalidInputError) as info:
            k.time_weights(bad)  # type: ignore[arg-type]
        assert info.value.field == "periods"
    with pytest.raises(InvalidInputError) as info:
        k.time_weights(3, horizon=0)
    assert info.value.field == "horizon"


series = st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=2, max_size=20)


@given(series)
def test_slope_matches_scipy_linregress(y: list[float]) -> None:
    expected = linregress(np.arange(len(y)), y).slope
    assert k.trend_slope(np.array([y]))[0] == pytest.approx(
        expected, abs=1e-9 * (1 + max(map(abs, y)))
    )


@given(st.floats(-1e3, 1e3), st.integers(2, 30), st.integers(2, 6))
def test_a_constant_history_has_slope_zero_and_no_turn(c: float, n: int, w: int) -> None:
    y = np.full((3, n), c)
    assert (k.trend_slope(y) == 0).all()
    window = min(w, n)
    slopes = k.rolling_slope(y, window)
    assert (slopes == 0).all()
    assert not k.trend_turns(slopes).any()


@given(series, st.integers(2, 6))
def test_rolling_slope_is_the_slope_of_each_window(y: list[float], w: int) -> None:
    w = min(w, len(y))
    got = k.rolling_slope(np.array(y), w)
    expected = [np.polyfit(np.arange(w), y[t : t + w], 1)[0] for t in range(len(y) - w + 1)]
    assert got == pytest.approx(expected, abs=1e-7 * (1 + max(map(abs, y))))


def _turns_by_hand(slopes: list[float], tol: float) -> list[bool]:
    out, last = [], 0
    for s in slopes:
        sign = 1 if s > tol else -1 if s < -tol else 0
        out.append(sign != 0 and last != 0 and sign != last)
        if sign != 0:
            last = sign
    return out


@given(st.lists(st.sampled_from([-2.0, -0.5, 0.0, 0.3, 1.0, 3.0]), max_size=15),
       st.sampled_from([0.0, 0.4, 1.5]))  # fmt: skip
def test_trend_turns_against_a_loop(slopes: list[float], tol: float) -> None:
    assert k.trend_turns(np.array(slopes), tol).tolist() == _turns_by_hand(slopes, tol)


def _changes_by_hand(index: list[int]) -> list[bool]:
    out, last = [], None
    for i in index:
        out.append(i >= 0 and last is not None and i != last)
        if i >= 0:
            last = i
    return out


@given(st.lists(st.lists(st.integers(-1, 3), min_size=1, max_size=12), min_size=1, max_size=4))
def test_band_changes_against_a_loop(rows: list[list[int]]) -> None:
    n = min(map(len, rows))
    index = np.array([r[:n] for r in rows])
    got = k.band_changes(index)
    assert got.tolist() == [_changes_by_hand(r) for r in index.tolist()]


# -- bands: each end inclusive or exclusive as stated ---------------------------------------
@st.composite
def runs(draw: st.DrawFn) -> tuple[list[float], list[float], list[bool], list[bool]]:
    n = draw(st.integers(1, 5))
    edges = sorted(draw(st.lists(st.integers(0, 100), min_size=n + 1, max_size=n + 1,
                                 unique=True)))  # fmt: skip
    below = draw(st.lists(st.booleans(), min_size=n - 1, max_size=n - 1))
    lo_in = [True, *(not b for b in below)]
    hi_in = [*below, True]
    return [float(e) for e in edges[:-1]], [float(e) for e in edges[1:]], lo_in, hi_in


@given(runs(), st.data())
def test_band_index_against_each_bands_own_rule(run: tuple, data: st.DataObject) -> None:
    lower, upper, lo_in, hi_in = run
    value = st.one_of(st.sampled_from(lower + upper), st.floats(lower[0], upper[-1]))
    values = data.draw(st.lists(value, max_size=20))
    got = k.band_index(np.array(values, dtype=float), lower, upper, lo_in, hi_in)
    for v, g in zip(values, got.tolist(), strict=True):
        inside = [j for j in range(len(lower))
                  if (v > lower[j] or (v == lower[j] and lo_in[j]))
                  and (v < upper[j] or (v == upper[j] and hi_in[j]))]  # fmt: skip
        assert inside == [g]  # exactly one band holds each value


def test_band_index_on_the_boundaries_as_stated() -> None:
    # calm [0, 1], busy (1, 3], escalated (3, 10]: the boundary belongs to the lower band
    got = k.band_index([0, 1, 1.5, 3, 3.01, 10, np.nan], [0, 1, 3], [1, 3, 10],
                       [True, False, False], [True, True, True])  # fmt: skip
    assert got.tolist() == [0, 0, 1, 1, 2, 2, -1]


def test_band_index_refuses_values_off_the_run_and_broken_runs() -> None:
    with pytest.raises(ScaleError) as info:
        k.band_index([50, 101], [0, 50], [50, 100], [True, True], [False, True])
    assert info.value.field == "values[1]"
    with pytest.raises(ScaleError):  # 0 is excluded from the first band
        k.band_index([0.0], [0, 50], [50, 100], [False, True], [False, True])
    with pytest.raises(BandError):  # a gap
        k.band_index([1.0], [0, 60], [50, 100], [True, True], [False, True])
    with pytest.raises(BandError):  # 50 in both bands
        k.band_index([1.0], [0, 50], [50, 100], [True, True], [True, True])


# -- points and the weighted score -----------------------------------------------------------
def test_points_and_their_scale_check() -> None:
    got = k.health_points([[99.5, 2.0, 30.0]], [90, 0, 0], [100, 10, 120], [True, False, False])
    assert got.tolist() == [[95.0, 80.0, 75.0]]
    with pytest.raises(ScaleError) as info:
        k.health_points([[99.5, 2.0], [101.0, 2.0]], [90, 0], [100, 10], [True, False])
    assert info.value.field == "values[1, 0]"
    assert np.isnan(k.health_points([[1.0, np.nan]], [0, 0], [1, 1], [True, True])[0, 1])


def test_composite_renormalises_over_the_measures_present_and_refuses_bad_weights() -> None:
    score, cover = k.health_composite([[80.0, np.nan, 20.0]], [0.5, 0.3, 0.2])
    assert score[0] == pytest.approx((0.5 * 80 + 0.2 * 20) / 0.7)
    assert cover[0] == pytest.approx(0.7)
    with pytest.raises(WeightSumError) as info:
        k.health_composite([[1.0, 2.0]], [0.5, 0.6])
    assert info.value.field == "weights"
    with pytest.raises(WeightSumError):
        k.health_composite([[1.0, 2.0]], [1.0, 0.0])
    with pytest.raises(MissingDataError) as info:
        k.health_composite([[[1.0, 2.0], [np.nan, np.nan]]], [0.5, 0.5])
    assert info.value.field == "points[0, 1]"


@given(st.lists(st.integers(1, 50), min_size=1, max_size=8), st.data())
def test_composite_stays_within_the_points_present(raw: list[int], data: st.DataObject) -> None:
    weights = np.array([r / sum(raw) for r in raw])
    weights[-1] = 1.0 - weights[:-1].sum()  # as a scorecard's weights are written
    m = len(raw)
    cell = st.one_of(st.just(np.nan), st.floats(0, 100), st.sampled_from([0.0, 100.0]))
    rows = data.draw(st.lists(st.lists(cell, min_size=m, max_size=m), min_size=1, max_size=6))
    rows = [r if not np.isnan(r).all() else [100.0] * m for r in rows]
    rows.append([100.0] * m)  # every measure at the top of its scale
    points = np.array(rows)
    score, _ = k.health_composite(points, weights)
    assert (score >= np.nanmin(points, axis=1)).all()
    assert (score <= np.nanmax(points, axis=1)).all()
    assert score[-1] == 100.0  # exactly: the score's colour bands end at 100


# -- roll-ups -------------------------------------------------------------------------------
@st.composite
def members(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    g = draw(st.integers(1, 4))
    a = draw(st.integers(g, 12))
    groups = np.array(list(range(g)) + draw(st.lists(st.integers(0, g - 1), min_size=a - g,
                                                     max_size=a - g)))  # fmt: skip
    values = np.array(draw(st.lists(st.lists(st.floats(0, 100), min_size=3, max_size=3),
                                    min_size=a, max_size=a)))  # fmt: skip
    weights = np.array(draw(st.lists(st.floats(0.01, 1e6), min_size=a, max_size=a)))
    return values, groups, weights, g


@given(members())
def test_rollup_is_bounded_by_its_members_and_ignores_their_order(m: tuple) -> None:
    values, groups, weights, g = m
    mean, low, high = k.weighted_rollup(values, groups, weights, g)
    assert ((low <= mean) & (mean <= high)).all()
    for j in range(g):
        mine = groups == j
        assert low[j].tolist() == values[mine].min(axis=0).tolist()
        assert high[j].tolist() == values[mine].max(axis=0).tolist()
        expected = np.average(values[mine], axis=0, weights=weights[mine])
        assert mean[j] == pytest.approx(expected, rel=1e-9, abs=1e-9)
    perm = np.random.default_rng(7).permutation(len(groups))
    again = k.weighted_rollup(values[perm], groups[perm], weights[perm], g)
    assert again[0] == pytest.approx(mean, rel=1e-12, abs=1e-12)
    assert (again[1] == low).all()
    assert (again[2] == high).all()


def test_rollup_refuses_a_group_without_weight() -> None:
    with pytest.raises(WeightSumError) as info:
        k.weighted_rollup([[1.0], [2.0]], [0, 0], [1.0, 1.0], 2)
    assert info.value.field == "groups[1]"
    with pytest.raises(InvalidInputError):
        k.weighted_rollup([[1.0]], [0], [-1.0], 1)


# -- survey series ---------------------------------------------------------------------------
def _nps_by_difference_of_proportions(c: list[int], conf: float) -> tuple[float, float, float]:
    """The adjusted-Wald NPS interval written as the difference of two multinomial
    proportions, Var(p - d) = [p(1 - p) + d(1 - d) + 2 p d] / n (a different formula)."""
    from scipy.stats import norm

    det, pas, pro = sum(c[:7]) + 0.75, sum(c[7:9]) + 1.5, sum(c[9:]) + 0.75
    n = det + pas + pro
    p, d = pro / n, det / n
    se = math.sqrt((p * (1 - p) + d * (1 - d) + 2 * p * d) / n)
    z = norm.ppf(0.5 + conf / 2)
    return 100 * se, max(-100.0, 100 * (p - d - z * se)), min(100.0, 100 * (p - d + z * se))


count_rows = st.lists(st.lists(st.integers(0, 9), min_size=11, max_size=11), min_size=1,
                      max_size=6)  # fmt: skip


@given(count_rows, st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_nps_series_against_an_independent_formula_and_the_scalar_nps(
    rows: list[list[int]], conf: float
) -> None:
    score, _adjusted, se, low, high = k.nps_intervals(np.array(rows), conf)
    for r, c in enumerate(rows):
        if sum(c) == 0:
            assert np.isnan([score[r], se[r], low[r], high[r]]).all()  # no answers, no score
            continue
        e_se, e_low, e_high = _nps_by_difference_of_proportions(c, conf)
        assert (se[r], low[r], high[r]) == pytest.approx((e_se, e_low, e_high), abs=1e-9)
        one = nps(frequencies=dict(enumerate(c)), confidence=conf)  # the same survey alone
        assert (score[r], low[r], high[r]) == pytest.approx((one.score, one.low, one.high))


@given(st.lists(st.lists(st.integers(0, 30), min_size=5, max_size=5), min_size=1, max_size=5),
       st.integers(1, 3))  # fmt: skip
def test_top_box_interval_is_scipys_wilson_interval(rows: list[list[int]], boxes: int) -> None:
    share, mean, low, high = k.top_box_intervals(np.array(rows), boxes)
    for r, c in enumerate(rows):
        n = sum(c)
        if n == 0:
            assert np.isnan([share[r], low[r], high[r]]).all()
            continue
        x = sum(c[5 - boxes :])
        ci = binomtest(x, n).proportion_ci(confidence_level=0.95, method="wilson")
        assert share[r] == pytest.approx(x / n)
        assert (low[r], high[r]) == pytest.approx((ci.low, ci.high), abs=1e-12)
        assert mean[r] == pytest.approx(sum(j * v for j, v in enumerate(c)) / n)


def test_wilson_interval_of_a_published_example() -> None:
    """Fagerland, Lydersen and Laake, Statistical Analysis of Contingency Tables (2017),
    chapter 2, the Ligarden et al. (2010) example: 13 of 16, Wilson score 95 % interval
    0.5699 to 0.9341 (their R package contingencytables, tests/testthat/test-ch2.R,
    ``Wilson_score_CI_1x2(X = 13, n = 16)``; read with the search tools)."""
    counts = np.array([[3, 0, 0, 0, 13]])  # 13 of 16 in the top box
    share, _mean, low, high = k.top_box_intervals(counts, 1)
    assert share[0] == 13 / 16
    assert (round(float(low[0]), 4), round(float(high[0]), 4)) == (0.5699, 0.9341)


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3), st.integers(1, 5)), max_size=40))
def test_answer_counts_against_a_counter(answers: list[tuple[int, int, int]]) -> None:
    g, p, a = (np.array([x[i] for x in answers], dtype=np.int64) for i in range(3))
    got = k.answer_counts(g, p, a, (3, 4), (1, 5))
    expected = Counter(answers)
    for (gi, pi, ai), count in expected.items():
        assert got[gi, pi, ai - 1] == count
    assert got.sum() == len(answers)


def test_answer_counts_refuse_answers_off_the_scale() -> None:
    with pytest.raises(InvalidInputError) as info:
        k.answer_counts([0, 0], [0, 0], [3, 6], (1, 1), (1, 5))
    assert info.value.field == "answers[1]"
