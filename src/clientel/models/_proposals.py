"""Proposals with their lifecycle (steps 2.5.3-2.5.7).

A proposal moves through an explicit state machine::

    drafting --submit_for_review--> in_review --approve--> approved --submit--> submitted
    in_review --reject--> drafting
    submitted/negotiating --negotiate--> negotiating
    submitted/negotiating --win--> won  |  --lose--> lost
    any open state --withdraw--> withdrawn

Every transition is a method that returns a new proposal with the event appended
to ``history`` (who, in which role, on which date, what). An illegal transition
raises :class:`~clientel.errors.LifecycleError`. The checks of *who* may act run
on every event, in the transition methods and again in :meth:`Proposal.replay`:
the lead never reviews their own proposal, nobody approves their own discount,
and with an :class:`AuthorityCheck` (the delegation-of-authority matrix of
:class:`clientel.workflow.ProposalAuthority`) every approval and negotiation
round is checked against the approvers' authority. Events of schema-1 documents
are *legacy*: replayed, never re-checked.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from clientel._internal import tuples
from clientel._internal.display import TableDisplay
from clientel._internal.validators import (
    frozen_mapping,
    identifier,
    non_empty,
    optional,
    str_tuple,
)
from clientel.errors import AuthorityError, CurrencyMismatchError, InvalidInputError, LifecycleError
from clientel.models._approvals import ApprovalRecord
from clientel.models._bidding import PaymentTerm, ProposalReview, check_terms
from clientel.models._events import AuthorityCheck, LossReason, NegotiationRound, ProposalEvent
from clientel.models._money import Money
from clientel.models._money_checks import money_at_least_zero
from clientel.models._quote_lines import QuoteLine
from clientel.models._quotes import Quote, whole_number

__all__ = ["PROPOSAL_TRANSITIONS", "Proposal", "ProposalState"]


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
_CHECKED: Final = frozenset({"approve", "negotiate"})


def _stamped(records: Iterable[ApprovalRecord], quote: Quote) -> tuple[ApprovalRecord, ...]:
    """The records, each with the quote it decided on (``quote`` where none is given)."""
    return tuple(r if r.quote is not None else attrs.evolve(r, quote=quote) for r in records)


@attrs.frozen(kw_only=True, repr=False)
class Proposal(TableDisplay):
    """A client-specific proposal and its lifecycle (steps 2.5.3-2.5.7).

    Parameters
    ----------
    rfp_id, client_id : str
        What it answers and for whom.
    lead_id : str
        The proposal lead; ``contributors`` write parts of it (2.5.3).
    lead_role : str, optional
        The role the lead prepares the quote in (``"account_manager"``): the
        requester of its approvals (2.5.5).
    deadline : datetime.date
        Internal deadline.
    price : Money
        The quoted price; negotiation rounds record later prices.
    list_price, cost, floor : Money, optional
        What the authority matrix judges the price against (step 2.5.4): the
        list price (without it the quoted price stands for list), the cost and
        the price band's floor.
    payment_days : int, optional
        Days the client has to pay; ``clauses`` maps non-standard clause ids to
        their wording.
    lines : tuple of QuoteLine
        The quote's lines (products, services, bundles; step 2.5.4). With
        lines, ``price`` is their total and ``list_price`` and ``cost`` (when
        given) theirs; without, the proposal quotes a single value.
    number : str, optional
        Proposal number from the numbering system (2.5 success factor).
    structure : tuple of str
        Section titles; ``commercial_part`` and ``technical_part`` summarise the two halves.
    follow_up_owner_id : str, optional
        Who records the outcome (2.5.7).
    reviewer_id : str, optional
        The named internal reviewer (2.5.5); when set, only they may approve or
        reject; without one, anyone but the lead may.
    business_type, start_on, end_on, payment_terms : optional
        What the contract inherits (2.6.2): the kind of work (picks the template),
        the term, and the payments asked for (relative weights with due dates).

    Examples
    --------
    >>> import datetime as dt
    >>> p = Proposal(id="pr-1", rfp_id="rfp-1", client_id="c-1", lead_id="p-am01",
    ...              deadline=dt.date(2027, 2, 1), price=Money("480000", "EUR"))
    >>> day = dt.date(2027, 1, 20)
    >>> p = p.submit_for_review("p-am01", day)
    >>> p.approve("p-am01", day)
    Traceback (most recent call last):
    ...
    clientel.errors.AuthorityError: by: the lead does not review their own proposal pr-1 ...
    >>> p = p.approve("p-gm", day).submit("p-am01", day)
    >>> p.state.value, p.allowed()
    ('submitted', ('lose', 'negotiate', 'win', 'withdraw'))
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
    lead_role: str | None = attrs.field(default=None, validator=optional(identifier))
    list_price: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    cost: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    floor: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    payment_days: int | None = attrs.field(default=None, validator=optional(whole_number))
    clauses: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping)
    lines: tuple[QuoteLine, ...] = attrs.field(default=(), converter=tuples.lines)

    _display_title = "Proposal"

    def __attrs_post_init__(self) -> None:
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise InvalidInputError("ends before it starts", field="Proposal.end_on")
        check_terms(self.payment_terms, "Proposal.payment_terms")
        if self.state is _S.LOST and self.loss_reason is None:
            raise InvalidInputError("a lost proposal needs a reason", field="Proposal.loss_reason")
        for name in ("list_price", "cost", "floor"):
            other = getattr(self, name)
            if other is not None and other.currency != self.price.currency:
                msg = f"expected {self.price.currency} like the price, got {other.currency}"
                raise CurrencyMismatchError(msg, field=f"Proposal.{name}")
        if self.lines:
            self._check_lines()
        self._check_history()

    def _check_lines(self) -> None:
        """With lines: the price, list price and cost are the lines' totals."""
        quote = self._lined()
        for name in ("price", "list_price", "cost"):
            mine, theirs = getattr(self, name), getattr(quote, name)
            if (mine is not None or name == "price") and mine != theirs:
                msg = f"expected the lines' total {theirs}"
                raise InvalidInputError(msg, field=f"Proposal.{name}", value=str(mine))

    def _lined(self) -> Quote:
        return Quote(lines=self.lines, floor=self.floor, payment_days=self.payment_days,
                     clauses=self.clauses, business_type=self.business_type)  # fmt: skip

    def __repr__(self) -> str:
        return (
            f"<Proposal {self.id} {self.state.value}: {self.current_price}, "
            f"{len(self.history)} events, {len(self.rounds)} rounds>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per event of the history, oldest first."""
        return [row for event in self.history for row in event.to_records()]

    @property
    def reviews(self) -> tuple[ProposalReview, ...]:
        """The internal reviews recorded with approvals and rejections, oldest first."""
        return tuple(e.review for e in self.history if e.review is not None)

    @property
    def approvals(self) -> tuple[ApprovalRecord, ...]:
        """Every approval record of the history (quote approvals and rounds), oldest first."""
        return tuple(r for e in self.history for r in e.approvals)

    @property
    def current_price(self) -> Money:
        """The latest agreed price: the last negotiation round's, else the quoted price."""
        return self.rounds[-1].price if self.rounds else self.price

    @property
    def is_closed(self) -> bool:
        """Won, lost or withdrawn."""
        return self.state in {_S.WON, _S.LOST, _S.WITHDRAWN}

    def quote(self, price: Money | None = None) -> Quote:
        """The quote the authority matrix judges, at ``price`` (default: the current price).

        A proposal with lines quotes them; a price other than theirs (a
        negotiation round) is spread over them (:meth:`Quote.at`). A proposal
        without lines quotes a single value (:meth:`Quote.single`).

        Raises
        ------
        InvalidInputError
            A zero price or list price (nothing to measure a discount against).

        Examples
        --------
        >>> import datetime as dt
        >>> p = Proposal(id="pr-1", rfp_id="rfp-1", client_id="c-1", lead_id="p-am01",
        ...              deadline=dt.date(2027, 2, 1), price=Money("90000", "EUR"),
        ...              list_price=Money("100000", "EUR"))
        >>> p.quote(Money("85500", "EUR")).discount
        Decimal('0.145')
        """
        at = self.current_price if price is None else price
        if self.lines:
            return self._lined().at(at)
        return Quote.single(
            list_price=self.list_price or self.price,
            price=at,
            cost=self.cost,
            floor=self.floor,
            payment_days=self.payment_days,
            clauses=self.clauses,
            business_type=self.business_type,
        )

    def allowed(self) -> tuple[str, ...]:
        """Transitions allowed from the current state, sorted."""
        return tuple(sorted(t for (s, t) in PROPOSAL_TRANSITIONS if s is self.state))

    # -- checks and application ---------------------------------------------------------------
    def _check_people(self, event: ProposalEvent) -> None:
        """Who may act: the engine-free rules (the reviewer, no self-approval)."""
        if event.action in {"approve", "reject"}:
            named = self.reviewer_id
            if named is not None and event.by != named:
                msg = f"only the named reviewer {named} may {event.action} proposal {self.id}"
                raise AuthorityError(msg, field="by", value=event.by)
            if event.by == self.lead_id:
                msg = f"the lead does not review their own proposal {self.id}"
                raise AuthorityError(msg, field="by", value=event.by)
            review = event.review
            if review is not None and review.reviewer_id != event.by:
                msg = f"the review is by {review.reviewer_id}, not {event.by}"
                raise InvalidInputError(msg, field="review.reviewer_id")
            if review is not None and event.action == "approve" and not review.passed:
                msg = f"failed {list(review.failed)}, not judged {list(review.missing)}"
                raise InvalidInputError(msg, field="review.results")
        requester = event.by if event.action == "negotiate" else self.lead_id
        for i, record in enumerate(event.approvals):
            if requester in {record.by, record.on_behalf_of}:
                msg = (
                    f"nobody approves their own {'discount' if requester == event.by else 'quote'}"
                )
                raise AuthorityError(msg, field=f"approvals[{i}].by", value=record.by)
            if record.on > event.on:
                msg = f"dated {record.on}, after the {event.action} on {event.on}"
                raise InvalidInputError(msg, field=f"approvals[{i}].on")

    def _step(self, event: ProposalEvent, state: ProposalState, rounds: int) -> dict[str, Any]:
        """What ``event`` changes when the proposal is in ``state`` after ``rounds`` rounds.

        The engine-free rules of one step: the transition is allowed, a round
        has a price in the proposal's currency, a loss has a reason, and (for
        events that are not legacy) who may act. Shared by the transitions,
        :meth:`replay` and the check of a proposal as built or loaded.
        """
        target = PROPOSAL_TRANSITIONS.get((state, event.action))
        if target is None:
            raise LifecycleError(f"proposal {self.id}", state=state.value, transition=event.action)
        if event.action == "negotiate" and (
            event.price is None or event.price.currency != self.price.currency
        ):
            msg = f"a negotiation round needs a price in {self.price.currency}"
            raise InvalidInputError(msg, field="price")
        if event.action == "lose" and event.reason is None:
            raise InvalidInputError("a loss needs a reason", field="reason")
        if not event.legacy:
            self._check_people(event)
        changes: dict[str, Any] = {"state": target}
        if event.action == "negotiate" and event.price is not None:  # a price is checked above
            changes["round"] = NegotiationRound(
                number=rounds + 1,
                price=event.price,
                agreed_by=event.by,
                role=event.role,
                on=event.on,
                approvals=event.approvals,
            )
        if event.action in {"win", "lose", "withdraw"}:
            changes["outcome_note"] = event.note
        if event.action == "lose":
            changes["loss_reason"] = event.reason
        return changes

    def _apply(self, event: ProposalEvent, authority: AuthorityCheck | None = None) -> Proposal:
        changes = self._step(event, self.state, len(self.rounds))
        last = self.history[-1] if self.history else None
        if last is not None and event.on < last.on:
            msg = f"the {event.action} is dated before the {last.action} on {last.on}"
            raise InvalidInputError(msg, field="on", value=str(event.on))
        if not event.legacy and authority is not None and event.action in _CHECKED:
            authority(self, event)
        new_round = changes.pop("round", None)
        if new_round is not None:
            changes["rounds"] = (*self.rounds, new_round)
        return attrs.evolve(self, history=(*self.history, event), **changes)

    def _check_history(self) -> None:
        """The recorded state and figures are what the history replays to (a tampered document).

        Events in date order, each allowed at its point and by whom (engine-free
        rules; :func:`clientel.workflow.verify` adds the authority matrix), and
        ``state``, ``rounds``, ``loss_reason`` and ``outcome_note`` equal to the
        replay's.
        """
        walked: dict[str, Any] = {
            "state": _S.DRAFTING,
            "rounds": (),
            "loss_reason": None,
            "outcome_note": "",
        }
        for i, event in enumerate(self.history):
            if i and event.on < self.history[i - 1].on:
                before = self.history[i - 1]
                msg = f"{event.action} dated {event.on}, before the {before.action} on {before.on}"
                raise InvalidInputError(msg, field=f"Proposal.history[{i}].on")
            try:
                changes = self._step(event, walked["state"], len(walked["rounds"]))
            except (InvalidInputError, LifecycleError, AuthorityError) as exc:
                name = type(exc).__name__
                msg = f"the {event.action} by {event.by} on {event.on} is refused ({name}: {exc})"
                raise InvalidInputError(msg, field=f"Proposal.history[{i}]") from exc
            new_round = changes.pop("round", None)
            if new_round is not None:
                changes["rounds"] = (*walked["rounds"], new_round)
            walked.update(changes)
        for name, value in walked.items():
            if getattr(self, name) != value:
                shown = value.value if isinstance(value, enum.Enum) else value
                msg = f"the history replays to {shown!r}, not to what is recorded"
                recorded = getattr(self, name)
                if isinstance(recorded, enum.Enum):
                    raise InvalidInputError(msg, field=f"Proposal.{name}", value=recorded.value)
                raise InvalidInputError(msg, field=f"Proposal.{name}")

    # -- transitions --------------------------------------------------------------------------
    def submit_for_review(self, by: str, on: dt.date, note: str = "") -> Proposal:
        """Hand the draft to the internal reviewer (2.5.5)."""
        return self._apply(ProposalEvent(action="submit_for_review", by=by, on=on, note=note))

    def approve(
        self,
        by: str,
        on: dt.date,
        note: str = "",
        *,
        review: ProposalReview | None = None,
        approvals: Iterable[ApprovalRecord] = (),
        authority: AuthorityCheck | None = None,
    ) -> Proposal:
        """Internal approval against technical, financial and delivery criteria (2.5.5).

        Parameters
        ----------
        by : str
            The reviewer: the named ``reviewer_id``, or anyone but the lead.
        review : ProposalReview, optional
            The reviewer's verdict per criterion; must pass.
        approvals : iterable of ApprovalRecord
            The quote's approvals under the authority matrix (each is stamped
            with the quote it decided on).
        authority : AuthorityCheck, optional
            Checks that the approvals cover the quote (see
            :class:`clientel.workflow.ProposalAuthority`). A priced proposal
            (one with a ``list_price``) is approved only with one.

        Raises
        ------
        AuthorityError
            ``by`` is not the named reviewer, or is the lead; an approval by the
            lead; a priced proposal without an authority; approvals that do not
            cover the quote.
        InvalidInputError
            ``review`` is by someone else, or did not pass every criterion.
        """
        if authority is None and (self.list_price is not None or self.lines):
            msg = f"{self.id} has a list price: approve it with an authority (the DoA matrix)"
            raise AuthorityError(msg, field="authority")
        event = ProposalEvent(
            action="approve",
            by=by,
            on=on,
            note=note,
            review=review,
            approvals=_stamped(approvals, self.quote()),
        )
        return self._apply(event, authority)

    def reject(
        self, by: str, on: dt.date, note: str = "", *, review: ProposalReview | None = None
    ) -> Proposal:
        """Send back to drafting with the reviewer's note and review (2.5.5)."""
        return self._apply(ProposalEvent(action="reject", by=by, on=on, note=note, review=review))

    def submit(self, by: str, on: dt.date, note: str = "") -> Proposal:
        """Submit to the client (2.5.6)."""
        return self._apply(ProposalEvent(action="submit", by=by, on=on, note=note))

    def negotiate(
        self,
        price: Money,
        by: str,
        on: dt.date,
        *,
        authority: AuthorityCheck,
        role: str | None = None,
        approvals: Iterable[ApprovalRecord] = (),
        note: str = "",
    ) -> Proposal:
        """Record a negotiation round at ``price`` agreed by ``by`` (2.5.6).

        Parameters
        ----------
        price : Money
            The price agreed in this round, in the proposal's currency.
        by, role : str
            The negotiator and the role they negotiate in (default: the lead's
            ``lead_role`` when the lead negotiates).
        authority : AuthorityCheck
            Checks the round: the negotiator's own authority, the cumulative
            discount off list, the band floor and the approvals (see
            :class:`clientel.workflow.ProposalAuthority`).
        approvals : iterable of ApprovalRecord
            Approvals for this round beyond the negotiator's authority; earlier
            approvals of the quote count as long as the quote is no worse.

        Raises
        ------
        AuthorityError
            The round is beyond authority (the message names the role, its
            limit and the amount), or someone approves their own discount.
        """
        if price.currency != self.price.currency:
            msg = f"a negotiation round needs a price in {self.price.currency}"
            raise InvalidInputError(msg, field="price", value=str(price))
        if role is None and by == self.lead_id:
            role = self.lead_role
        event = ProposalEvent(
            action="negotiate",
            by=by,
            on=on,
            role=role,
            price=price,
            note=note,
            approvals=_stamped(approvals, self.quote(price)),
        )
        return self._apply(event, authority)

    def win(self, by: str, on: dt.date, note: str = "") -> Proposal:
        """Record the win (2.5.7)."""
        return self._apply(ProposalEvent(action="win", by=by, on=on, note=note))

    def lose(self, by: str, on: dt.date, reason: LossReason, note: str = "") -> Proposal:
        """Record the loss with a reason from the controlled list plus free text (2.5.7)."""
        return self._apply(ProposalEvent(action="lose", by=by, on=on, reason=reason, note=note))

    def withdraw(self, by: str, on: dt.date, note: str = "") -> Proposal:
        """Withdraw from the bid."""
        return self._apply(ProposalEvent(action="withdraw", by=by, on=on, note=note))

    def replay(
        self,
        history: Iterable[ProposalEvent] | None = None,
        *,
        authority: AuthorityCheck | None = None,
    ) -> Proposal:
        """Rebuild the proposal from ``history`` (default: its own), starting from a fresh draft.

        Every event is checked again as it is applied: who may act, and, with
        ``authority``, every approval and negotiation round against the matrix,
        so a history edited outside clientel is refused where it goes beyond
        authority. Legacy events (schema 1) are replayed without checks.

        Raises
        ------
        LifecycleError
            An event the state machine does not allow at that point.
        AuthorityError
            An event beyond authority (see :meth:`approve` and :meth:`negotiate`).
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
            fresh = fresh._apply(event, authority)
        return fresh
