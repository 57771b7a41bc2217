"""RFPs, statements of work and bid decisions (steps 2.5.1-2.5.2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from clientel._internal.validators import (
    identifier,
    non_empty,
    number_mapping,
    optional,
    str_tuple,
)
from clientel.errors import InvalidInputError
from clientel.models._money import Money
from clientel.models._money_checks import money_at_least_zero

__all__ = ["RFP", "BidDecision", "StatementOfWork"]


@attrs.frozen(kw_only=True)
class RFP:
    """A request for proposal as received (step 2.5.1).

    Parameters
    ----------
    received_on, due_on : datetime.date
        When it arrived and when the answer is due (not before arrival).
    business_type : str
        The kind of work, used to pick contract templates and signers.
    estimated_value : Money, optional
        The client's or our estimate of the deal.
    attributes : mapping of str to float or None
        Values on the bid/no-bid criteria (step 2.5.2).
    """

    id: str = attrs.field(validator=identifier)
    client_id: str = attrs.field(validator=identifier)
    title: str = attrs.field(validator=non_empty)
    received_on: dt.date
    due_on: dt.date
    business_type: str = "services"
    segment_id: str | None = attrs.field(default=None, validator=optional(identifier))
    scope: str = ""
    requirements: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    estimated_value: Money | None = attrs.field(
        default=None, validator=optional(money_at_least_zero)
    )
    attributes: Mapping[str, float | None] = number_mapping(allow_none=True)

    def __attrs_post_init__(self) -> None:
        if self.due_on < self.received_on:
            msg = f"due {self.due_on} before it was received {self.received_on}"
            raise InvalidInputError(msg, field="RFP.due_on")


@attrs.frozen(kw_only=True)
class StatementOfWork:
    """The statement of work written from an RFP (step 2.5.1).

    ``effort_days`` maps a role (rate-card key) to person-days.
    """

    id: str = attrs.field(validator=identifier)
    rfp_id: str = attrs.field(validator=identifier)
    deliverables: tuple[str, ...] = attrs.field(converter=str_tuple, validator=non_empty)
    assumptions: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    out_of_scope: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    effort_days: Mapping[str, float] = number_mapping(0.0)
    start_on: dt.date | None = None
    end_on: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise InvalidInputError("ends before it starts", field="StatementOfWork.end_on")


@attrs.frozen(kw_only=True)
class BidDecision:
    """Whether to bid, who decided and why (step 2.5.2; decided by the marketing lead)."""

    rfp_id: str = attrs.field(validator=identifier)
    bid: bool
    decided_by: str = attrs.field(validator=identifier)
    decided_on: dt.date
    score: float | None = None
    reasons: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
