"""Account health (issue 24): scorecards, histories, scores, trends, alerts and roll-ups.

Reference values come from:

* ERPNext's supplier scorecard (Frappe Technologies; read in frappe/erpnext with the search
  tools): ``supplier_scorecard.py``, ``SupplierScorecard.update_standing`` gives a supplier
  the standing whose ``min_grade <= score < max_grade`` (lower end in, upper end out), and
  ``get_default_scorecard_standing`` lists the default standings Very Poor 0-30 (Red),
  Poor 30-50 (Yellow), Average 50-80 (Green), Excellent 80-100 (Blue); the recency weights
  are checked against its ``calculate_total_score`` in ``test_health_kernels.py``;
* independent computations written here: loops over accounts and periods with the formulas
  of the scorecard's documentation, ``scipy.stats.linregress`` for the slopes.

Nothing is compared with clientel's own earlier output.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from long_run import LONG_RUN_EXAMPLES
from scipy.stats import linregress

from clientel import testing as ct
from clientel.errors import (
    BandError,
    InvalidInputError,
    MissingDataError,
    PeriodOrderError,
    ScaleError,
    UnknownReferenceError,
    WeightSumError,
)
from clientel.models import FiscalYear, Period, dumps, loads
from clientel.planning import (
    Band,
    Category,
    ColourScheme,
    HealthHistory,
    HealthMeasure,
    HealthScorecard,
    health_scores,
    segment_health,
)

QUARTERS = FiscalYear(2026).quarters()


def _bands(*edges: float, colours: tuple[str, ...] = ("red", "amber", "green")) -> ColourScheme:
    n = len(edges) - 1
    return ColourScheme(bands=[
        Band(name=f"b{j}", colour=colours[j], lower=edges[j], upper=edges[j + 1],
             upper_inclusive=j == n - 1)
        for j in range(n)
    ])  # fmt: skip


SCORE = _bands(0, 50, 75, 100)
SLA = HealthMeasure(id="sla", name="SLA met (%)", weight=0.5, low=80, high=100,
                    colours=_bands(80, 95, 99, 100))  # fmt: skip
ESCALATIONS = HealthMeasure(id="escalations", name="Escalations", weight=0.3, low=0, high=10,
                            higher_is_better=False, colours=_bands(0, 2, 5, 10))  # fmt: skip
SPONSOR = HealthMeasure(id="sponsor", name="Sponsor", weight=0.2, categories=[
    Category(value="engaged", points=100, colour="green"),
    Category(value="distant", points=40, colour="amber"),
    Category(value="absent", points=0, colour="red")])  # fmt: skip
CARD = HealthScorecard(id="hc", name="Key accounts", colours=SCORE,
                       measures=[SLA, ESCALATIONS, SPONSOR], horizon=4, trend_window=3)  # fmt: skip


def _history(**over: Any) -> HealthHistory:
    kw: dict[str, Any] = {
        "periods": QUARTERS, "accounts": ["c1", "c2"],
        "numbers": {"sla": [[99.0, 98.0, 96.0, 90.0], [90.0, 92.0, 96.0, 99.5]],
                    "escalations": [[0.0, 1.0, 3.0, 6.0], [4.0, np.nan, 2.0, 1.0]]},
        "categories": {"sponsor": [["engaged", "engaged", "distant", "absent"],
                                   ["absent", "distant", None, "engaged"]]},
    }  # fmt: skip
    kw.update(over)
    return HealthHistory(**kw)


# -- bands: ends inclusive or exclusive as stated ----------------------------------------------
def test_erpnext_default_standings_as_a_colour_scheme() -> None:
    """ERPNext's default standings, min_grade <= score < max_grade (update_standing)."""
    standings = [("Very Poor", "Red", 0.0, 30.0), ("Poor", "Yellow", 30.0, 50.0),
                 ("Average", "Green", 50.0, 80.0), ("Excellent", "Blue", 80.0, 100.0)]  # fmt: skip
    scheme = ColourScheme(bands=[
        Band(name=n, colour=c, lower=lo, upper=hi, upper_inclusive=hi == 100.0)
        for n, c, lo, hi in standings])  # fmt: skip

    def erpnext(score: float) -> str | None:  # update_standing, as written
        found = None
        for name, _colour, lo, hi in standings:
            if (not lo or lo <= score) and (not hi or hi > score):
                found = name
        return found

    for score in (0.0, 29.9, 30.0, 49.99, 50.0, 79.9, 80.0, 99.9):
        assert scheme.band(score).name == erpnext(score)
    # ERPNext leaves a perfect 100 without a standing (100 > 100 is false); the scheme states
    # that its last band includes 100, so 100 is Excellent here.
    assert erpnext(100.0) is None
    assert scheme.band(100.0).name == "Excellent"


