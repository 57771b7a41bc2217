"""Scenarios, tornado, satisfaction indices, earned value, plan reviews, team and follow-up."""

from __future__ import annotations

import datetime as dt
import sys
from fractions import Fraction

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError, MissingDataError
from clientel.models import (
    AccountReview,
    AnnualReview,
    ImplementationPlan,
    Milestone,
    Money,
    Period,
    Person,
    Risk,
    RiskCategory,
    Role,
    SatisfactionResponse,
    TeamModel,
    TrainingRecord,
    to_data,
)
from clientel.planning import (
    criteria_from_reviews,
    earned_value,
    expectation_index,
    follow_up_schedule,
    npv,
    plan_status,
    review,
    scenarios,
    staffing_gaps,
    tornado,
    training_gaps,
)


def _model(v: dict[str, np.ndarray]) -> np.ndarray:
    m = v["volume"] * v["price"] - v["cost"]
    return np.column_stack([np.full_like(m, -1.0), m, m])


BASE = {"volume": 1.0, "price": 2.0, "cost": 1.0}
LOW = {"volume": 0.8, "price": 1.8, "cost": 1.3}
HIGH = {"volume": 1.1, "price": 2.1, "cost": 0.9}


def _npv_of(values: dict[str, float]) -> float:
    m = values["volume"] * values["price"] - values["cost"]
    return -1.0 + m / 1.1 + m / 1.1**2


def test_scenarios_match_direct_evaluation() -> None:
    out = scenarios(_model, BASE, LOW, HIGH, rate=0.1)
    assert [s.name for s in out] == ["pessimistic", "base", "optimistic"]
    for s, case in zip(out, (LOW, BASE, HIGH), strict=True):
        assert s.npv == pytest.approx(_npv_of(case))
    assert to_data(out[1])["drivers"] == BASE


def test_tornado_one_at_a_time_and_ordered() -> None:
    bars = tornado(_model, BASE, LOW, HIGH, rate=0.1)
    for b in bars:
        lo, hi = dict(BASE), dict(BASE)
        lo[b.driver], hi[b.driver] = LOW[b.driver], HIGH[b.driver]
        assert b.npv_low == pytest.approx(_npv_of(lo))
        assert b.npv_high == pytest.approx(_npv_of(hi))
    swings = [b.swing for b in bars]
    assert swings == sorted(swings, reverse=True)
    flat = tornado(_model, BASE, BASE, BASE, rate=0.1)  # no range: zero swing, ties by name
    assert [b.driver for b in flat] == ["cost", "price", "volume"]
    assert all(b.swing == 0 for b in flat)


def test_scenario_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="drivers differ") as err:
        tornado(_model, BASE, {"volume": 1}, HIGH, rate=0.1)
    assert err.value.field == "low"
    with pytest.raises(InvalidInputError, match="model") as err:
        scenarios(lambda v: np.zeros(3), BASE, LOW, HIGH, rate=0.1)
    assert err.value.field == "model"
    with pytest.raises(InvalidInputError, match="rate") as err:
        scenarios(_model, BASE, LOW, HIGH, rate=-1.5)
    assert err.value.field == "rate"


def test_expectation_index_bad_input() -> None:
    day = dt.date(2027, 1, 1)
    rs = [SatisfactionResponse(client_id="c1", respondent="CIO", answered_on=day, execution=4)]
    with pytest.raises(MissingDataError, match="after_sales") as err:
        expectation_index(rs)
    assert err.value.field == "after_sales"
    assert expectation_index(rs, {"execution": 1.0}) == 0.75
    with pytest.raises(InvalidInputError, match="unknown") as err:
        expectation_index(rs, {"speed": 1.0})
    assert err.value.field == "weights"


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5)), min_size=1,
                max_size=20))  # fmt: skip
def test_expectation_index_bounds_and_dominance(rows: list[tuple[int, int, int]]) -> None:
    day = dt.date(2027, 1, 1)
    rs = [SatisfactionResponse(client_id="c1", respondent=f"r{i}", answered_on=day,
                               execution=a, after_sales=b, people=c)
          for i, (a, b, c) in enumerate(rows)]  # fmt: skip
    better = [attrs_evolve_up(r) for r in rs]
    x = expectation_index(rs)
    assert 0.0 <= x <= 1.0
    assert expectation_index(better) >= x


def attrs_evolve_up(r: SatisfactionResponse) -> SatisfactionResponse:

    return attrs.evolve(r, execution=min(5, (r.execution or 1) + 1))


