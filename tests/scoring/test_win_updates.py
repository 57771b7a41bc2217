"""Naive-Bayes win models: stage-aware scoring (Odoo's rule), updates by counts, score trends.

Odoo's predictive lead scoring is read in odoo/odoo, addons/crm/models/crm_lead.py at commit
694f48a59a2d15e2655708d299329b33003e2c9f: ``_pls_prepare_frequencies`` (a won lead counts in
every stage, a lost lead in its stage and those before it), ``_pls_update_frequency_table``
(each new frequency gets won_count + 0.1 and lost_count + 0.1),
``_pls_get_won_lost_total_count`` (the team's won and lost totals are the first stage's
counts) and ``_pls_get_naive_bayes_probabilities`` (P(won) = team_won / team_total; each
field value multiplies by its count over the field's total, or over the team total for the
stage; values without a frequency are skipped; the result in per cent rounded to two
places, within 0.01-99.99). The expected values below are computed from those rules by hand,
in exact fractions.
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError, UnknownReferenceError
from clientel.models import from_data, to_data
from clientel.scoring import NaiveBayesWinModel, ScoreTrend, fit_naive_bayes, score_trend

STAGES = ["new", "qualified", "proposal"]
HISTORY = [  # (stage reached, source, won)
    ("new", "web", False),
    ("qualified", "web", False),
    ("proposal", "referral", False),
    ("proposal", "referral", True),
    ("qualified", "web", True),
    ("proposal", "referral", True),
]
RECORDS = [{"stage": s, "source": src} for s, src, _ in HISTORY]
WON = [w for *_, w in HISTORY]


def odoo_by_hand(stage, source):
    """Odoo's frequencies of HISTORY, worked out from the rules above (0.1 on every count)."""
    tenth = Fraction(1, 10)
    # stages: won 3 in each; lost leads at new, qualified, proposal reach 3, 2, 1 of them
    stage_won = {"new": 3 + tenth, "qualified": 3 + tenth, "proposal": 3 + tenth}
    stage_lost = {"new": 3 + tenth, "qualified": 2 + tenth, "proposal": 1 + tenth}
    source_won = {"web": 1 + tenth, "referral": 2 + tenth}
    source_lost = {"web": 2 + tenth, "referral": 1 + tenth}
    team_won, team_lost = stage_won["new"], stage_lost["new"]  # the first stage's counts
    s_won = team_won / (team_won + team_lost)
    s_lost = team_lost / (team_won + team_lost)
    s_won *= stage_won[stage] / team_won
    s_lost *= stage_lost[stage] / team_lost
    if source in source_won:  # a value without a frequency is skipped
        s_won *= source_won[source] / sum(source_won.values())
        s_lost *= source_lost[source] / sum(source_lost.values())
    return s_won / (s_won + s_lost)


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("source", ["web", "referral", "fair"])
def test_odoo_predictive_lead_scoring_by_hand(stage, source) -> None:
    model = fit_naive_bayes(RECORDS, WON, fields=["stage", "source"], smoothing="odoo_pls",
                            stage_field="stage", stages=STAGES)  # fmt: skip
    est = model.predict({"stage": stage, "source": source})
    expected = odoo_by_hand(stage, source)
    assert est.probability == pytest.approx(float(expected), rel=1e-12)
    odoo_shows = min(max(round(100 * float(expected), 2), 0.01), 99.99)
    assert round(100 * est.probability, 2) == odoo_shows
    assert est.log_odds == pytest.approx(est.prior + sum(est.contributions.values()), abs=1e-12)
    assert ("source" in est.unknown) == (source == "fair")


def test_later_stages_raise_the_probability_under_both_schemes() -> None:
    for smoothing in ("odoo_pls", "lidstone"):
        model = fit_naive_bayes(RECORDS, WON, fields=["stage", "source"], smoothing=smoothing,
                                stage_field="stage", stages=STAGES)  # fmt: skip
        p = [model.predict({"stage": s, "source": "web"}).probability for s in STAGES]
        assert p[0] < p[1] < p[2], smoothing