@given(ct.colour_schemes(), st.lists(st.floats(0, 100), max_size=30))
def test_every_value_of_the_scale_is_in_exactly_one_band(
    scheme: ColourScheme, values: list[float]
) -> None:
    edges = [b.lower for b in scheme.bands] + [scheme.upper]
    values = values + edges  # every boundary too
    got = scheme.index(values)
    for v, k in zip(values, got.tolist(), strict=True):
        assert [j for j, b in enumerate(scheme.bands) if b.contains(v)] == [k]


def test_bad_bands_are_named() -> None:
    with pytest.raises(BandError) as info:  # a gap
        ColourScheme(bands=[Band(name="a", colour="red", lower=0, upper=40),
                            Band(name="b", colour="green", lower=50, upper=100)])  # fmt: skip
    assert info.value.field == "ColourScheme.bands"
    with pytest.raises(BandError):  # 50 in both bands
        ColourScheme(bands=[Band(name="a", colour="red", lower=0, upper=50, upper_inclusive=True),
                            Band(name="b", colour="green", lower=50, upper=100)])  # fmt: skip
    with pytest.raises(BandError):  # 50 in neither
        ColourScheme(bands=[Band(name="a", colour="red", lower=0, upper=50),
                            Band(name="b", colour="green", lower=50, upper=100,
                                 lower_inclusive=False)])  # fmt: skip
    with pytest.raises(BandError) as info:  # score colours that stop at 90
        HealthScorecard(
            id="hc",
            name="x",
            colours=_bands(0, 50, 90),
            measures=[
                HealthMeasure(id="m", name="m", weight=1, low=0, high=1, colours=_bands(0, 1))
            ],
        )
    assert info.value.field == "HealthScorecard.colours['b1']"
    with pytest.raises(BandError) as info:  # a measure's colours that do not cover its scale
        HealthMeasure(id="m", name="m", weight=1, low=0, high=10, colours=_bands(0, 5, 9))
    assert info.value.field == "HealthMeasure[m].colours['b1']"


# -- weights ---------------------------------------------------------------------------------
def test_weights_that_do_not_sum_to_one_are_refused() -> None:
    with pytest.raises(WeightSumError) as info:
        HealthScorecard(id="hc", name="x", colours=SCORE, measures=[SLA, ESCALATIONS])
    assert info.value.field == "HealthScorecard.measures"
    assert info.value.value == pytest.approx(0.8)
    with pytest.raises(WeightSumError) as info:
        HealthMeasure(id="m", name="m", weight=0, low=0, high=1, colours=_bands(0, 1))
    assert info.value.field == "HealthMeasure[m].weight"
    with pytest.raises(InvalidInputError) as info:
        HealthMeasure(id="m", name="m", weight=1.5, low=0, high=1, colours=_bands(0, 1))
    assert info.value.field == "HealthMeasure.weight"


# -- periods ---------------------------------------------------------------------------------
def test_periods_out_of_order_or_overlapping_are_named() -> None:
    with pytest.raises(PeriodOrderError) as info:
        _history(periods=[QUARTERS[0], QUARTERS[2], QUARTERS[1], QUARTERS[3]])
    assert info.value.field == "HealthHistory.periods[2]"
    overlap = Period(dt.date(2026, 3, 1), dt.date(2026, 5, 31), "overlap")
    with pytest.raises(PeriodOrderError) as info:
        _history(periods=[QUARTERS[0], overlap, QUARTERS[2], QUARTERS[3]])
    assert info.value.field == "HealthHistory.periods[1]"
    with pytest.raises(PeriodOrderError) as info:
        HealthHistory.from_rows([], QUARTERS[::-1], CARD)
    assert info.value.field == "periods[1]"


# -- a measure outside its scale ----------------------------------------------------------------
def test_a_value_outside_its_scale_names_measure_account_and_period() -> None:
    history = _history(numbers={"sla": [[99.0, 98.0, 96.0, 90.0], [90.0, 92.0, 101.0, 99.5]],
                                "escalations": [[0.0] * 4, [1.0] * 4]})  # fmt: skip
    with pytest.raises(ScaleError) as info:
        health_scores(CARD, history)
    assert info.value.field == "sla[c2, FY2026 Q3]"
    assert info.value.value == 101.0
    history = _history(categories={"sponsor": [["engaged"] * 4, ["absent", "gone", "", ""]]})
    with pytest.raises(ScaleError) as info:
        health_scores(CARD, history)
    assert info.value.field == "sponsor[c2, FY2026 Q2]"
    with pytest.raises(ScaleError) as info:
        SLA.points([79.9])
    assert info.value.field == "sla[0]"


