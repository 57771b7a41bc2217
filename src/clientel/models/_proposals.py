"""Proposals with their lifecycle (steps 2.5.3-2.5.7).

A proposal moves through an explicit state machine::

    drafting --submit_for_review--> in_review --approve--> approved --submit--> submitted
    in_review --reject--> drafting
    submitted/negotiating --negotiate--> negotiating
    submitted/negotiating --win--> won  |  --lose--> lost
    any open state --withdraw--> withdrawn

Every transition is a method that returns a new proposal with the event appended
to ``history`` (who, on which date, what). An illegal transition raises
:class:`~clientel.errors.LifecycleError`. :meth:`Proposal.replay` rebuilds a
proposal from its history. Checks of *who* may act (the named reviewer, the
negotiator's authority) run in the transition methods, not on replay: a history
records what was allowed when it happened.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs

from clientel._internal import tuples
from clientel._internal.validators import at_least, identifier, non_empty, optional, str_tuple
from clientel.errors import AuthorityError, InvalidInputError, LifecycleError
from clientel.models._bidding import PaymentTerm, ProposalReview, check_terms
from clientel.models._money import Money
from clientel.models._money_checks import money_at_least_zero

__all__ = [
    "PROPOSAL_TRANSITIONS",
    "AuthorityCheck",
    "LossReason",
    "NegotiationRound",
    "Proposal",
    "ProposalEvent",
    "ProposalState",
]

#: ``authority(quoted, price, person) -> bool``: may ``person`` agree ``price`` alone?
AuthorityCheck = Callable[[Money, Money, str], bool]


class ProposalState(enum.Enum):
    """States of the proposal lifecycle."""

    DRAFTING = "drafting"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    SUBMITTED = "submitted"
    NEGOTIATING = "negotiating"
    WON = "won"
    LOST = "lost"
    WITHDRAWN = "withdrawn"


class LossReason(enum.Enum):
    """Controlled list of reasons a proposal was lost (step 2.5.7)."""

    PRICE = "price"
    SCOPE_FIT = "scope_fit"
    RELATIONSHIP = "relationship"
    COMPETITOR_INCUMBENT = "competitor_incumbent"
    TIMING = "timing"
    NO_DECISION = "no_decision"
    OTHER = "other"


_S = ProposalState
#: (state, transition) -> new state: the whole lifecycle in one read-only table.
PROPOSAL_TRANSITIONS: Final[Mapping[tuple[ProposalState, str], ProposalState]] = MappingProxyType(
    {
        (_S.DRAFTING, "submit_for_review"): _S.IN_REVIEW,
        (_S.IN_REVIEW, "approve"): _S.APPROVED,
        (_S.IN_REVIEW, "reject"): _S.DRAFTING,
        (_S.APPROVED, "submit"): _S.SUBMITTED,
        (_S.SUBMITTED, "negotiate"): _S.NEGOTIATING,
        (_S.NEGOTIATING, "negotiate"): _S.NEGOTIATING,
        (_S.SUBMITTED, "win"): _S.WON,
        (_S.NEGOTIATING, "win"): _S.WON,
        (_S.SUBMITTED, "lose"): _S.LOST,
        (_S.NEGOTIATING, "lose"): _S.LOST,
        **{(s, "withdraw"): _S.WITHDRAWN for s in _S if s not in {_S.WON, _S.LOST, _S.WITHDRAWN}},
    }
)


@attrs.frozen(kw_only=True)
class ProposalEvent:
    """One step of a proposal's history: who did what on which date."""

    action: str = attrs.field(validator=non_empty)
    by: str = attrs.field(validator=identifier)
    on: dt.date
    price: Money | None = None
    reason: LossReason | None = None
    approved_by: str | None = attrs.field(default=None, validator=optional(identifier))
    review: ProposalReview | None = None
    note: str = ""


@attrs.frozen(kw_only=True)
class NegotiationRound:
    """A negotiation round: the price agreed, by whom, and who approved beyond authority."""

    number: int = attrs.field(validator=at_least(1))
    price: Money = attrs.field(validator=money_at_least_zero)
    agreed_by: str = attrs.field(validator=identifier)
    on: dt.date
    approved_by: str | None = attrs.field(default=None, validator=optional(identifier))