def test_lidstone_stage_is_the_yes_no_event_reached() -> None:
    """P(reached s | won) = (n_ws + a) / (W + 2a); the same for losses (alpha = 1)."""
    model = fit_naive_bayes(RECORDS, WON, fields=["stage"], stage_field="stage", stages=STAGES)
    lost_reached = {"new": 3, "qualified": 2, "proposal": 1}
    for s in STAGES:
        won_part = Fraction(3, 6) * Fraction(3 + 1, 3 + 2)
        lost_part = Fraction(3, 6) * Fraction(lost_reached[s] + 1, 3 + 2)
        expected = won_part / (won_part + lost_part)
        assert model.predict({"stage": s}).probability == pytest.approx(float(expected))


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"stage_field": "stage"}, InvalidInputError, "stages"),
        ({"stage_field": "phase", "stages": STAGES}, UnknownReferenceError, "stage_field"),
        ({"stages": STAGES}, InvalidInputError, "stages"),
        ({"stage_field": "stage", "stages": ["new", "qualified"]}, InvalidInputError, "stages"),
        ({"stage_field": "stage", "stages": STAGES, "smoothing": "lidstone_unseen_bucket"},
         InvalidInputError, "stage_field"),
        ({"stage_field": "stage", "stages": STAGES, "categories": {"stage": STAGES}},
         InvalidInputError, "categories['stage']"),
        ({"smoothing": "odoo_pls", "categories": {"source": ["web"]}}, InvalidInputError,
         "categories"),
        ({"min_per_class": -1}, InvalidInputError, "min_per_class"),
    ],
)  # fmt: skip
def test_bad_stage_options(kwargs, error, field) -> None:
    with pytest.raises(error) as exc:
        fit_naive_bayes(RECORDS, WON, fields=["stage", "source"], **kwargs)
    assert exc.value.field == field


values = st.sampled_from(["a", "b", "c", None])
rows = st.lists(st.tuples(values, st.sampled_from(STAGES), st.booleans()), min_size=1,
                max_size=10)  # fmt: skip


@given(rows, rows, st.sampled_from(["lidstone", "lidstone_unseen_bucket", "odoo_pls"]),
       st.booleans())  # fmt: skip
def test_an_update_equals_a_refit_on_all_outcomes(old, new, smoothing, staged) -> None:
    both = old + new
    if smoothing != "lidstone_unseen_bucket":
        old_wins = sum(w for *_, w in old)
        if not 0 < old_wins < len(old):
            old = [("a", "new", True), ("b", "new", False), *old]
            both = old + new
    staged = staged and smoothing != "lidstone_unseen_bucket"
    options = {"smoothing": smoothing}
    if staged:
        options |= {"stage_field": "stage", "stages": STAGES}

    def fit(part):
        records = [{"f": v, "stage": s} for v, s, _ in part]
        return fit_naive_bayes(records, [w for *_, w in part], fields=["f", "stage"], **options)

    updated = fit(old).update([{"f": v, "stage": s} for v, s, _ in new], [w for *_, w in new])
    assert updated == fit(both)
    est = updated.predict({"f": "a", "stage": "qualified"})
    assert est.log_odds == pytest.approx(est.prior + sum(est.contributions.values()), abs=1e-12)


def test_a_model_stored_without_counts_asks_for_a_refit() -> None:
    model = fit_naive_bayes(RECORDS, WON, fields=["source"])
    data = to_data(model)
    for table in data["tables"]:
        del table["won_counts"], table["lost_counts"]
    old = from_data(data, NaiveBayesWinModel)
    assert old.predict({"source": "web"}) == model.predict({"source": "web"})
    with pytest.raises(InvalidInputError) as exc:
        old.update(RECORDS[:1], WON[:1])
    assert exc.value.field == "tables['source']"
    with pytest.raises(InvalidInputError) as exc:
        model.update(RECORDS[:2], WON[:1])
    assert exc.value.field == "won"


def test_score_trend_between_two_dates_is_an_exact_sum_of_changes() -> None:
    model = fit_naive_bayes(RECORDS, WON, fields=["stage", "source"], stage_field="stage",
                            stages=STAGES)  # fmt: skip
    before = model.predict({"stage": "new", "source": "web"})
    later = model.update(RECORDS[:2], [True, False])
    after = later.predict({"stage": "proposal", "source": "web"})
    trend = score_trend(before, after, start=dt.date(2027, 3, 1), end=dt.date(2027, 4, 1))
    assert isinstance(trend, ScoreTrend)
    assert trend.change == pytest.approx(after.probability - before.probability)
    assert trend.log_odds_change == pytest.approx(after.log_odds - before.log_odds)
    assert math.fsum(trend.changes.values()) == pytest.approx(trend.log_odds_change, abs=1e-12)
    assert trend.changes["prior"] == pytest.approx(after.prior - before.prior)
    assert trend.changes["stage"] == pytest.approx(
        after.contributions["stage"] - before.contributions["stage"])  # fmt: skip
    assert next(iter(trend.explain())).criterion == "stage"
    assert from_data(to_data(trend), ScoreTrend) == trend
    with pytest.raises(InvalidInputError) as exc:
        score_trend(before, after, start=dt.date(2027, 4, 1), end=dt.date(2027, 3, 1))
    assert exc.value.field == "end"
