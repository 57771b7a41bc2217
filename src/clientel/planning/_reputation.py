"""Reputation plans against the reputation goal's total budget (steps 2.2.1, 2.2.5)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping
from clientel.errors import CurrencyMismatchError, InvalidInputError
from clientel.models import ImplementationPlan, Money, ReputationGoal

__all__ = ["ReputationBudget", "reputation_budget"]


@attrs.frozen(kw_only=True, repr=False)
class ReputationBudget(TableDisplay):
    """The reputation plans' activity budgets against the goal's total (step 2.2.5)."""

    goal_id: str
    total: Money
    planned: Money
    remaining: Money
    by_plan: Mapping[str, Money] = attrs.field(converter=frozen_mapping)
    within: bool
    _display_title = "Reputation budget"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per plan, then the total, what is planned and what remains."""
        rows = [{"item": k, "amount": str(v)} for k, v in self.by_plan.items()]
        return rows + [{"item": name, "amount": str(getattr(self, name))}
                       for name in ("total", "planned", "remaining")]  # fmt: skip


def reputation_budget(
    goal: ReputationGoal,
    plans: Sequence[ImplementationPlan],
    *,
    strict: bool = True,
) -> ReputationBudget:
    """Check that the reputation activities' budgets fit the goal's total budget (2.2.5).

    Parameters
    ----------
    goal : ReputationGoal
        The year's reputation goal and its total budget (step 2.2.1).
    plans : sequence of ImplementationPlan
        The reputation plans (one per target segment, say); their actions'
        budgets are the activity budgets (an action without a budget counts 0).
    strict : bool
        Raise when the activities exceed the total (default); ``False`` returns
        the result with ``within=False`` and a negative ``remaining``.

    Returns
    -------
    ReputationBudget
        The total, the planned spend per plan and activity, what remains and
        whether it fits.

    Raises
    ------
    InvalidInputError
        The activities' budgets exceed the goal's total (``strict``); two plans
        with the same id.
    CurrencyMismatchError
        An activity budget in another currency than the goal's (named).

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import Action, ImplementationPlan, ReputationGoal
    >>> eur = lambda x: Money(x, "EUR")
    >>> goal = ReputationGoal(id="rep-2027", unit_id="bu", year=2027,
    ...                       goal="Known as the bank's cloud partner", budget=eur(100_000))
    >>> day = dt.date(2027, 3, 1)
    >>> plan = ImplementationPlan(id="rep-bank", subject_id="banking", name="Banking",
    ...     start_on=day, end_on=dt.date(2027, 12, 31), actions=[
    ...     Action(id="seminar", name="CIO seminar", owner_id="p1", start_on=day, end_on=day,
    ...            budget=eur(60_000)),
    ...     Action(id="articles", name="Articles", owner_id="p2", start_on=day, end_on=day,
    ...            budget=eur(30_000))])
    >>> str(reputation_budget(goal, [plan]).remaining)
    '10000 EUR'
    """
    ids = [p.id for p in plans]
    if len(set(ids)) != len(ids):
        raise InvalidInputError("duplicate plan ids", field="plans", value=ids)
    currency = goal.budget.currency
    by_plan: dict[str, Money] = {}
    for plan in plans:
        for action in plan.actions:
            if action.budget is not None and action.budget.currency != currency:
                msg = f"expected {currency}, the goal's currency"
                where = f"plans[{plan.id!r}].actions[{action.id!r}].budget"
                raise CurrencyMismatchError(msg, field=where, value=str(action.budget))
        by_plan[plan.id] = Money.sum((a.budget for a in plan.actions if a.budget), currency)
    planned = Money.sum(by_plan.values(), currency)
    remaining = goal.budget - planned
    within = not remaining.amount < 0
    if strict and not within:
        msg = (
            f"the activities' budgets ({planned}) exceed the reputation goal's total "
            f"({goal.budget}) by {-remaining}"
        )
        raise InvalidInputError(msg, field="plans", value=str(planned))
    return ReputationBudget(goal_id=goal.id, total=goal.budget, planned=planned,
                            remaining=remaining, by_plan=by_plan, within=within)  # fmt: skip
