"""The annual review from computed results feeds next year's ranking (2.7.5 -> 2.3; issue 24).

Reference values:

* earned value: PMI, PMBOK Guide 6th ed. (2017), Table 7-1: CPI = EV / AC, SPI = EV / PV
  (as cited in ``test_reviews_measures.py``); over several projects the sums are used;
* the recency-weighted health: ERPNext's supplier scorecard default weighting function
  ``{total_score} * max(0, min(1, (12 - {period_number}) / 12))`` with ``period_number``
  0 for the latest period and the total divided by the same with the score set to 100
  (``supplier_scorecard.py``, ``calculate_total_score``; read in frappe/erpnext);
* every expected value is computed in this file from the sample's CSV rows with those
  formulas (loops over rows, no clientel scoring), never from clientel's output.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.models import Client, FiscalYear, SatisfactionResponse
from clientel.planning import (
    REVIEW_CRITERIA,
    annual_reviews,
    earned_value,
    health_scores,
    nps,
    rank_change,
    survey_series,
)
from clientel.sample import SampleUnit, load_sample, read_table
from clientel.scoring import Criterion, MissingPolicy, rank_clients

CRITERIA = [
    Criterion(name="revenue_potential", weight=3, group="attractiveness"),
    Criterion(name="growth", weight=2, group="attractiveness"),
    Criterion(name="strategic_fit", weight=2, group="attractiveness"),
    Criterion(name="relationship", weight=2, missing=MissingPolicy.BOUNDS, group="feasibility"),
    Criterion(name="health", weight=3, group="feasibility"),
    Criterion(name="nps", weight=1, missing=MissingPolicy.NEUTRAL, group="feasibility"),
    Criterion(name="delivery_cpi", weight=1, missing=MissingPolicy.NEUTRAL, group="feasibility"),
]


@pytest.fixture(scope="module")
def unit() -> SampleUnit:
    return load_sample()


def _reviews(unit: SampleUnit, year: int) -> Any:
    start, end = unit.review_year(year)
    return annual_reviews(
        year,
        health=health_scores(unit.health_scorecard, unit.health.between(start, end)),
        surveys=survey_series(unit.surveys, unit.review_quarters(year)),
        delivery=unit.delivery(year),
    )


def _health_by_hand(unit: SampleUnit, client: str, year: int) -> float:
    """The client's recency-weighted health over the review year, from health.csv alone."""
    card = unit.health_scorecard
    start, end = unit.review_year(year)
    rows = [r for r in read_table("health.csv") if r["client_id"] == client
            and start <= dt.date.fromisoformat(f"{r['month']}-01") <= end]  # fmt: skip
    rows.sort(key=lambda r: r["month"])
    scores = []
    for row in rows:
        num = den = 0.0
        for m in card.measures:
            raw = row[m.id]
            if raw in ("", None):
                continue
            if m.categories:
                pts = next(c.points for c in m.categories if c.value == raw)
            else:
                frac = (float(raw) - m.low) / (m.high - m.low)
                pts = 100 * (frac if m.higher_is_better else 1 - frac)
            num, den = num + m.weight * pts, den + m.weight
        scores.append(num / den)
    total = total_max = 0.0
    for period, score in enumerate(reversed(scores)):  # ERPNext: newest first, period 0
        w = max(0.0, min(1.0, (card.horizon - period) / card.horizon))
        total, total_max = total + score * w, total_max + 100 * w
    return 100 * total / total_max


def _rank(unit: SampleUnit, reviews: Any, current: Sequence[Client]) -> Any:
    return rank_clients(reviews.apply(current), CRITERIA)


def test_two_years_of_the_sample_move_a_client_for_a_stated_reason(unit: SampleUnit) -> None:
    r2025, r2026 = _reviews(unit, 2025), _reviews(unit, 2026)
    current = [c for c in unit.clients if c.id in set(r2026.ids)]
    assert len(current) == 99
    before, after = _rank(unit, r2025, current), _rank(unit, r2026, current)
    moves = sorted((after.item(c.id).rank - before.item(c.id).rank, c.id) for c in current)
    drop, who = moves[-1]
    assert drop >= 20  # a client falls far in next year's ranking
    # the computed inputs are what the sample's rows say, by the published formulas
    for year, reviews in ((2025, r2025), (2026, r2026)):
        health = dict(reviews.item(who).criteria_updates)["health"]
        assert health == pytest.approx(_health_by_hand(unit, who, year), abs=1e-9)
    change = rank_change(before, after, who)
    assert change.summary.endswith(", mainly health")
    assert f"down {drop}" in change.summary
    assert change.factors[0].criterion == "health"
    assert change.notes[0].startswith("health ")
    # the reason stands: put back last year's value of one computed criterion at a time;
    # health gives back the most places (nps and delivery also fell, by less)
    recovered = {}
    for name in ("health", "nps", "delivery_cpi"):
        kept = {name: dict(r2025.item(who).criteria_updates)[name]}
        clients = [attrs.evolve(c, attributes={**c.attributes, **kept}) if c.id == who else c
                   for c in r2026.apply(current)]  # fmt: skip
        recovered[name] = after.item(who).rank - rank_clients(clients, CRITERIA).item(who).rank
    assert max(recovered, key=recovered.__getitem__) == "health"
    assert recovered["health"] >= drop / 3


