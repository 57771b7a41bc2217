"""Acceptance milestones of a contract and the client's acceptances (step 2.6.6).

An :class:`AcceptanceMilestone` is a point where the client accepts a delivery
(design signed off, go-live, final acceptance); a billing instalment may name
the milestone that gates it, and no invoice for it is issued before the
client's :class:`Acceptance`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from clientel._internal.display import TableDisplay
from clientel._internal.validators import identifier, non_empty

__all__ = ["Acceptance", "AcceptanceMilestone"]


@attrs.frozen(kw_only=True, repr=False)
class AcceptanceMilestone(TableDisplay):
    """A delivery the client accepts, with the date it is planned for and its owner.

    Examples
    --------
    >>> AcceptanceMilestone(id="go-live", description="Platform live in production",
    ...                     due_on=dt.date(2027, 9, 1), owner_id="p-pd01")
    <AcceptanceMilestone go-live due 2027-09-01 (p-pd01)>
    """

    id: str = attrs.field(validator=identifier)
    description: str = attrs.field(validator=non_empty)
    due_on: dt.date
    owner_id: str = attrs.field(validator=identifier)

    _display_title = "Acceptance milestone"

    def __repr__(self) -> str:
        return f"<AcceptanceMilestone {self.id} due {self.due_on} ({self.owner_id})>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: id, due date, owner, description."""
        return [
            {
                "id": self.id,
                "due_on": self.due_on,
                "owner": self.owner_id,
                "description": self.description,
            }
        ]


@attrs.frozen(kw_only=True, repr=False)
class Acceptance(TableDisplay):
    """The client's acceptance of a milestone: who accepted it, and when."""

    milestone_id: str = attrs.field(validator=identifier)
    by: str = attrs.field(validator=identifier)
    on: dt.date
    note: str = ""

    _display_title = "Acceptance"

    def __repr__(self) -> str:
        return f"<Acceptance {self.milestone_id} by {self.by} on {self.on}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: milestone, by, on, note."""
        return [{"milestone": self.milestone_id, "by": self.by, "on": self.on, "note": self.note}]
