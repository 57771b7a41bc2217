"""Plan tracking and plan-versus-actual reviews (steps 2.1.6, 2.2.1, 2.2.5, 2.4.7-2.4.8)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from clientel._internal.display import TableDisplay
from clientel._internal.exact import as_written
from clientel._internal.validators import as_mapping, frozen_mapping
from clientel.errors import InvalidInputError
from clientel.models import AccountReview, ImplementationPlan, MilestoneStatus, Money
from clientel.models._money_checks import as_money
from clientel.planning._records import fields_row

__all__ = ["Gap", "PlanStatus", "ReviewOutcome", "allocate_budget", "plan_status", "review"]


@attrs.frozen(kw_only=True, repr=False)
class PlanStatus(TableDisplay):
    """Where a plan stands at an as-of date."""

    as_of: dt.date
    done: tuple[str, ...]
    due: tuple[str, ...]
    overdue: tuple[str, ...]
    actions_done: int
    actions_total: int
    risk_exposure: Money | None
    _display_title = "Plan status"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: milestones done, due and overdue, actions done, risk exposure."""
        return [fields_row(self)]


def plan_status(plan: ImplementationPlan, as_of: dt.date) -> PlanStatus:
    """Milestones done, due and overdue at ``as_of`` (ids sorted by due date, then id).

    Parameters
    ----------
    plan : ImplementationPlan
        An implementation plan (steps 2.1.6, 2.2.5, 2.4.7).
    as_of : datetime.date
        The day of the view.

    Returns
    -------
    PlanStatus
        The ids of the milestones done, overdue (due before ``as_of``, not done)
        and still due.

    Examples
    --------
    >>> from clientel.models import Milestone
    >>> plan = ImplementationPlan(id="p1", subject_id="c1", name="Key account plan 2027",
    ...     start_on=dt.date(2027, 1, 1), end_on=dt.date(2027, 12, 31), milestones=[
    ...         Milestone(id="kickoff", name="Kick-off", owner_id="ana",
    ...                   due_on=dt.date(2027, 2, 1), done_on=dt.date(2027, 1, 28)),
    ...         Milestone(id="pilot", name="Pilot live", owner_id="bo", due_on=dt.date(2027, 5, 1)),
    ...         Milestone(id="rollout", name="Roll-out", owner_id="bo",
    ...                   due_on=dt.date(2027, 9, 1))])
    >>> s = plan_status(plan, dt.date(2027, 6, 1))
    >>> s.done, s.overdue, s.due
    (('kickoff',), ('pilot',), ('rollout',))
    """
    buckets: dict[MilestoneStatus, list[str]] = {k: [] for k in MilestoneStatus}
    for ms in sorted(plan.milestones, key=lambda m: (m.due_on, m.id)):
        buckets[ms.status(as_of)].append(ms.id)
    exposure = plan.risk_exposure()
    return PlanStatus(
        as_of=as_of,
        done=tuple(buckets[MilestoneStatus.DONE]),
        due=tuple(buckets[MilestoneStatus.DUE]),
        overdue=tuple(buckets[MilestoneStatus.OVERDUE]),
        actions_done=sum(a.done for a in plan.actions),
        actions_total=len(plan.actions),
        risk_exposure=None if exposure is None else exposure.round(),
    )


def allocate_budget(total: Money, weights: Mapping[str, float | Decimal]) -> dict[str, Money]:
    """Split a budget across activities in proportion to ``weights``; parts sum exactly.

    Largest remainder in minor units (:meth:`clientel.models.Money.allocate`);
    activities in sorted order so that ties go to the earlier name. Weights may
    mix int, float and Decimal; each is taken exactly as written (a float by its
    shortest repr, so ``0.1`` is one tenth).

    Parameters
    ----------
    total : Money
        The budget to split (step 2.2.5: the reputation budget; 2.1.6: a plan's).
    weights : mapping of str to float
        Activity name -> relative weight (finite, >= 0, positive sum).

    Returns
    -------
    dict of str to Money
        One part per activity, in sorted order, summing exactly to ``total``.

    Raises
    ------
    InvalidInputError
        No activity, a negative or non-finite weight (named ``weights[<name>]``),
        or weights summing to zero.

    Examples
    --------
    >>> parts = allocate_budget(Money("100000", "EUR"), {"events": 1, "content": 1, "pr": 1})
    >>> {k: str(v) for k, v in parts.items()}
    {'content': '33333.34 EUR', 'events': '33333.33 EUR', 'pr': '33333.33 EUR'}
    """
    total = as_money(total, "total")
    weights = as_mapping(weights, "weights")
    if not weights:
        raise InvalidInputError("expected at least one activity", field="weights")
    names = sorted(weights)
    # exact, as written: Decimal, float and int weights mix, and a tiny float keeps its value
    exact = [as_written(weights[k], f"weights[{k}]") for k in names]
    for k, w in zip(names, exact, strict=True):
        if w < 0:
            raise InvalidInputError("weight must be finite and >= 0", field=f"weights[{k}]",
                                    value=weights[k])  # fmt: skip
    if sum(exact) <= 0:
        raise InvalidInputError("weights must have a positive sum", field="weights")
    parts = total.allocate(exact)
    return dict(zip(names, parts, strict=True))