def test_other_bad_inputs_are_named() -> None:
    with pytest.raises(MissingDataError) as info:  # a measure without history
        health_scores(CARD, _history(categories={}))
    assert info.value.field == "history['sponsor']"
    with pytest.raises(InvalidInputError) as info:  # numeric in the card, text in the history
        health_scores(CARD, _history(numbers={"sla": [[99.0] * 4] * 2},
                                     categories={"escalations": [["x"] * 4] * 2,
                                                 "sponsor": [["engaged"] * 4] * 2}))  # fmt: skip
    assert info.value.field == "history['escalations']"
    with pytest.raises(MissingDataError):  # one period: no trend
        health_scores(CARD, HealthHistory(periods=QUARTERS[:1], accounts=["c1"],
                                          numbers={"sla": [[99.0]], "escalations": [[0.0]]},
                                          categories={"sponsor": [["engaged"]]}))  # fmt: skip
    with pytest.raises(InvalidInputError) as info:
        _history(numbers={"sla": [[99.0] * 3] * 2, "escalations": [[0.0] * 4] * 2})
    assert info.value.field == "HealthHistory.numbers['sla']"
    with pytest.raises(InvalidInputError):
        _history(accounts=["c1", "c1"])


# -- the scores, against loops written from the documented formulas ----------------------------
def _loop_score(card: HealthScorecard, history: HealthHistory, r: int, k: int) -> float:
    num = den = 0.0
    for m in card.measures:
        v = history.values(m.id)[r, k]
        if m.categories:
            if v == "":
                continue
            pts = next(c.points for c in m.categories if c.value == v)
        else:
            if math.isnan(v):
                continue
            frac = (v - m.low) / (m.high - m.low)
            pts = 100 * (frac if m.higher_is_better else 1 - frac)
        num += m.weight * pts
        den += m.weight
    return num / den


def _erpnext_recent(scores: list[float], horizon: int) -> float:
    """ERPNext's weighting: period number p = 0 for the latest, weight max(0, min(1, (H-p)/H))."""
    weights = [max(0.0, min(1.0, (horizon - p) / horizon)) for p in range(len(scores))]
    newest_first = scores[::-1]
    return sum(w * s for w, s in zip(weights, newest_first, strict=True)) / sum(weights)


@st.composite
def cards_and_histories(draw: st.DrawFn) -> tuple[HealthScorecard, HealthHistory]:
    card = draw(ct.health_scorecards(max_measures=4))
    return card, draw(ct.health_histories(card, max_accounts=4, max_periods=8))


@settings(max_examples=LONG_RUN_EXAMPLES or 30)
@given(cards_and_histories())
def test_scores_recency_trend_and_bands_against_loops(
    case: tuple[HealthScorecard, HealthHistory],
) -> None:
    card, history = case
    h = health_scores(card, history)
    n = len(history.periods)
    window = min(card.trend_window, n)
    for r in range(len(history.accounts)):
        expected = [_loop_score(card, history, r, k) for k in range(n)]
        assert h.score[r].tolist() == pytest.approx(expected, abs=1e-9)
        for k, s in enumerate(h.score[r].tolist()):
            assert card.colours.bands[int(h.colour_index[r, k])].contains(s)
        assert h.recent[r] == pytest.approx(_erpnext_recent(expected, card.horizon), abs=1e-9)
        slope = linregress(np.arange(window), expected[-window:]).slope
        assert h.trend[r] == pytest.approx(slope, abs=1e-9)
        effects = math.fsum(f.effect for f in h.explain(history.accounts[r]).factors)
        assert effects == pytest.approx(h.score[r, -1], abs=1e-9)  # the effects add up


@settings(max_examples=LONG_RUN_EXAMPLES or 30)
@given(cards_and_histories())
def test_band_alerts_are_exactly_the_changes_of_band(
    case: tuple[HealthScorecard, HealthHistory],
) -> None:
    card, history = case
    h = health_scores(card, history)
    got = {(a.account_id, a.period, a.after) for a in h.alerts
           if a.kind == "band" and a.subject == "health"}  # fmt: skip
    expected = set()
    for r, acc in enumerate(history.accounts):
        bands = [card.colours.band(float(s)) for s in h.score[r]]
        for k in range(1, len(bands)):
            if bands[k] != bands[k - 1]:
                expected.add((acc, history.periods[k], f"{bands[k].name} ({bands[k].colour})"))
    assert got == expected


