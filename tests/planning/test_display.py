"""Planning results: frozen keyword-only records that show as tables and have short reprs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import numpy as np
import pytest

from clientel import planning as pl
from clientel.models import (
    AccountReview,
    ImplementationPlan,
    Milestone,
    Money,
    Opportunity,
    OpportunityOrigin,
    Period,
    Person,
    ReputationGoal,
    Role,
    TeamModel,
)
from clientel.planning import kernels


def eur(x: float) -> Money:
    return Money(str(x), "EUR")


def _model(v: dict[str, np.ndarray]) -> np.ndarray:
    m = v["volume"] * (1 - v["cost_ratio"])
    return np.column_stack([np.full_like(m, -0.4), m, m, m])


DRIVERS = [
    pl.Distribution.pert("volume", 0.7, 1.0, 1.2),
    pl.Distribution.triangular("cost_ratio", 0.70, 0.75, 0.90),
]
BASE = {"volume": 1.0, "cost_ratio": 0.75}
LOW = {"volume": 0.7, "cost_ratio": 0.9}
HIGH = {"volume": 1.2, "cost_ratio": 0.7}


def _results() -> dict[str, Any]:
    """One instance of every planning result class, built through the public functions."""
    opp = Opportunity(id="o1", client_id="c1", name="Cloud migration",
                      origin=OpportunityOrigin.CLIENT_IT_NEED, first_year=2027,
                      revenue=[eur(400_000), eur(300_000)], cost=[eur(300_000), eur(210_000)],
                      pursuit_cost=eur(40_000))  # fmt: skip
    impact = pl.financial_impact(opp, 0.08, cost_split={"people": 3, "licences": 1})
    lines = [
        pl.BudgetLine(line="all", category="revenue", year=2027, amount=eur(90)),
        pl.BudgetLine(line="delivery", category="cost", year=2027, amount=eur(70)),
    ]
    plan = ImplementationPlan(id="p1", subject_id="c1", name="Plan", start_on=dt.date(2027, 1, 1),
                              end_on=dt.date(2027, 12, 31),
                              milestones=[Milestone(id="pilot", name="Pilot", owner_id="bo",
                                                    due_on=dt.date(2027, 5, 1))])  # fmt: skip
    outcome = pl.review(AccountReview(id="h1", client_id="c1",
                                      period=Period(start=dt.date(2027, 1, 1),
                                                    end=dt.date(2027, 6, 30)),
                                      planned_actions=10, completed_actions=8,
                                      targets={"revenue": 4.0}, actuals={"revenue": 3.0},
                                      budget=eur(50_000), spent=eur(56_000)))  # fmt: skip
    team = TeamModel(id="t", required={"consultant": 2})
    simulation = pl.simulate(_model, DRIVERS, rate=0.08, draws=5_000, seed=1)
    earned = pl.earned_value(
        [1_200_000, 300_000], [600_000, 150_000], [480_000, 150_000], [560_000, 140_000]
    )
    return {
        "IrrResult": kernels.irr([[-100, 110], [100, 50]]),
        "Amortisation": kernels.amortisation([0.01, 0.02], 12, 1_000.0),
        "AmortisationSchedule": pl.amortisation_schedule(0.01, 12, eur(1_000)),
        "FinancialImpact": impact,
        "YearImpact": impact.years[0],
        "LineVariance": pl.budget_variance(lines, lines)[0],
        "YearTotals": pl.budget_totals(lines)[0],
        "SimulationResult": simulation,
        "Summary": simulation.npv,
        "ScenarioResult": pl.scenarios(_model, BASE, LOW, HIGH, rate=0.08)[0],
        "TornadoBar": pl.tornado(_model, BASE, LOW, HIGH, rate=0.08)[0],
        "EarnedValue": earned,
        "NpsResult": pl.nps([10, 9, 9, 8, 7, 6, 3, 10, 9, 8]),
        "ReputationBudget": pl.reputation_budget(
            ReputationGoal(id="rep", unit_id="bu", year=2027, goal="Known", budget=eur(100)),
            [plan],
        ),
        "CsatResult": pl.csat([5, 4, 4, 3, 2, 5]),
        "PlanStatus": pl.plan_status(plan, dt.date(2027, 6, 1)),
        "ReviewOutcome": outcome,
        "Gap": outcome.gaps[0],
        "StaffingGap": pl.staffing_gaps(team, [Person(id="a", name="A", role=Role.CONSULTANT)])[0],
    }


RESULTS = _results()


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_every_result_is_a_frozen_keyword_only_table(name: str) -> None:
    result = RESULTS[name]
    assert type(result).__name__ == name
    cls = type(result)
    assert all(f.kw_only for f in attrs.fields(cls))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(result, attrs.fields(cls)[0].name, None)
    records = result.to_records()
    assert records
    assert all(isinstance(r, dict) for r in records)
    html = result._repr_html_()
    assert html.startswith("<div>")
    assert "<table>" in html
    assert all(f"<th>{k}</th>" in html for k in records[0])
    text = repr(result)
    assert text.startswith(f"{name}(")
    assert len(text) < 300, text
    assert "\n" not in text


def test_results_are_public_under_one_name() -> None:
    for name in RESULTS:
        homes = [m for m in (pl, kernels) if name in m.__all__]
        assert len(homes) == 1, name


def test_simulation_of_many_draws_has_a_short_repr_and_a_two_row_table() -> None:
    res = pl.simulate(_model, DRIVERS, rate=0.08, draws=100_000, seed=42)
    text = repr(res)
    assert len(text) < 300
    assert text.startswith("SimulationResult(draws=100000, seed=42, npv=(mean=")
    rows = res.to_records()
    assert [r["output"] for r in rows] == ["npv", "margin"]
    assert rows[0]["p50"] == res.npv.percentiles["p50"]
    assert res._repr_html_().count("<tr>") == 3  # header + two outputs


def test_batch_irr_never_prints_its_arrays() -> None:
    f = np.tile([-100.0, 30.0, 40.0, 50.0], (100_000, 1))
    f[::2, -1] = -10.0  # two sign changes: no root for these rows
    res = kernels.irr(f)
    text = repr(res)
    assert len(text) < 300
    assert "series=100000" in text
    assert "OK=50000" in text
    html = res._repr_html_()
    assert "first 20 shown" in html
    assert html.count("<tr>") == 21  # header + 20 series
    assert len(res.to_records()) == 100_000


def test_earned_value_of_many_projects_has_a_short_repr() -> None:
    n = 10_000
    m = pl.earned_value(np.full(n, 100.0), np.full(n, 50.0), np.full(n, 40.0), np.full(n, 45.0))
    assert len(repr(m)) < 300
    rows = m.to_records()
    assert len(rows) == n
    assert rows[0]["project"] == 0
    assert rows[0]["spi"] == pytest.approx(40 / 50)
    assert m._repr_html_().count("<tr>") == 21  # header + the first 20 projects


def test_financial_impact_rows_carry_floats_and_the_currency() -> None:
    fi = RESULTS["FinancialImpact"]
    rows = fi.to_records()
    assert [r["year"] for r in rows] == [2027, 2028, 2029]  # horizon 3: a zero year
    assert rows[0]["margin"] == 100_000.0
    assert rows[0]["currency"] == "EUR"
    assert rows[0]["cost_by_category"] == {"licences": 75_000.0, "people": 225_000.0}
    assert "years=" not in repr(fi).replace("payback_years=", "")


def test_money_results_show_floats_and_one_currency_column() -> None:
    totals = RESULTS["YearTotals"].to_records()[0]
    assert totals == {"year": 2027, "revenue": 90.0, "cost": 70.0, "margin": 20.0,
                      "revenue_gap": None, "margin_gap": None, "currency": "EUR"}  # fmt: skip
    outcome = RESULTS["ReviewOutcome"].to_records()[0]
    assert outcome["gaps"] == ("revenue", "actions", "budget")
    assert outcome["attainment"] == {"revenue": 0.75}
    assert outcome["budget_variance"] == 6000.0
