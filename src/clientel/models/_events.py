"""What happens to a proposal: events, negotiation rounds, and the authority check protocol.

A :class:`ProposalEvent` records one transition of a proposal (who, in which role,
when, at which price, with which approvals). A :class:`NegotiationRound` is the
record of one ``negotiate`` event. :class:`AuthorityCheck` is what a proposal asks
before an approval or a round: :class:`clientel.workflow.ProposalAuthority`
implements it with the delegation-of-authority matrix, so this module depends on
nothing outside :mod:`clientel.models`.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from clientel._internal import tuples
from clientel._internal.display import TableDisplay, first_items
from clientel._internal.validators import at_least, identifier, non_empty, optional
from clientel.models._approvals import ApprovalRecord
from clientel.models._bidding import ProposalReview
from clientel.models._money import Money
from clientel.models._money_checks import money_at_least_zero

if TYPE_CHECKING:
    from clientel.models._proposals import Proposal

__all__ = ["AuthorityCheck", "LossReason", "NegotiationRound", "ProposalEvent"]


class LossReason(enum.Enum):
    """Controlled list of reasons a proposal was lost (step 2.5.7)."""

    PRICE = "price"
    SCOPE_FIT = "scope_fit"
    RELATIONSHIP = "relationship"
    COMPETITOR_INCUMBENT = "competitor_incumbent"
    TIMING = "timing"
    NO_DECISION = "no_decision"
    OTHER = "other"


def _who(approvals: tuple[ApprovalRecord, ...]) -> str:
    return first_items([a.by for a in approvals]) if approvals else "-"


@attrs.frozen(kw_only=True, repr=False)
class ProposalEvent(TableDisplay):
    """One step of a proposal's history: who did what, in which role, on which date.

    Parameters
    ----------
    action : str
        The transition (``"approve"``, ``"negotiate"``, ...).
    by, role : str
        The person who acted and the role they acted in (``role`` may be None
        where no authority is involved).
    approvals : tuple of ApprovalRecord
        The approvals given for this step (step 2.5.5 quote approvals on
        ``approve``, a round's approvals on ``negotiate``).
    legacy : bool
        An event from a schema-1 document: replayed, never re-checked.
    """

    action: str = attrs.field(validator=non_empty)
    by: str = attrs.field(validator=identifier)
    on: dt.date
    role: str | None = attrs.field(default=None, validator=optional(identifier))
    price: Money | None = None
    reason: LossReason | None = None
    approvals: tuple[ApprovalRecord, ...] = attrs.field(default=(), converter=tuples.records)
    review: ProposalReview | None = None
    note: str = ""
    legacy: bool = False

    _display_title = "Proposal event"

    def __repr__(self) -> str:
        price = "" if self.price is None else f" at {self.price}"
        return f"<ProposalEvent {self.action} by {self.by} {self.on}{price}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: action, person, role, date, price, approvers, note."""
        return [
            {
                "action": self.action,
                "by": self.by,
                "role": self.role,
                "on": self.on,
                "price": None if self.price is None else str(self.price),
                "approved_by": _who(self.approvals),
                "note": self.note,
                "legacy": self.legacy,
            }
        ]


@attrs.frozen(kw_only=True, repr=False)
class NegotiationRound(TableDisplay):
    """A negotiation round: the price agreed, by whom in which role, and its approvals."""

    number: int = attrs.field(validator=at_least(1))
    price: Money = attrs.field(validator=money_at_least_zero)
    agreed_by: str = attrs.field(validator=identifier)
    on: dt.date
    role: str | None = attrs.field(default=None, validator=optional(identifier))
    approvals: tuple[ApprovalRecord, ...] = attrs.field(default=(), converter=tuples.records)

    _display_title = "Negotiation round"

    def __repr__(self) -> str:
        return (
            f"<NegotiationRound {self.number} {self.price} by {self.agreed_by}, "
            f"approved by {_who(self.approvals)}>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row: round, price, negotiator, role, date, approvers."""
        return [
            {
                "round": self.number,
                "price": str(self.price),
                "agreed_by": self.agreed_by,
                "role": self.role,
                "on": self.on,
                "approved_by": _who(self.approvals),
            }
        ]


class AuthorityCheck(Protocol):
    """What a proposal asks before an approval or a negotiation round (steps 2.5.5-2.5.6).

    Called with the proposal as it is *before* ``event``; raises
    :class:`~clientel.errors.AuthorityError` when the event is beyond authority,
    returns None otherwise. :class:`clientel.workflow.ProposalAuthority` is the
    implementation backed by a delegation-of-authority matrix.
    """

    def __call__(self, proposal: Proposal, event: ProposalEvent) -> None:
        """Raise when ``event`` is beyond authority for ``proposal``."""
        ...
