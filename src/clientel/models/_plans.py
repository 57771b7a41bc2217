"""Implementation plans: actions, milestones, risks and resources (steps 2.1.6, 2.2.5, 2.4.7)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from clientel._internal import tuples
from clientel._internal.display import TableDisplay
from clientel._internal.validators import (
    at_least,
    between,
    identifier,
    non_empty,
    optional,
    unique_ids,
)
from clientel.errors import InvalidInputError
from clientel.models._money import Money
from clientel.models._money_checks import money_at_least_zero, one_currency

__all__ = [
    "Action",
    "ImplementationPlan",
    "Milestone",
    "MilestoneStatus",
    "Resource",
    "ResourceKind",
    "Risk",
    "RiskCategory",
]


class RiskCategory(enum.Enum):
    """Risk categories named by step 2.1.6."""

    MARKET = "market"
    REGULATORY = "regulatory"
    EXECUTION = "execution"
    OTHER = "other"


class ResourceKind(enum.Enum):
    """Resources a plan needs (step 2.1.6): people, money, assets."""

    PEOPLE = "people"
    MONEY = "money"
    ASSETS = "assets"


class MilestoneStatus(enum.Enum):
    """Status of a milestone at an as-of date."""

    DONE = "done"
    DUE = "due"
    OVERDUE = "overdue"


@attrs.frozen(kw_only=True)
class Milestone:
    """A milestone with an owner and a due date.

    Examples
    --------
    >>> ms = Milestone(id="m1", name="Pilot live", owner_id="p-anna", due_on=dt.date(2027, 3, 31))
    >>> ms.status(dt.date(2027, 4, 1))
    <MilestoneStatus.OVERDUE: 'overdue'>
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    owner_id: str = attrs.field(validator=identifier)
    due_on: dt.date
    done_on: dt.date | None = None

    def status(self, as_of: dt.date) -> MilestoneStatus:
        """Done if completed by ``as_of``; overdue if due before ``as_of``; else due."""
        if self.done_on is not None and self.done_on <= as_of:
            return MilestoneStatus.DONE
        return MilestoneStatus.OVERDUE if self.due_on < as_of else MilestoneStatus.DUE


@attrs.frozen(kw_only=True)
class Action:
    """A main action with an owner, dates and a budget."""

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    owner_id: str = attrs.field(validator=identifier)
    start_on: dt.date
    end_on: dt.date
    budget: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    done: bool = False

    def __attrs_post_init__(self) -> None:
        if self.end_on < self.start_on:
            msg = f"ends {self.end_on} before it starts {self.start_on}"
            raise InvalidInputError(msg, field=f"Action[{self.id}].end_on")


@attrs.frozen(kw_only=True)
class Risk:
    """A risk with probability and impact; exposure = probability x impact.

    Examples
    --------
    >>> Risk(id="r1", description="Key architect leaves", category=RiskCategory.EXECUTION,
    ...      probability=0.2, impact=Money("150000", "EUR")).exposure
    Money('30000.0', 'EUR')
    """

    id: str = attrs.field(validator=identifier)
    description: str = attrs.field(validator=non_empty)
    category: RiskCategory
    probability: float = attrs.field(validator=between(0.0, 1.0))
    impact: Money = attrs.field(validator=money_at_least_zero)
    mitigation: str = ""
    owner_id: str | None = attrs.field(default=None, validator=optional(identifier))

    @property
    def exposure(self) -> Money:
        """Expected loss: probability x impact (unrounded)."""
        return self.impact * self.probability


@attrs.frozen(kw_only=True)
class Resource:
    """A resource the plan needs: people (quantity in FTE), money or assets."""

    kind: ResourceKind
    description: str = attrs.field(validator=non_empty)
    quantity: float = attrs.field(default=1.0, validator=at_least(0.0))
    cost: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))


@attrs.frozen(kw_only=True, repr=False)
class ImplementationPlan(TableDisplay):
    """An implementation plan for a strategy, reputation plan or key account.

    Parameters
    ----------
    subject_id : str
        What the plan implements: the unit (2.1.6), a segment's reputation plan
        (2.2.5) or a key account (2.4.7).
    start_on, end_on : datetime.date
        The plan's timetable; every action and milestone must fall inside it.
    actions, milestones, risks, resources : tuple
        The plan's content; ids unique within the plan.

    Raises
    ------
    InvalidInputError
        A milestone or action outside the plan's dates, duplicate ids, or
        amounts in more than one currency.
    """

    id: str = attrs.field(validator=identifier)
    subject_id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    start_on: dt.date
    end_on: dt.date
    actions: tuple[Action, ...] = attrs.field(
        default=(), converter=tuples.actions, validator=unique_ids
    )
    milestones: tuple[Milestone, ...] = attrs.field(
        default=(), converter=tuples.milestones, validator=unique_ids
    )
    risks: tuple[Risk, ...] = attrs.field(default=(), converter=tuples.risks, validator=unique_ids)
    resources: tuple[Resource, ...] = attrs.field(default=(), converter=tuples.resources)

    def __attrs_post_init__(self) -> None:
        if self.end_on < self.start_on:
            msg = f"ends {self.end_on} before it starts {self.start_on}"
            raise InvalidInputError(msg, field="ImplementationPlan.end_on")
        for ms in self.milestones:
            if not self.start_on <= ms.due_on <= self.end_on:
                msg = f"due {ms.due_on}, outside the plan's {self.start_on}..{self.end_on}"
                raise InvalidInputError(msg, field=f"milestones[{ms.id}].due_on")
        for act in self.actions:
            if act.start_on < self.start_on or act.end_on > self.end_on:
                msg = f"runs {act.start_on}..{act.end_on}, outside the plan's dates"
                raise InvalidInputError(msg, field=f"actions[{act.id}]")
        amounts = [a.budget for a in self.actions] + [r.impact for r in self.risks]
        one_currency(amounts + [r.cost for r in self.resources], "ImplementationPlan")

    _display_title = "Implementation plan"

    def __repr__(self) -> str:
        return (
            f"<ImplementationPlan {self.id} {self.start_on}..{self.end_on}: "
            f"{len(self.actions)} actions, {len(self.milestones)} milestones, "
            f"{len(self.risks)} risks>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per action, milestone and risk (kind, id, name, owner, dates, amount)."""
        rows: list[dict[str, Any]] = [
            {
                "kind": "action",
                "id": a.id,
                "name": a.name,
                "owner": a.owner_id,
                "start": a.start_on,
                "due": a.end_on,
                "amount": None if a.budget is None else str(a.budget),
            }
            for a in self.actions
        ]
        rows += [
            {
                "kind": "milestone",
                "id": m.id,
                "name": m.name,
                "owner": m.owner_id,
                "start": None,
                "due": m.due_on,
                "amount": None,
            }
            for m in self.milestones
        ]
        rows += [
            {
                "kind": f"risk ({r.category.value})",
                "id": r.id,
                "name": r.description,
                "owner": r.owner_id,
                "start": None,
                "due": None,
                "amount": str(r.exposure.round()),
            }
            for r in self.risks
        ]
        return rows

    def milestone_status(self, as_of: dt.date) -> dict[str, MilestoneStatus]:
        """Status of every milestone at ``as_of`` (dates are arguments; no clock)."""
        return {ms.id: ms.status(as_of) for ms in self.milestones}

    def risk_exposure(self) -> Money | None:
        """Total expected loss over all risks (None when there are none)."""
        if not self.risks:
            return None
        return Money.sum((r.exposure for r in self.risks), self.risks[0].impact.currency)