def test_worked_example_by_hand() -> None:
    h = health_scores(CARD, _history())
    # c1, FY2026 Q4: sla 90 -> 50 points, escalations 6 of 10 (less is better) -> 40,
    # sponsor absent -> 0: 0.5 * 50 + 0.3 * 40 + 0.2 * 0 = 37.
    assert h.score[0, -1] == pytest.approx(37.0)
    # c2, FY2026 Q3: sla 96 -> 80, escalations 2 -> 80, sponsor missing: (0.5 * 80 + 0.3 * 80)
    # / 0.8 = 80, with 80 % of the weight seen.
    assert h.score[1, 2] == pytest.approx(80.0)
    assert h.coverage[1, 2] == pytest.approx(0.8)
    assert h.band("c1") == "b0 (red)"
    explained = h.explain("c2")
    assert [f.criterion for f in explained.factors] == ["sla", "escalations", "sponsor"]
    assert any("c1 FY2026 Q4: health moved" in a.message for a in h.alerts)


# -- roll-ups ----------------------------------------------------------------------------------
@settings(max_examples=LONG_RUN_EXAMPLES or 30)
@given(cards_and_histories(), st.data())
def test_segment_rollup_is_linear_in_the_scores(
    case: tuple[HealthScorecard, HealthHistory], data: st.DataObject
) -> None:
    from clientel.planning.kernels import time_weighted, time_weights, trend_slope

    card, history = case
    h = health_scores(card, history)
    accounts = history.accounts
    segment = {a: data.draw(st.sampled_from(["s1", "s2"])) for a in accounts}
    weight = {a: data.draw(st.floats(0.5, 100)) for a in accounts}
    s = segment_health(h, segment, weights=weight, basis="revenue")
    for g, name in enumerate(s.segments):
        members = [accounts.index(a) for a in accounts if segment[a] == name]
        w = np.array([weight[accounts[r]] for r in members])
        rolled = (w @ h.score[members]) / w.sum()
        assert s.score[g] == pytest.approx(rolled, abs=1e-9)
        assert (s.low[g] <= s.score[g] + 1e-9).all()
        assert (s.score[g] <= s.high[g] + 1e-9).all()
        # the stated claim: the roll-up of the recency-weighted scores and trends is the
        # recency-weighted score and trend of the rolled-up series
        n = len(history.periods)
        assert s.recent[g] == pytest.approx(
            time_weighted(rolled[None, :], time_weights(n, card.horizon))[0], abs=1e-9
        )
        assert s.trend[g] == pytest.approx(trend_slope(rolled[None, -h.window :])[0], abs=1e-9)


def test_segment_rollup_bad_inputs() -> None:
    h = health_scores(CARD, _history())
    with pytest.raises(UnknownReferenceError) as info:
        segment_health(h, {"c1": "bank"})
    assert info.value.field == "segments"
    with pytest.raises(WeightSumError) as info:
        segment_health(h, {"c1": "bank", "c2": "retail"}, weights={"c1": 1.0, "c2": 0.0})
    assert info.value.field == "segments['retail']"
    with pytest.raises(InvalidInputError) as info:
        segment_health(h, {"c1": "bank", "c2": "bank"}, weights={"c1": 1.0, "c2": -1.0})
    assert info.value.field == "weights['c2']"
    for bad in (True, "3", float("inf")):
        with pytest.raises(InvalidInputError) as info:
            segment_health(h, {"c1": "bank", "c2": "bank"}, weights={"c1": 1.0, "c2": bad})
        assert info.value.field == "weights['c2']"
    with pytest.raises(MissingDataError):
        segment_health(h, {"c1": "bank", "c2": "bank"}, weights={"c1": 1.0})
    mean = segment_health(h, {"c1": "bank", "c2": "bank"})
    assert mean.rule == "mean"
    assert mean.score[0].tolist() == pytest.approx(h.score.mean(axis=0).tolist())


# -- documents and displays --------------------------------------------------------------------
@settings(max_examples=LONG_RUN_EXAMPLES or 25)
@given(cards_and_histories())
def test_scorecards_and_histories_round_trip_as_documents(
    case: tuple[HealthScorecard, HealthHistory],
) -> None:
    card, history = case
    assert loads(dumps(card), HealthScorecard) == card
    assert loads(dumps(history), HealthHistory) == history


