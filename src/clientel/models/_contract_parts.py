"""The small parts of a contract: its states, signatures and billing instalments (step 2.6)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, Final

import attrs

from clientel._internal.display import TableDisplay
from clientel._internal.validators import identifier, optional
from clientel.models._money import Money
from clientel.models._money_checks import money_at_least_zero
from clientel.models._people import Role

__all__ = ["LIVE_STATES", "ContractState", "Instalment", "Signature"]


@attrs.frozen(kw_only=True)
class Signature:
    """A signature by a person in a role (step 2.6.4).

    ``on_behalf_of`` names the person whose signing authority a delegate used
    (see ``Delegation`` in :mod:`clientel.workflow`). Signatures of schema-1
    documents are *legacy*: they were checked under the rule of that time
    (signers' limits added together) and are kept, never re-checked.
    """

    signer_id: str = attrs.field(validator=identifier)
    role: Role
    on: dt.date
    on_behalf_of: str | None = attrs.field(default=None, validator=optional(identifier))
    legacy: bool = False


@attrs.frozen(kw_only=True, repr=False)
class Instalment(TableDisplay):
    """One billing instalment: an amount due on a date (steps 2.6.2, 2.6.6).

    ``milestone`` names the acceptance milestone that gates it: no invoice for
    the instalment before the client accepts that milestone.

    Examples
    --------
    >>> Instalment(due_on=dt.date(2027, 9, 1), amount=Money("220000.00", "EUR"),
    ...            label="go-live", milestone="go-live")
    <Instalment go-live 220000.00 EUR due 2027-09-01, after acceptance of go-live>
    """

    due_on: dt.date
    amount: Money = attrs.field(validator=money_at_least_zero)
    label: str = ""
    milestone: str | None = attrs.field(default=None, validator=optional(identifier))

    _display_title = "Instalment"

    def __repr__(self) -> str:
        gate = f", after acceptance of {self.milestone}" if self.milestone else ""
        label = f" {self.label}" if self.label else ""
        return f"<Instalment{label} {self.amount} due {self.due_on}{gate}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: label, amount, due date, gating milestone."""
        return [
            {
                "label": self.label,
                "amount": str(self.amount),
                "due_on": self.due_on,
                "milestone": self.milestone,
            }
        ]


class ContractState(enum.Enum):
    """Contract lifecycle states."""

    DRAFT = "draft"
    CONFIRMED = "confirmed"
    SIGNED = "signed"
    ARCHIVED = "archived"
    HANDED_OVER = "handed_over"


#: The states of a signed contract: amendments, acceptances, fulfilments,
#: measurements and renewal notices are recorded only in these.
LIVE_STATES: Final = frozenset(
    {ContractState.SIGNED, ContractState.ARCHIVED, ContractState.HANDED_OVER}
)
