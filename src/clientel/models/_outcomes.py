"""Outcome and follow-up records: proposals (step 2.5.7) and inbound inquiries (step 2.3.5).

A :class:`ProposalOutcome` is what the follow-up owner records once a proposal
closes; a list of them feeds win/loss analytics. An :class:`InquiryOutcome` is
the marketing lead's triage of an inbound inquiry (the decision itself may come
from ``clientel.scoring``'s triage against the strategy) and its follow-ups.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from clientel._internal import tuples
from clientel._internal.validators import described, identifier, non_empty, optional, str_tuple
from clientel.errors import InvalidInputError, LifecycleError, MissingDataError
from clientel.models._events import LossReason
from clientel.models._money import Money
from clientel.models._money_checks import same_currency
from clientel.models._proposals import Proposal, ProposalState

__all__ = [
    "InquiryDecision",
    "InquiryFollowUp",
    "InquiryOutcome",
    "ProposalOutcome",
]

_CLOSED = (ProposalState.WON, ProposalState.LOST, ProposalState.WITHDRAWN)


def _closed(instance: object, attribute: attrs.Attribute[ProposalState], value: object) -> None:
    if value not in _CLOSED:
        msg = f"expected one of {[s.value for s in _CLOSED]}"
        raise InvalidInputError(msg, field="ProposalOutcome.result", value=value)


described(_closed, {"enum": [state.value for state in _CLOSED]})


@attrs.frozen(kw_only=True)
class ProposalOutcome:
    """Whether a proposal was accepted and why, recorded by its follow-up owner (2.5.7).

    Examples
    --------
    >>> import datetime as dt
    >>> day = dt.date(2027, 3, 1)
    >>> p = Proposal(id="pr-9", rfp_id="rfp-9", client_id="c-1", lead_id="p-am01",
    ...              deadline=day, price=Money("120000", "EUR"), follow_up_owner_id="p-am01")
    >>> p = p.submit_for_review("p-am01", day).approve("p-gm", day).submit("p-am01", day)
    >>> p = p.lose("p-am01", day, LossReason.PRICE, note="incumbent 15 % cheaper")
    >>> out = ProposalOutcome.of(p)
    >>> out.result.value, out.reason.value, out.owner_id
    ('lost', 'price', 'p-am01')
    """

    proposal_id: str = attrs.field(validator=identifier)
    client_id: str = attrs.field(validator=identifier)
    owner_id: str = attrs.field(validator=identifier)
    result: ProposalState = attrs.field(validator=_closed)
    decided_on: dt.date
    quoted: Money
    final_price: Money
    rounds: int = 0
    reason: LossReason | None = None
    note: str = ""
    competitor_id: str | None = attrs.field(default=None, validator=optional(identifier))

    def __attrs_post_init__(self) -> None:
        if self.result is ProposalState.LOST and self.reason is None:
            raise InvalidInputError("a loss needs a reason", field="ProposalOutcome.reason")
        same_currency("quoted", "final_price")(self)

    @property
    def won(self) -> bool:
        """True for a win."""
        return self.result is ProposalState.WON

    @classmethod
    def of(
        cls, proposal: Proposal, *, owner_id: str | None = None, competitor_id: str | None = None
    ) -> ProposalOutcome:
        """The outcome record of a closed proposal.

        Raises
        ------
        LifecycleError
            The proposal is still open.
        MissingDataError
            No ``owner_id`` given and the proposal names no follow-up owner.
        """
        if proposal.state not in _CLOSED:
            raise LifecycleError(
                f"proposal {proposal.id} is still open",
                state=proposal.state.value,
                transition="record_outcome",
            )
        owner = owner_id or proposal.follow_up_owner_id
        if owner is None:
            msg = "name the follow-up owner (2.5.7)"
            raise MissingDataError(msg, field="Proposal.follow_up_owner_id")
        last = proposal.history[-1]
        return cls(
            proposal_id=proposal.id,
            client_id=proposal.client_id,
            owner_id=owner,
            result=proposal.state,
            decided_on=last.on,
            quoted=proposal.price,
            final_price=proposal.current_price,
            rounds=len(proposal.rounds),
            reason=proposal.loss_reason,
            note=proposal.outcome_note,
            competitor_id=competitor_id,
        )


class InquiryDecision(enum.Enum):
    """Triage outcome of an inbound inquiry (step 2.3.5)."""

    PURSUE = "pursue"
    REFER = "refer"
    DECLINE = "decline"
    NEED_INFO = "need_info"


@attrs.frozen(kw_only=True)
class InquiryFollowUp:
    """One follow-up contact on an inquiry."""

    by: str = attrs.field(validator=identifier)
    on: dt.date
    note: str = attrs.field(validator=non_empty)


@attrs.frozen(kw_only=True)
class InquiryOutcome:
    """The marketing lead's triage of an inquiry and its follow-up (step 2.3.5).

    Only an inquiry that fits the strategy is served further: ``PURSUE`` with
    ``fits_strategy=False`` is rejected, and ``PURSUE`` needs an ``owner_id``.

    Examples
    --------
    >>> import datetime as dt
    >>> out = InquiryOutcome(inquiry_id="inq-7", decision=InquiryDecision.PURSUE,
    ...                      decided_by="p-mkt", decided_on=dt.date(2027, 2, 3),
    ...                      fits_strategy=True, owner_id="p-am02",
    ...                      follow_up_due=dt.date(2027, 2, 10))
    >>> out.overdue(dt.date(2027, 2, 11))
    True
    >>> out = out.follow_up("p-am02", dt.date(2027, 2, 9), "call booked with the CIO")
    >>> out.overdue(dt.date(2027, 2, 11)), out.closed
    (False, False)
    """

    inquiry_id: str = attrs.field(validator=identifier)
    decision: InquiryDecision
    decided_by: str = attrs.field(validator=identifier)
    decided_on: dt.date
    fits_strategy: bool | None = None
    reasons: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    owner_id: str | None = attrs.field(default=None, validator=optional(identifier))
    follow_up_due: dt.date | None = None
    follow_ups: tuple[InquiryFollowUp, ...] = attrs.field(default=(), converter=tuples.follow_ups)
    closed_on: dt.date | None = None
    opportunity_id: str | None = attrs.field(default=None, validator=optional(identifier))

    def __attrs_post_init__(self) -> None:
        if self.decision is InquiryDecision.PURSUE:
            if self.fits_strategy is False:
                msg = "an inquiry that does not fit the strategy is not served further"
                raise InvalidInputError(msg, field="InquiryOutcome.decision", value="pursue")
            if self.owner_id is None:
                raise MissingDataError("pursue needs an owner", field="InquiryOutcome.owner_id")
        if self.follow_up_due is not None and self.follow_up_due < self.decided_on:
            raise InvalidInputError("due before the decision", field="InquiryOutcome.follow_up_due")
        last = self.decided_on
        for i, f in enumerate(self.follow_ups):
            if f.on < last:
                msg = f"follow-ups must be dated in order, not before {last}"
                raise InvalidInputError(msg, field=f"InquiryOutcome.follow_ups[{i}].on")
            last = f.on
        if self.closed_on is not None and self.closed_on < last:
            msg = "closed before the last event"
            raise InvalidInputError(msg, field="InquiryOutcome.closed_on")

    @property
    def closed(self) -> bool:
        """True once closed."""
        return self.closed_on is not None

    def overdue(self, on: dt.date) -> bool:
        """Open, due before ``on``, and no follow-up recorded yet."""
        due = self.follow_up_due
        return not self.closed and due is not None and due < on and not self.follow_ups

    def follow_up(self, by: str, on: dt.date, note: str) -> InquiryOutcome:
        """Append a follow-up contact (a new record; raises once closed)."""
        if self.closed:
            raise LifecycleError(
                f"inquiry {self.inquiry_id}", state="closed", transition="follow_up"
            )
        entry = InquiryFollowUp(by=by, on=on, note=note)
        return attrs.evolve(self, follow_ups=(*self.follow_ups, entry))

    def close(self, on: dt.date, *, opportunity_id: str | None = None) -> InquiryOutcome:
        """Close the inquiry, optionally naming the opportunity it became."""
        if self.closed:
            raise LifecycleError(f"inquiry {self.inquiry_id}", state="closed", transition="close")
        return attrs.evolve(self, closed_on=on, opportunity_id=opportunity_id)