def test_earned_value_pmbok_formulas() -> None:
    # PMI, PMBOK Guide 6th ed. (2017), Table 7-1: SV = EV - PV, CV = EV - AC, SPI = EV/PV,
    # CPI = EV/AC, EAC = BAC/CPI, EAC = AC + BAC - EV, EAC = AC + (BAC - EV)/(CPI x SPI),
    # VAC = BAC - EAC, TCPI = (BAC - EV)/(BAC - AC). Independent scalar arithmetic below.
    bac, pv, ev, ac = 100.0, 50.0, 40.0, 45.0
    m = earned_value([bac, 200.0], [pv, 100.0], [ev, 100.0], [ac, 90.0])
    cpi, spi = ev / ac, ev / pv
    assert m.sv[0] == -10.0
    assert m.cv[0] == -5.0
    assert m.spi[0] == pytest.approx(0.8)
    assert m.cpi[0] == pytest.approx(cpi)
    assert m.eac_cpi[0] == pytest.approx(bac / cpi)
    assert m.eac_atypical[0] == pytest.approx(ac + bac - ev)
    assert m.eac_cpi_spi[0] == pytest.approx(ac + (bac - ev) / (cpi * spi))
    assert m.vac[0] == pytest.approx(bac - bac / cpi)
    assert m.tcpi[0] == pytest.approx((bac - ev) / (bac - ac))
    assert m.spi[1] == 1.0  # on schedule
    with pytest.raises(InvalidInputError, match="exceed") as err:
        earned_value(100, 50, 120, 10)
    assert err.value.field == "projects[0]"
    with pytest.raises(InvalidInputError, match="actual_cost") as err:
        earned_value(100, 50, 40, -1)
    assert err.value.field == "actual_cost[0]"  # the project at fault, as projects[0] above


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((np.inf, 1, 1, 1), "bac[0]"),
        ((100, [50, np.nan], 1, 1), "planned_value[1]"),
        ((100, 50, 40, [1, -np.inf]), "actual_cost[1]"),
        ((100, 50, [[40]], 1), "earned"),  # two dimensions: not one amount per project
        ((1e308, 5e-324, 1e308, 1.0), "projects[0].spi"),  # 1e308 / 5e-324 is above 1.8e308
        ((1e308, 1e307, 1e308, 1e-300), "projects[0].cpi"),
        ((1e308, 0.0, 0.0, 1e308), "projects[0].eac_atypical"),  # AC + BAC - EV = 2e308
    ],
)
def test_earned_value_refuses_what_a_float_cannot_hold(args, field) -> None:
    # before: an infinite amount was refused without its position, and overflowing amounts
    # gave inf where the formula is defined (an index of 1e308 / 5e-324, an EAC of 2e308)
    with pytest.raises(InvalidInputError) as info:
        earned_value(*args)
    assert info.value.field == field


amounts = st.floats(0, 1e308, allow_subnormal=True)


@given(st.lists(st.tuples(amounts, amounts, amounts, amounts), min_size=1, max_size=5))
def test_earned_value_is_finite_unless_a_denominator_is_zero(rows) -> None:
    # BAC is the largest of the three it bounds; the zero denominators are the documented ones
    b, p, e, a = (np.array(c) for c in zip(*rows, strict=True))
    b = np.maximum(b, np.maximum(p, e))
    try:
        m = earned_value(b, p, e, a)
    except InvalidInputError as exc:  # only where the exact value is beyond a float's range
        i = int(exc.field[len("projects[") : exc.field.index("]")])
        name = exc.field.split(".")[1]
        B, P, E, A = (Fraction(float(v[i])) for v in (b, p, e, a))
        exact = {
            "spi": lambda: E / P, "cpi": lambda: E / A, "eac_cpi": lambda: B * A / E,
            "eac_atypical": lambda: A + B - E, "eac_cpi_spi": lambda: A + (B - E) * A * P / E**2,
            "etc": lambda: B * A / E - A, "vac": lambda: B - B * A / E,
            "tcpi": lambda: (B - E) / (B - A),
        }[name]()  # fmt: skip
        assert abs(exact) > Fraction(sys.float_info.max) / 2, (name, float(exact))
        return
    zero = {"spi": p == 0, "cpi": a == 0, "eac_cpi": (a == 0) | (e == 0),
            "eac_cpi_spi": (a == 0) | (e == 0) | (p == 0), "tcpi": b == a}  # fmt: skip
    zero["etc"] = zero["vac"] = zero["eac_cpi"]
    for name in ("sv", "cv", "spi", "cpi", "eac_cpi", "eac_atypical", "eac_cpi_spi", "etc",
                 "vac", "tcpi"):  # fmt: skip
        values = getattr(m, name)
        assert np.isfinite(values[~zero.get(name, np.zeros_like(b, dtype=bool))]).all(), name
    # where defined, the measures equal the PMBOK formulas computed one project at a time
    for i in range(b.size):
        if a[i] > 0 and p[i] > 0 and e[i] > 0:
            assert m.spi[i] == e[i] / p[i]
            assert m.eac_atypical[i] == a[i] + (b[i] - e[i])