def test_review_values_against_the_published_formulas(unit: SampleUnit) -> None:
    reviews = _reviews(unit, 2026)
    projects = [r for r in read_table("projects.csv") if int(r["year"]) == 2026]
    who = projects[0]["client_id"]
    mine = [r for r in projects if r["client_id"] == who]
    ev = math.fsum(float(r["earned_value"]) for r in mine)
    values = dict(reviews.item(who).criteria_updates)
    assert values["delivery_cpi"] == pytest.approx(
        ev / math.fsum(float(r["actual_cost"]) for r in mine)
    )
    assert values["delivery_spi"] == pytest.approx(
        ev / math.fsum(float(r["planned_value"]) for r in mine)
    )
    # pooled NPS and top-two-box CSAT of every answer of the year
    start, end = unit.review_year(2026)
    answers = [s for s in unit.surveys if s.client_id == who and start <= s.answered_on <= end]
    recommend = [s.recommend for s in answers if s.recommend is not None]
    execution = [s.execution for s in answers if s.execution is not None]
    promoters = sum(r >= 9 for r in recommend)
    detractors = sum(r <= 6 for r in recommend)
    assert values["nps"] == pytest.approx(100 * (promoters - detractors) / len(recommend))
    assert values["csat"] == pytest.approx(sum(e >= 4 for e in execution) / len(execution))
    assert reviews.item(who).client_evaluation == values["csat"]
    assert set(values) == set(REVIEW_CRITERIA)


@given(st.lists(st.tuples(st.integers(0, 10), st.integers(1, 5), st.integers(0, 3)),
                min_size=1, max_size=40))  # fmt: skip
def test_pooled_survey_values_are_those_of_all_answers_together(
    answers: list[tuple[int, int, int]],
) -> None:
    quarters = FiscalYear(2026).quarters()
    rs = [SatisfactionResponse(client_id="c1", respondent=f"r{k}", recommend=r, execution=e,
                               answered_on=quarters[q].start)
          for k, (r, e, q) in enumerate(answers)]  # fmt: skip
    values = dict(annual_reviews(2026, surveys=survey_series(rs, quarters)).item("c1")
                  .criteria_updates)  # fmt: skip
    counts: dict[int, int] = {}
    for r, _, _ in answers:
        counts[r] = counts.get(r, 0) + 1
    assert values["nps"] == pytest.approx(nps(frequencies=counts).score, abs=1e-9)
    assert values["csat"] == pytest.approx(sum(e >= 4 for _, e, _ in answers) / len(answers))


def test_missing_kinds_of_data_stay_missing_for_the_ranking_policy() -> None:
    ev = earned_value([100.0], [60.0], [54.0], [70.0])
    reviews = annual_reviews(2026, delivery={"c1": ev})
    values = dict(reviews.item("c1").criteria_updates)
    assert values["health"] is None
    assert values["nps"] is None
    assert values["delivery_cpi"] == pytest.approx(54.0 / 70.0)
    client = Client(id="c1", name="One", segment_id="s", attributes={"health": 80.0})
    (applied,) = reviews.apply([client])
    assert applied.attributes["health"] is None  # last year's value does not linger
    assert client.attributes["health"] == 80.0  # the client given is unchanged
    assert "no data for" in reviews.explain("c1").notes[-1]


def test_bad_inputs_are_named() -> None:
    with pytest.raises(MissingDataError) as info:
        annual_reviews(2026)
    assert info.value.field == "year"
    ev = earned_value([100.0], [60.0], [54.0], [70.0])
    with pytest.raises(MissingDataError) as info:
        annual_reviews(2026, delivery={"c1": ev}, clients=[])
    assert info.value.field == "clients"
    with pytest.raises(UnknownReferenceError):
        annual_reviews(2026, delivery={"c1": ev}).item("c2")
    quarters = FiscalYear(2026).quarters()
    rs = [SatisfactionResponse(client_id="c1", respondent="r", recommend=9,
                               answered_on=quarters[0].start)]  # fmt: skip
    by_segment = survey_series(rs, quarters, groups={"c1": "bank"})
    with pytest.raises(InvalidInputError) as info:
        annual_reviews(2026, surveys=by_segment)
    assert info.value.field == "surveys"


def test_reviews_show_as_a_table(unit: SampleUnit, check_display: Any) -> None:
    check_display(_reviews(unit, 2026))
