"""Public methods that no test ran before (issue 31), each with its result asserted.

``scripts/check_coverage.py`` lists every public function and method of tests/public_api.txt
that a coverage run of the suite never executed; ``.ci/run`` fails on any. The expected
values here are worked out by hand in the comments (or by numpy), not taken from clientel.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import attrs
import numpy as np
import pytest
from hypothesis import given

import clientel.scoring.kernels as sk
from clientel import Explanation, Factor
from clientel import testing as ct
from clientel.errors import MissingDataError
from clientel.models import (
    Action,
    FiscalYear,
    ImplementationPlan,
    Milestone,
    Money,
    Period,
    Person,
    Quote,
    Risk,
    RiskCategory,
    Role,
    SatisfactionResponse,
)
from clientel.planning import option_impact, survey_series
from clientel.scoring import Criterion, WinModelEvaluation, score_alternatives
from clientel.workflow import (
    AuthorityMatrix,
    AuthorityRule,
    Delegation,
    RateTable,
    required_approvals,
)


def eur(x: object) -> Money:
    return Money(x, "EUR")


def test_explanation_positive_and_negative_factors() -> None:
    e = Explanation(subject="c1", summary="rank 2", factors=[
        Factor(criterion="growth", effect=0.2, value=1.0),
        Factor(criterion="margin", effect=-0.3, value=2.0),
        Factor(criterion="fit", effect=0.5, value=3.0),
        Factor(criterion="risk", effect=-0.1, value=4.0),
        Factor(criterion="access", effect=0.0, value=5.0),
    ])  # fmt: skip
    assert [f.criterion for f in e.positive()] == ["fit", "growth"]  # largest first, no zero
    assert [f.criterion for f in e.positive(1)] == ["fit"]
    assert [f.criterion for f in e.negative()] == ["margin", "risk"]  # most negative first
    assert e.negative(0) == ()


def test_person_covers_their_segments_or_all() -> None:
    ana = Person(id="ana", name="Ana", role=Role.CONSULTANT, segment_ids=["bank", "retail"])
    assert ana.covers("bank")
    assert not ana.covers("energy")
    anyone = Person(id="bo", name="Bo", role=Role.CONSULTANT)
    assert anyone.covers("energy")  # no segments listed: every segment


def test_implementation_plan_records_list_actions_milestones_and_risks() -> None:
    plan = ImplementationPlan(
        id="p1", subject_id="c1", name="Plan", start_on=dt.date(2027, 1, 1),
        end_on=dt.date(2027, 12, 31),
        actions=[Action(id="a1", name="Workshop", owner_id="ana", start_on=dt.date(2027, 2, 1),
                        end_on=dt.date(2027, 2, 2), budget=eur(5000))],
        milestones=[Milestone(id="m1", name="Pilot", owner_id="bo", due_on=dt.date(2027, 5, 1))],
        risks=[Risk(id="r1", description="Sponsor leaves", category=RiskCategory.EXECUTION,
                    probability=0.25, impact=eur(10000), owner_id="ana")],
    )  # fmt: skip
    rows = plan.to_records()
    assert [(r["kind"], r["id"]) for r in rows] == [
        ("action", "a1"), ("milestone", "m1"), ("risk (execution)", "r1")]  # fmt: skip
    assert rows[0]["amount"] == str(eur(5000))
    assert rows[0]["due"] == dt.date(2027, 2, 2)
    assert rows[1]["due"] == dt.date(2027, 5, 1)
    assert rows[1]["amount"] is None
    assert rows[2]["amount"] == str(eur("2500.00"))  # 0.25 x 10,000, rounded to cents


def test_financial_impact_total_cost_sums_the_years() -> None:
    cost = [eur(1_800_000), eur(2_400_000), eur(2_900_000)]
    fi = option_impact("opt", [eur(2_000_000), eur(3_000_000), eur(4_000_000)], cost, 0.08)
    assert fi.total_cost == eur(7_100_000)  # 1.8 + 2.4 + 2.9 million
    assert fi.total_revenue - fi.total_cost == fi.total_margin


def test_survey_series_records_one_row_per_group_and_period() -> None:
    day = dt.date(2026, 2, 1)
    answers = [(10, 5), (9, 4), (6, 4), (8, 2)]
    rs = [
        SatisfactionResponse(client_id="c1", respondent=f"r{k}", answered_on=day, recommend=r,
                             execution=e)
        for k, (r, e) in enumerate(answers)
    ]  # fmt: skip
    rows = survey_series(rs, FiscalYear(2026).halves()).to_records()
    assert [(r["group"], r["nps_n"], r["csat_n"]) for r in rows] == [("c1", 4, 4), ("c1", 0, 0)]
    # 2 promoters (10, 9) and 1 detractor (6) of 4: NPS 25; 3 of 4 in the top two boxes;
    # mean answer (5 + 4 + 4 + 2) / 4
    assert rows[0]["nps"] == pytest.approx(25.0)
    assert rows[0]["csat"] == pytest.approx(0.75)
    assert rows[0]["csat_mean"] == pytest.approx(3.75)
    assert rows[1]["nps"] is None
    assert rows[1]["csat"] is None


@given(ct.win_model_evaluations())
def test_win_model_evaluation_summary_states_its_scores(ev: WinModelEvaluation) -> None:
    numbers = re.findall(r"(AUC|Brier|log loss) (-?[\d,.]+|nan)", ev.summary())
    assert [name for name, _ in numbers] == ["AUC", "Brier", "log loss"]
    for (_, text), value in zip(numbers, (ev.auc, ev.brier, ev.log_loss), strict=True):
        if text == "nan":
            assert np.isnan(value)
        else:
            assert float(text.replace(",", "")) == pytest.approx(value, rel=1e-3, abs=1e-4)


def test_ranking_says_whether_higher_is_better() -> None:
    data = {"a": {"x": 1.0, "y": 3.0}, "b": {"x": 2.0, "y": 1.0}, "c": {"x": 3.0, "y": 2.0}}
    criteria = [Criterion(name="x"), Criterion(name="y")]
    assert score_alternatives(data, criteria, method="topsis").higher_is_better
    assert not score_alternatives(data, criteria, method="vikor").higher_is_better  # VIKOR's Q


def test_rank_acceptability_records() -> None:
    r = sk.acceptability([[9.0, 2.0], [6.0, 6.0], [2.0, 9.0]], [0.5, 0.5], seed=1)
    rows = r.to_records()
    assert [row["id"] for row in rows] == ["0", "1", "2"]  # the array kernel has no ids: rows
    assert list(rows[0]) == ["id", "rank 1", "rank 2", "rank 3", "rank <= 3"]
    for row, shares in zip(rows, r.acceptability.tolist(), strict=True):
        assert [row[f"rank {k}"] for k in (1, 2, 3)] == shares
        assert row["rank <= 3"] == pytest.approx(1.0)  # three alternatives: always in the top 3
    named = attrs.evolve(r, ids=("a", "b", "c"))
    assert [row["id"] for row in named.to_records()] == ["a", "b", "c"]


def test_column_stats_norm_is_the_euclidean_norm() -> None:
    X = np.array([[3.0, 1e200], [4.0, 1e200], [0.0, -1e200]])
    norm = sk.fit_stats(X).norm
    assert norm[0] == pytest.approx(5.0)  # sqrt(9 + 16)
    assert norm[1] == pytest.approx(np.sqrt(3.0) * 1e200)  # no overflow on the way


def test_rate_table_rate_is_the_ratio_of_table_rates() -> None:
    table = RateTable(as_of=dt.date(2027, 3, 1), base="EUR", rates={"USD": "0.92", "GBP": "1.15"})
    assert table.rate("USD", "EUR") == Decimal("0.92")
    assert table.rate("EUR", "EUR") == 1
    assert table.rate("GBP", "USD") == Decimal("1.15") / Decimal("0.92")
    with pytest.raises(MissingDataError) as err:
        table.rate("CHF", "EUR")
    assert err.value.field == "rates"


def test_approval_route_step_of_a_role() -> None:
    # The example of required_approvals: 14.5 % off list and an 18 % margin go to one
    # step of segment manager and finance; the general manager is not on the route.
    matrix = AuthorityMatrix(currency="EUR", rules=[
        AuthorityRule(role="account_manager", level=0, max_discount=0.10, min_margin=0.25,
                      unlimited=["value"]),
        AuthorityRule(role="segment_manager", level=1, max_discount=0.20, min_margin=0.20),
        AuthorityRule(role="finance", level=1, min_margin=0.15),
        AuthorityRule(role="bu_gm", level=2, max_discount=0.35, min_margin=0.10)])  # fmt: skip
    quote = Quote.single(list_price=eur(100000), price=eur(85500), cost=eur(70110))
    route = required_approvals(matrix, quote, requester="account_manager")
    assert route.step_of("finance") == 0
    assert route.step_of("segment_manager") == 0
    assert route.step_of("bu_gm") is None


@given(ct.authority_rules("EUR"), ct.delegations(), ct.periods())
def test_strategies_of_rules_delegations_and_periods(
    rule: AuthorityRule, delegation: Delegation, period: Period
) -> None:
    assert isinstance(rule, AuthorityRule)
    assert 0 <= rule.level <= 3
    assert isinstance(delegation, Delegation)
    assert delegation.valid_from <= delegation.valid_until
    assert delegation.delegate.startswith("d-")
    assert delegation.delegator == "p-holder"
    assert isinstance(period, Period)
    assert period.start <= period.end <= period.start + dt.timedelta(days=800)