def test_the_sample_scorecard_document_reads_as_stored() -> None:
    from importlib.resources import files

    text = (files("clientel.data.sample") / "health_scorecard.json").read_text("utf-8")
    card = loads(text, HealthScorecard)
    assert card.ids == ("sla", "escalations", "sponsor", "overdue", "usage")
    assert math.fsum(m.weight for m in card.measures) == pytest.approx(1.0)


def test_results_show_as_tables(check_display: Any) -> None:
    h = health_scores(CARD, _history())
    check_display(h)
    check_display(h.alerts[0])
    check_display(_history())
    check_display(segment_health(h, {"c1": "bank", "c2": "retail"}))
    assert h.timeline("c1")[0]["period"] == "FY2026 Q1"
    with pytest.raises(UnknownReferenceError):
        h.row("c9")


def test_results_round_trip_as_documents() -> None:
    from clientel.models import SatisfactionResponse
    from clientel.planning import AccountHealth, SegmentHealth, SurveySeries, survey_series

    h = health_scores(CARD, _history())
    back = loads(dumps(h), AccountHealth)
    for name in ("points", "score", "coverage", "colour_index", "recent", "trend", "slopes"):
        assert np.array_equal(getattr(back, name), getattr(h, name), equal_nan=True), name
    assert back.alerts == h.alerts
    assert back.history == h.history
    s = segment_health(h, {"c1": "bank", "c2": "retail"})
    again = loads(dumps(s), SegmentHealth)
    assert np.array_equal(again.score, s.score)
    assert again.members == s.members
    rs = [SatisfactionResponse(client_id="c1", respondent="r", recommend=9, execution=4,
                               answered_on=QUARTERS[0].start)]  # fmt: skip
    series = survey_series(rs, QUARTERS)
    copy = loads(dumps(series), SurveySeries)
    assert np.array_equal(copy.nps, series.nps, equal_nan=True)
    assert (copy.by, copy.nps_n.tolist()) == (series.by, series.nps_n.tolist())


def test_scorecards_show_as_tables(check_display: Any) -> None:
    check_display(CARD)
    check_display(SCORE)
    assert CARD.to_records()[1]["scale"] == "0 to 10, lower is better"
    assert SCORE.to_records()[0]["range"] == "[0, 50)"


@pytest.mark.parametrize(("name", "cls"), [("HealthScorecard", HealthScorecard),
                                           ("HealthHistory", HealthHistory)])  # fmt: skip
def test_stored_schema_6_documents_keep_loading(name: str, cls: type) -> None:
    """Documents written by the release that introduced these types (schema 6)."""
    import json
    from pathlib import Path

    from clientel.models import SCHEMA_VERSION, from_document, to_document

    path = Path(__file__).parent / "data" / "v6" / f"{name}.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["schema_version"] == 6
    loaded = from_document(doc, cls)
    assert loaded == (CARD if cls is HealthScorecard else _history())
    again = to_document(loaded)
    assert again["schema_version"] == SCHEMA_VERSION
    assert again["data"] == doc["data"]  # nothing migrated since


# -- accessors and explanations every result offers (issue 31: never run before) --------------
def test_account_ids_segment_rows_and_the_rollup_explained() -> None:
    h = health_scores(CARD, _history())
    assert h.ids == ("c1", "c2")
    weights = {"c1": 3.0, "c2": 1.0}
    s = segment_health(h, {"c1": "bank", "c2": "bank"}, weights=weights, basis="revenue")
    assert s.row("bank") == 0
    with pytest.raises(UnknownReferenceError) as err:
        s.row("retail")
    assert err.value.field == "id"
    e = s.explain("bank")
    latest = {a: float(h.score[i, -1]) for i, a in enumerate(h.ids)}
    # each account's share of the weighted mean w_a s_a / sum w, computed here by hand
    shares = {a: weights[a] * latest[a] / 4.0 for a in h.ids}
    assert {f.criterion: f.effect for f in e} == pytest.approx(shares)
    assert {f.criterion: f.value for f in e} == pytest.approx(latest)
    assert math.fsum(f.effect for f in e) == pytest.approx(float(s.score[0, -1]))
    assert [f.effect for f in e] == sorted((f.effect for f in e), reverse=True)
    assert e.subject == "segment bank"


def test_scorecard_measure_and_scheme_ends() -> None:
    assert CARD.measure("sla") is SLA
    with pytest.raises(UnknownReferenceError) as err:
        CARD.measure("nps")
    assert err.value.field == "id"
    scheme = _bands(0.0, 40.0, 70.0, 100.0)
    assert (scheme.lower, scheme.upper) == (0.0, 100.0)
