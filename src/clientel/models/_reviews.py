"""Review records: semi-annual reviews, satisfaction surveys, follow-ups, annual reviews, team.

Steps 2.4.8 (semi-annual review), 2.7.2 (expectations and satisfaction), 2.7.4
(post-project follow-up), 2.7.3 (team model and training) and 2.7.5 (annual
review that feeds next year's 2.3 ranking).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from clientel._internal.validators import (
    at_least,
    between,
    frozen_mapping,
    identifier,
    non_empty,
    number_mapping,
    optional,
    str_tuple,
    values_between,
)
from clientel.errors import InvalidInputError
from clientel.models._money import Money
from clientel.models._money_checks import money_at_least_zero, same_currency
from clientel.models._periods import Period

__all__ = [
    "AccountReview",
    "AnnualReview",
    "FollowUp",
    "SatisfactionResponse",
    "TeamModel",
    "TrainingRecord",
]


@attrs.frozen(kw_only=True)
class AccountReview:
    """Plan versus actual for a key account over a period (step 2.4.8).

    Parameters
    ----------
    period : Period
        The half year reviewed.
    planned_actions, completed_actions : int
        Plan execution (completed may not exceed planned).
    targets, actuals : mapping of str to float
        Target attainment per measure, e.g. ``{"revenue_meur": 4.0}``.
    budget, spent : Money
        Budget and actual spend, one currency.
    satisfaction : float, optional
        Client satisfaction index, 0..1.
    """

    id: str = attrs.field(validator=identifier)
    client_id: str = attrs.field(validator=identifier)
    period: Period
    planned_actions: int = attrs.field(validator=at_least(0))
    completed_actions: int = attrs.field(validator=at_least(0))
    targets: Mapping[str, float] = number_mapping()
    actuals: Mapping[str, float] = number_mapping()
    budget: Money = attrs.field(validator=money_at_least_zero)
    spent: Money = attrs.field(validator=money_at_least_zero)
    satisfaction: float | None = attrs.field(default=None, validator=optional(between(0, 1)))
    lessons: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)

    def __attrs_post_init__(self) -> None:
        if self.completed_actions > self.planned_actions:
            msg = f"{self.completed_actions} completed of {self.planned_actions} planned"
            raise InvalidInputError(msg, field="AccountReview.completed_actions")
        same_currency("budget", "spent")(self)
        unknown = sorted(set(self.actuals) - set(self.targets))
        if unknown:
            msg = f"actuals for measures without a target: {unknown}"
            raise InvalidInputError(msg, field="AccountReview.actuals")


@attrs.frozen(kw_only=True)
class SatisfactionResponse:
    """One client respondent's survey answers (step 2.7.2).

    Parameters
    ----------
    recommend : int, optional
        "How likely are you to recommend us?" 0..10 (for the NPS).
    execution, after_sales, people : int, optional
        Satisfaction with project execution, after-sales service and our people,
        each 1 (very dissatisfied) to 5 (very satisfied).
    """

    client_id: str = attrs.field(validator=identifier)
    respondent: str = attrs.field(validator=non_empty)
    answered_on: dt.date
    recommend: int | None = attrs.field(default=None, validator=optional(between(0, 10)))
    execution: int | None = attrs.field(default=None, validator=optional(between(1, 5)))
    after_sales: int | None = attrs.field(default=None, validator=optional(between(1, 5)))
    people: int | None = attrs.field(default=None, validator=optional(between(1, 5)))


@attrs.frozen(kw_only=True)
class FollowUp:
    """A post-project follow-up: when, who, with whom, what is checked (step 2.7.4)."""

    id: str = attrs.field(validator=identifier)
    project_id: str = attrs.field(validator=identifier)
    client_id: str = attrs.field(validator=identifier)
    due_on: dt.date
    owner_id: str = attrs.field(validator=identifier)
    counterpart: str = ""
    checks: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    done_on: dt.date | None = None
    findings: str = ""


@attrs.frozen(kw_only=True)
class AnnualReview:
    """The annual account review (step 2.7.5).

    ``criteria_updates`` are next year's values of client-ranking criteria
    (step 2.3), e.g. ``{"relationship": 4.0}``: the loop from 2.7 back to 2.3.
    """

    client_id: str = attrs.field(validator=identifier)
    year: int = attrs.field(validator=between(1900, 2200))
    summary: str = ""
    client_evaluation: float | None = attrs.field(default=None, validator=optional(between(0, 1)))
    influence: float | None = attrs.field(default=None, validator=optional(between(0, 1)))
    lessons: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    criteria_updates: Mapping[str, float | None] = number_mapping(allow_none=True)


@attrs.frozen(kw_only=True)
class TrainingRecord:
    """Training or knowledge record of a team member (step 2.7.3)."""

    person_id: str = attrs.field(validator=identifier)
    topic: str = attrs.field(validator=non_empty)
    completed_on: dt.date
    hours: float = attrs.field(default=0.0, validator=at_least(0.0))


@attrs.frozen(kw_only=True)
class TeamModel:
    """The delivery team model of step 2.7.3: required roles and head counts.

    ``required`` maps a role name (e.g. ``"project_manager"``) to the number of
    people needed; ``required_training`` lists topics every member should have.
    """

    id: str = attrs.field(validator=identifier)
    required: Mapping[str, float] = attrs.field(
        converter=frozen_mapping, validator=values_between(0)
    )
    required_training: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
