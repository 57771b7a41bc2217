"""Reputation activities' budgets against the goal's total (steps 2.2.1, 2.2.5)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import CurrencyMismatchError, InvalidInputError
from clientel.models import Action, ImplementationPlan, Money, ReputationGoal
from clientel.planning import reputation_budget

DAY = dt.date(2027, 3, 1)


def _plan(pid: str, budgets: list[int | None], currency: str = "EUR") -> ImplementationPlan:
    return ImplementationPlan(
        id=pid, subject_id="banking", name=pid, start_on=DAY, end_on=dt.date(2027, 12, 31),
        actions=[Action(id=f"a{k}", name="x", owner_id="p1", start_on=DAY, end_on=DAY,
                        budget=None if b is None else Money(b, currency))
                 for k, b in enumerate(budgets)])  # fmt: skip


def _goal(total: int) -> ReputationGoal:
    return ReputationGoal(id="rep", unit_id="bu", year=2027, goal="Known for cloud",
                          budget=Money(total, "EUR"))  # fmt: skip


@given(st.lists(st.lists(st.one_of(st.none(), st.integers(0, 10**6)), max_size=4), max_size=4),
       st.integers(0, 3 * 10**6))  # fmt: skip
def test_activities_are_summed_exactly_and_checked(
    plans: list[list[int | None]], total: int
) -> None:
    ps = [_plan(f"p{k}", b) for k, b in enumerate(plans)]
    planned = sum(b for bs in plans for b in bs if b is not None)
    if planned > total:
        with pytest.raises(InvalidInputError) as exc:
            reputation_budget(_goal(total), ps)
        assert exc.value.field == "plans"
        r = reputation_budget(_goal(total), ps, strict=False)
        assert not r.within
    else:
        r = reputation_budget(_goal(total), ps)
        assert r.within
    assert r.planned == Money(planned, "EUR")
    assert r.remaining == Money(total - planned, "EUR")
    assert sum(v.amount for v in r.by_plan.values()) == planned


def test_overrun_message_names_the_amounts_and_currency_is_checked() -> None:
    with pytest.raises(InvalidInputError, match="exceed the reputation goal's total"):
        reputation_budget(_goal(100), [_plan("a", [60]), _plan("b", [50])])
    with pytest.raises(CurrencyMismatchError) as exc:
        reputation_budget(_goal(100), [_plan("a", [60], "USD")])
    assert exc.value.field == "plans['a'].actions['a0'].budget"
    with pytest.raises(InvalidInputError) as dup:
        reputation_budget(_goal(100), [_plan("a", [1]), _plan("a", [1])])
    assert dup.value.field == "plans"
