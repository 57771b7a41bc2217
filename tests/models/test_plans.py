"""Implementation plans: checks on dates and currencies, status at a date, JSON round trips."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError
from clientel.models import (
    Action,
    ImplementationPlan,
    Milestone,
    MilestoneStatus,
    Money,
    Resource,
    ResourceKind,
    Risk,
    RiskCategory,
    dumps,
    loads,
)
from clientel.testing import implementation_plans

D = dt.date


@given(implementation_plans())
def test_plans_round_trip_through_json(plan: ImplementationPlan) -> None:
    assert loads(dumps(plan), ImplementationPlan) == plan


@given(implementation_plans(), st.dates(D(2023, 1, 1), D(2032, 1, 1)))
def test_every_milestone_has_exactly_one_status(plan: ImplementationPlan, as_of: D) -> None:
    status = plan.milestone_status(as_of)
    assert set(status) == {m.id for m in plan.milestones}
    for ms in plan.milestones:
        expected = MilestoneStatus.OVERDUE if ms.due_on < as_of else MilestoneStatus.DUE
        assert status[ms.id] is expected  # the strategy's milestones are not done


def test_exposure_is_probability_times_impact() -> None:
    r = Risk(id="r", description="d", category=RiskCategory.REGULATORY, probability=0.25,
             impact=Money("1000", "EUR"))  # fmt: skip
    assert r.exposure == Money("250", "EUR")


def _plan(**kw: object) -> ImplementationPlan:
    args: dict[str, object] = {"id": "p", "subject_id": "bu", "name": "Plan",
                               "start_on": D(2027, 1, 1), "end_on": D(2027, 12, 31)}  # fmt: skip
    args.update(kw)
    return ImplementationPlan(**args)  # type: ignore[arg-type]


def test_plan_checks() -> None:
    with pytest.raises(InvalidInputError, match=r"milestones\[m\]"):
        _plan(milestones=[Milestone(id="m", name="M", owner_id="o", due_on=D(2028, 1, 1))])
    with pytest.raises(InvalidInputError, match=r"actions\[a\]"):
        _plan(actions=[Action(id="a", name="A", owner_id="o", start_on=D(2026, 12, 1),
                              end_on=D(2027, 2, 1))])  # fmt: skip
    with pytest.raises(InvalidInputError, match="end_on"):
        _plan(end_on=D(2026, 1, 1))
    with pytest.raises(InvalidInputError, match="one currency"):
        _plan(resources=[Resource(kind=ResourceKind.MONEY, description="x", cost=Money("1", "USD")),
                         Resource(kind=ResourceKind.ASSETS, description="y",
                                  cost=Money("1", "EUR"))])  # fmt: skip
    with pytest.raises(InvalidInputError):
        Risk(id="r", description="d", category=RiskCategory.MARKET, probability=1.5,
             impact=Money("1", "EUR"))  # fmt: skip
    with pytest.raises(InvalidInputError):
        _plan(milestones=[Milestone(id="m", name="M", owner_id="o", due_on=D(2027, 2, 1))] * 2)
