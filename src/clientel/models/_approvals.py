"""Approval records: who decided, in which role, when, what and why (steps 2.5.5-2.5.6).

An :class:`ApprovalRecord` is the unit of an approval history. The records of a
quote, kept in order, replay to the same approval state; each one keeps the
quote it decided on, so that after a change only the approvers whose condition
got worse are asked again. Records of documents written before the authority
engine (schema version 1) are *legacy* records: they name who approved but not
the role, and no authority check counts or re-checks them.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from clientel._internal.display import TableDisplay
from clientel._internal.validators import identifier, optional
from clientel.errors import InvalidInputError
from clientel.models._quotes import Quote

__all__ = ["ApprovalRecord", "Decision"]


class Decision(enum.Enum):
    """An approver's decision."""

    APPROVED = "approved"
    REJECTED = "rejected"


@attrs.frozen(kw_only=True, repr=False)
class ApprovalRecord(TableDisplay):
    """One approver's decision on a quote (steps 2.5.5-2.5.6).

    Parameters
    ----------
    by : str
        The person who decided.
    role : str, optional
        The role they decided in (``"bu_gm"``); ``None`` only on a legacy record.
    on : datetime.date
        When.
    decision : Decision
        Approved (the default) or rejected.
    comment : str
        Why; kept when the quote changes and the approver is asked again.
    on_behalf_of : str, optional
        The person whose authority a delegate used (see ``Delegation`` in
        :mod:`clientel.workflow`).
    quote : Quote, optional
        The quote decided on; the authority engine fills it in when it records
        the decision.
    legacy : bool
        A record from a schema-1 document: shown, never counted.

    Examples
    --------
    >>> import datetime as dt
    >>> ApprovalRecord(by="p-gm", role="bu_gm", on=dt.date(2027, 1, 25), comment="strategic")
    <ApprovalRecord bu_gm p-gm approved 2027-01-25: strategic>
    """

    by: str = attrs.field(validator=identifier)
    role: str | None = attrs.field(default=None, validator=optional(identifier))
    on: dt.date
    decision: Decision = Decision.APPROVED
    comment: str = ""
    on_behalf_of: str | None = attrs.field(default=None, validator=optional(identifier))
    quote: Quote | None = None
    legacy: bool = False

    _display_title = "Approval record"

    def __attrs_post_init__(self) -> None:
        if self.role is None and not self.legacy:
            msg = "expected the role the approver decided in (only legacy records have none)"
            raise InvalidInputError(msg, field="ApprovalRecord.role")
        if self.on_behalf_of == self.by:
            msg = "a person does not act on their own behalf as a delegate"
            raise InvalidInputError(msg, field="ApprovalRecord.on_behalf_of", value=self.by)

    @property
    def approved(self) -> bool:
        """Whether the decision is an approval."""
        return self.decision is Decision.APPROVED

    def __repr__(self) -> str:
        role = "legacy" if self.role is None else self.role
        proxy = f" for {self.on_behalf_of}" if self.on_behalf_of else ""
        comment = f": {self.comment[:40]}" if self.comment else ""
        return f"<ApprovalRecord {role} {self.by}{proxy} {self.decision.value} {self.on}{comment}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: role, person, date, decision, comment, delegation, quote price."""
        return [
            {
                "role": self.role,
                "by": self.by,
                "on_behalf_of": self.on_behalf_of,
                "on": self.on,
                "decision": self.decision.value,
                "comment": self.comment,
                "price": None if self.quote is None else str(self.quote.price),
                "legacy": self.legacy,
            }
        ]