@attrs.frozen(kw_only=True, repr=False)
class Gap(TableDisplay):
    """A shortfall or overrun found by a review: what, planned, actual, size (actual - plan)."""

    measure: str
    planned: float
    actual: float
    gap: float
    relative: float | None
    _display_title = "Gap"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: measure, planned, actual, gap and relative gap."""
        return [fields_row(self)]


@attrs.frozen(kw_only=True, repr=False)
class ReviewOutcome(TableDisplay):
    """Plan versus actual for one review (step 2.4.8).

    Shows as a one-row table (the gaps as their measures, largest first); each
    :class:`Gap` is a table of its own. The repr leaves the gaps out.
    """

    review_id: str
    execution_rate: float | None
    attainment: Mapping[str, float | None] = attrs.field(converter=frozen_mapping)
    budget_variance: Money
    budget_variance_rate: float | None
    satisfaction: float | None
    gaps: tuple[Gap, ...] = attrs.field(repr=False)
    _display_title = "Review outcome"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: execution rate, attainment per measure, budget variance, gaps' measures."""
        return [{**fields_row(self), "gaps": tuple(g.measure for g in self.gaps)}]


def review(r: AccountReview) -> ReviewOutcome:
    """Execution rate, target attainment, budget variance and the gaps, largest first.

    Parameters
    ----------
    r : AccountReview
        The semi-annual review's plan and actual figures (step 2.4.8).

    Returns
    -------
    ReviewOutcome
        Execution rate, attainment per measure, budget variance and the gaps.

    Notes
    -----
    ``execution_rate = completed / planned`` actions; ``attainment[m] = actual / target``
    (None for a zero target; a measure without an actual counts as 0);
    ``budget_variance = spent - budget`` (positive: overspend) and its rate
    over the budget. ``gaps`` lists every measure below target, unfinished
    actions and any overspend, ordered by relative size (then name).

    Examples
    --------
    >>> from clientel.models import Period
    >>> r = AccountReview(id="h1-2027", client_id="c1",
    ...     period=Period(start=dt.date(2027, 1, 1), end=dt.date(2027, 6, 30)),
    ...     planned_actions=10, completed_actions=8,
    ...     targets={"revenue_meur": 4.0, "new_contacts": 12}, actuals={"revenue_meur": 3.0,
    ...     "new_contacts": 12}, budget=Money("50000", "EUR"), spent=Money("56000", "EUR"))
    >>> out = review(r)
    >>> out.execution_rate, dict(out.attainment), str(out.budget_variance)
    (0.8, {'new_contacts': 1.0, 'revenue_meur': 0.75}, '6000 EUR')
    >>> [(g.measure, g.gap) for g in out.gaps]
    [('revenue_meur', -1.0), ('actions', -2.0), ('budget', 6000.0)]
    """
    rate = None if r.planned_actions == 0 else r.completed_actions / r.planned_actions
    attain: dict[str, float | None] = {}
    gaps = []
    for m in sorted(r.targets):
        target, actual = r.targets[m], r.actuals.get(m, 0.0)
        attain[m] = None if target == 0 else actual / target
        if actual < target:
            rel = None if target == 0 else (actual - target) / abs(target)
            gaps.append(Gap(measure=m, planned=target, actual=actual, gap=actual - target,
                            relative=rel))  # fmt: skip
    if r.completed_actions < r.planned_actions:
        p, c = float(r.planned_actions), float(r.completed_actions)
        gaps.append(Gap(measure="actions", planned=p, actual=c, gap=c - p, relative=(c - p) / p))
    variance = r.spent - r.budget
    vrate = None if r.budget.is_zero() else float(variance.amount / r.budget.amount)
    if variance.amount > 0:
        gaps.append(Gap(measure="budget", planned=r.budget.to_float(), actual=r.spent.to_float(),
                        gap=variance.to_float(), relative=vrate))  # fmt: skip
    gaps.sort(key=lambda g: (-abs(g.relative) if g.relative is not None else float("-inf"),
                             g.measure))  # fmt: skip
    return ReviewOutcome(review_id=r.id, execution_rate=rate, attainment=attain,
                         budget_variance=variance, budget_variance_rate=vrate,
                         satisfaction=r.satisfaction, gaps=tuple(gaps))  # fmt: skip