@attrs.frozen(kw_only=True)
class Proposal:
    """A client-specific proposal and its lifecycle (steps 2.5.3-2.5.7).

    Parameters
    ----------
    rfp_id, client_id : str
        What it answers and for whom.
    lead_id : str
        The proposal lead; ``contributors`` write parts of it (2.5.3).
    deadline : datetime.date
        Internal deadline.
    price : Money
        The quoted price; negotiation rounds record later prices.
    number : str, optional
        Proposal number from the numbering system (2.5 success factor).
    structure : tuple of str
        Section titles; ``commercial_part`` and ``technical_part`` summarise the two halves.
    follow_up_owner_id : str, optional
        Who records the outcome (2.5.7).
    reviewer_id : str, optional
        The named internal reviewer (2.5.5); when set, only they may approve or reject.
    business_type, start_on, end_on, payment_terms : optional
        What the contract inherits (2.6.2): the kind of work (picks the template),
        the term, and the payments asked for (relative weights with due dates).

    Examples
    --------
    >>> import datetime as dt
    >>> p = Proposal(id="pr-1", rfp_id="rfp-1", client_id="c-1", lead_id="p-am01",
    ...              deadline=dt.date(2027, 2, 1), price=Money("480000", "EUR"))
    >>> day = dt.date(2027, 1, 20)
    >>> p = p.submit_for_review("p-am01", day).approve("p-gm", day).submit("p-am01", day)
    >>> p = p.negotiate(Money("456000", "EUR"), "p-am01", day, max_discount=0.05)
    >>> p.win("p-am01", day).state, p.current_price
    (<ProposalState.WON: 'won'>, Money('456000', 'EUR'))
    >>> p.replay() == p
    True
    """

    id: str = attrs.field(validator=identifier)
    rfp_id: str = attrs.field(validator=identifier)
    client_id: str = attrs.field(validator=identifier)
    lead_id: str = attrs.field(validator=identifier)
    deadline: dt.date
    price: Money = attrs.field(validator=money_at_least_zero)
    number: str | None = None
    contributors: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    structure: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    commercial_part: str = ""
    technical_part: str = ""
    reviewer_id: str | None = attrs.field(default=None, validator=optional(identifier))
    follow_up_owner_id: str | None = attrs.field(default=None, validator=optional(identifier))
    state: ProposalState = ProposalState.DRAFTING
    history: tuple[ProposalEvent, ...] = attrs.field(default=(), converter=tuples.events)
    rounds: tuple[NegotiationRound, ...] = attrs.field(default=(), converter=tuples.rounds)
    loss_reason: LossReason | None = None
    outcome_note: str = ""
    business_type: str | None = attrs.field(default=None, validator=optional(non_empty))
    start_on: dt.date | None = None
    end_on: dt.date | None = None
    payment_terms: tuple[PaymentTerm, ...] = attrs.field(default=(), converter=tuples.terms)

    def __attrs_post_init__(self) -> None:
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise InvalidInputError("ends before it starts", field="Proposal.end_on")
        check_terms(self.payment_terms, "Proposal.payment_terms")
        if self.state is _S.LOST and self.loss_reason is None:
            raise InvalidInputError("a lost proposal needs a reason", field="Proposal.loss_reason")

    @property
    def reviews(self) -> tuple[ProposalReview, ...]:
        """The internal reviews recorded with approvals and rejections, oldest first."""
        return tuple(e.review for e in self.history if e.review is not None)

    @property
    def current_price(self) -> Money:
        """The latest agreed price: the last negotiation round's, else the quoted price."""
        return self.rounds[-1].price if self.rounds else self.price

    @property
    def is_closed(self) -> bool:
        """Won, lost or withdrawn."""
        return self.state in {_S.WON, _S.LOST, _S.WITHDRAWN}

    def allowed(self) -> tuple[str, ...]:
        """Transitions allowed from the current state, sorted."""
        return tuple(sorted(t for (s, t) in PROPOSAL_TRANSITIONS if s is self.state))

    def _apply(self, event: ProposalEvent) -> Proposal:
        target = PROPOSAL_TRANSITIONS.get((self.state, event.action))
        if target is None:
            raise LifecycleError(
                f"proposal {self.id}", state=self.state.value, transition=event.action
            )
        changes: dict[str, Any] = {"state": target, "history": (*self.history, event)}
        if event.action == "negotiate":
            if event.price is None or event.price.currency != self.price.currency:
                raise InvalidInputError(
                    f"a negotiation round needs a price in {self.price.currency}",
                    field="price",
                )
            changes["rounds"] = (
                *self.rounds,
                NegotiationRound(
                    number=len(self.rounds) + 1,
                    price=event.price,
                    agreed_by=event.by,
                    on=event.on,
                    approved_by=event.approved_by,
                ),
            )
        if event.action in {"win", "lose", "withdraw"}:
            changes["outcome_note"] = event.note
        if event.action == "lose":
            if event.reason is None:
                raise InvalidInputError("a loss needs a reason", field="reason")
            changes["loss_reason"] = event.reason
        return attrs.evolve(self, **changes)

    def _reviewed(
        self, action: str, by: str, on: dt.date, note: str, review: ProposalReview | None
    ) -> Proposal:
        if self.reviewer_id is not None and by != self.reviewer_id:
            msg = f"only the named reviewer {self.reviewer_id} may {action} proposal {self.id}"
            raise AuthorityError(msg, field="by", value=by)
        if review is not None:
            if review.reviewer_id != by:
                msg = f"the review is by {review.reviewer_id}, not {by}"
                raise InvalidInputError(msg, field="review.reviewer_id")
            if action == "approve" and not review.passed:
                msg = f"failed {list(review.failed)}, not judged {list(review.missing)}"
                raise InvalidInputError(msg, field="review.results")
        event = ProposalEvent(action=action, by=by, on=on, note=note, review=review)
        return self._apply(event)

    # -- transitions ------------------------------------------------------------------------
    def submit_for_review(self, by: str, on: dt.date, note: str = "") -> Proposal:
        """Hand the draft to the internal reviewer (2.5.5)."""
        return self._apply(ProposalEvent(action="submit_for_review", by=by, on=on, note=note))

    def approve(
        self, by: str, on: dt.date, note: str = "", *, review: ProposalReview | None = None
    ) -> Proposal:
        """Internal approval against technical, financial and delivery criteria (2.5.5).

        Raises
        ------
        AuthorityError
            ``by`` is not the named ``reviewer_id``.
        InvalidInputError
            ``review`` is by someone else, or did not pass every criterion.
        """
        return self._reviewed("approve", by, on, note, review)

    def reject(
        self, by: str, on: dt.date, note: str = "", *, review: ProposalReview | None = None
    ) -> Proposal:
        """Send back to drafting with the reviewer's note and review (2.5.5)."""
        return self._reviewed("reject", by, on, note, review)

    def submit(self, by: str, on: dt.date, note: str = "") -> Proposal:
        """Submit to the client (2.5.6)."""
        return self._apply(ProposalEvent(action="submit", by=by, on=on, note=note))

    def negotiate(
        self,
        price: Money,
        by: str,
        on: dt.date,
        *,
        max_discount: float | None = None,
        approved_by: str | None = None,
        authority: AuthorityCheck | None = None,
    ) -> Proposal:
        """Record a negotiation round at ``price`` agreed by ``by`` (2.5.6).

        Parameters
        ----------
        max_discount : float, optional
            The negotiator's authority: the largest discount off the quoted
            price (fraction) they may agree alone. Beyond it, ``approved_by``
            must name the higher approver, else :class:`AuthorityError`.
        authority : callable, optional
            A pluggable check ``authority(quoted, price, person) -> bool``, e.g.
            a :class:`NegotiationAuthority`. When ``by`` may not agree ``price``
            alone, ``approved_by`` must name someone who may.

        Raises
        ------
        AuthorityError
            The round is beyond the negotiator's authority and no (sufficient)
            higher approver is named.
        """
        if authority is not None and not authority(self.price, price, by):
            if approved_by is None:
                msg = f"{price} is beyond {by}'s authority: a higher approver must agree"
                raise AuthorityError(msg, field="approved_by")
            if not authority(self.price, price, approved_by):
                msg = f"{price} is beyond the authority of the approver {approved_by} too"
                raise AuthorityError(msg, field="approved_by", value=approved_by)
        if max_discount is not None and self.price.amount > 0:
            discount = 1 - price.amount / self.price.amount
            if discount > Decimal(str(max_discount)) and approved_by is None:
                msg = (
                    f"{by} may concede at most {max_discount:.1%} off {self.price}, "
                    f"this round concedes {float(discount):.1%}: a higher approver must agree"
                )
                raise AuthorityError(msg, field="approved_by")
        event = ProposalEvent(
            action="negotiate", by=by, on=on, price=price, approved_by=approved_by
        )
        return self._apply(event)

    def win(self, by: str, on: dt.date, note: str = "") -> Proposal:
        """Record the win (2.5.7)."""
        return self._apply(ProposalEvent(action="win", by=by, on=on, note=note))

    def lose(self, by: str, on: dt.date, reason: LossReason, note: str = "") -> Proposal:
        """Record the loss with a reason from the controlled list plus free text (2.5.7)."""
        return self._apply(ProposalEvent(action="lose", by=by, on=on, reason=reason, note=note))

    def withdraw(self, by: str, on: dt.date, note: str = "") -> Proposal:
        """Withdraw from the bid."""
        return self._apply(ProposalEvent(action="withdraw", by=by, on=on, note=note))

    def replay(self, history: Iterable[ProposalEvent] | None = None) -> Proposal:
        """Rebuild the proposal from ``history`` (default: its own), starting from a fresh draft.

        Raises
        ------
        LifecycleError
            An event the state machine does not allow at that point.
        """
        events = self.history if history is None else tuple(history)
        fresh = attrs.evolve(
            self,
            state=_S.DRAFTING,
            history=(),
            rounds=(),
            loss_reason=None,
            outcome_note="",
        )
        for event in events:
            fresh = fresh._apply(event)
        return fresh