def _plan() -> ImplementationPlan:
    return ImplementationPlan(
        id="p1", subject_id="c1", name="Plan", start_on=dt.date(2027, 1, 1),
        end_on=dt.date(2027, 12, 31),
        milestones=[Milestone(id="b", name="B", owner_id="x", due_on=dt.date(2027, 3, 1)),
                    Milestone(id="a", name="A", owner_id="x", due_on=dt.date(2027, 3, 1),
                              done_on=dt.date(2027, 3, 5)),
                    Milestone(id="c", name="C", owner_id="x", due_on=dt.date(2027, 9, 1))],
        risks=[Risk(id="r1", description="Budget freeze", category=RiskCategory.MARKET,
                    probability=0.3, impact=Money("100000", "EUR")),
               Risk(id="r2", description="New regulation", category=RiskCategory.REGULATORY,
                    probability=0.1, impact=Money("50000", "EUR"))],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("as_of", "done", "due", "overdue"),
    [
        (dt.date(2027, 3, 1), (), ("b", "a", "c"), ()),  # due today is not yet overdue
        (dt.date(2027, 3, 2), (), ("c",), ("a", "b")),
        (dt.date(2027, 3, 5), ("a",), ("c",), ("b",)),
        (dt.date(2028, 1, 1), ("a",), (), ("b", "c")),
    ],
)
def test_plan_status_at_dates(as_of: dt.date, done: tuple, due: tuple, overdue: tuple) -> None:
    s = plan_status(_plan(), as_of)
    assert (s.done, tuple(sorted(s.due)), s.overdue) == (done, tuple(sorted(due)), overdue)
    assert s.risk_exposure == Money("35000.00", "EUR")  # 0.3 x 100k + 0.1 x 50k


def test_review_measures_and_gaps() -> None:
    r = AccountReview(id="h2", client_id="c1",
                      period=Period(start=dt.date(2027, 7, 1), end=dt.date(2027, 12, 31)),
                      planned_actions=4, completed_actions=4, targets={"revenue": 10.0},
                      actuals={"revenue": 12.0}, budget=Money("100", "EUR"),
                      spent=Money("90", "EUR"), satisfaction=0.8)  # fmt: skip
    out = review(r)
    assert out.execution_rate == 1.0
    assert out.attainment["revenue"] == pytest.approx(1.2)
    assert out.budget_variance == Money("-10", "EUR")
    assert out.budget_variance_rate == pytest.approx(-0.1)
    assert out.gaps == ()  # nothing below plan
    assert out.satisfaction == 0.8


def test_team_staffing_and_training() -> None:
    model = TeamModel(id="m", required={"project_manager": 1}, required_training=["security"])
    staff = [Person(id="ana", name="Ana", role=Role.PROJECT_MANAGER),
             Person(id="bo", name="Bo", role=Role.CONSULTANT)]  # fmt: skip
    gaps = staffing_gaps(model, staff)
    assert [(g.role, g.required, g.staffed, g.gap) for g in gaps] == [
        ("project_manager", 1.0, 1.0, 0.0), ("consultant", 0.0, 1.0, 1.0)]  # fmt: skip
    rec = [TrainingRecord(person_id="bo", topic="security", completed_on=dt.date(2027, 5, 1))]
    assert training_gaps(model, staff, rec, dt.date(2027, 4, 30)) == {
        "ana": ("security",), "bo": ("security",)}  # fmt: skip
    assert training_gaps(model, staff, rec, dt.date(2027, 5, 1)) == {"ana": ("security",)}


def test_follow_up_and_annual_review_loop() -> None:
    fs = follow_up_schedule("p", "c1", "ana", dt.date(2027, 8, 31), months=[6, 1])
    assert [str(f.due_on) for f in fs] == ["2027-09-30", "2028-02-29"]  # leap year clamp
    with pytest.raises(InvalidInputError, match="months") as err:
        follow_up_schedule("p", "c1", "ana", dt.date(2027, 1, 1), months=[0])
    assert err.value.field == "months"
    with pytest.raises(InvalidInputError, match="two annual reviews") as err:
        criteria_from_reviews([AnnualReview(client_id="c1", year=2027),
                               AnnualReview(client_id="c1", year=2027)])  # fmt: skip
    assert err.value.field == "reviews[c1]"
    later_first = [
        AnnualReview(client_id="c1", year=2028, criteria_updates={"fit": 2.0}),
        AnnualReview(client_id="c1", year=2027, criteria_updates={"fit": 5.0}),
    ]
    assert criteria_from_reviews(later_first) == {"c1": {"fit": 2.0}}


def test_npv_exported_for_reviews() -> None:
    assert npv(0.0, [1, 2, 3]) == 6.0
