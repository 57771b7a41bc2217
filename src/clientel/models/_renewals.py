"""Renewal terms and renewal notices of a contract (steps 2.7.4-2.7.5).

A contract's first term ends on its ``end_on``; each renewal adds a term of
``term_months`` calendar months counted from that first end (term ``k`` ends on
``end_on`` plus ``k * term_months`` months, the day clamped to the month's end),
so terms never drift. A notice is due ``notice_days`` before a term ends.

* ``automatic=True``: the contract renews term after term unless a
  ``non_renewal`` notice is given by the deadline of the term it ends.
* ``automatic=False``: the contract ends with its term unless a ``renewal``
  notice (an option exercised) is given by the deadline.

A notice after the deadline is refused (:class:`~clientel.errors.DeadlineError`).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

import attrs

from clientel._internal.dates import add_months
from clientel._internal.display import TableDisplay
from clientel._internal.validators import enum_member, identifier
from clientel.models._obligations import at_least_one
from clientel.models._quotes import whole_number

__all__ = ["NoticeKind", "RenewalNotice", "RenewalTerms"]


class NoticeKind(enum.Enum):
    """What a renewal notice says: end the contract (automatic renewal) or renew it (option)."""

    NON_RENEWAL = "non_renewal"
    RENEWAL = "renewal"


def _kind(value: NoticeKind | str) -> NoticeKind:
    return enum_member(NoticeKind, "RenewalNotice.kind")(value)


@attrs.frozen(kw_only=True, repr=False)
class RenewalTerms(TableDisplay):
    """How a contract renews (step 2.7.4): automatically or by option, term and notice period.

    Examples
    --------
    >>> terms = RenewalTerms(automatic=True, term_months=12, notice_days=90)
    >>> end = dt.date(2027, 12, 31)
    >>> terms.term_end(end, 1), terms.deadline(end, 0), terms.term_index(end, dt.date(2028, 1, 1))
    (datetime.date(2028, 12, 31), datetime.date(2027, 10, 2), 1)
    """

    automatic: bool
    term_months: int = attrs.field(validator=at_least_one)
    notice_days: int = attrs.field(validator=whole_number)

    _display_title = "Renewal terms"

    @property
    def notice_kind(self) -> NoticeKind:
        """The notice that changes what happens: non-renewal when automatic, else renewal."""
        return NoticeKind.NON_RENEWAL if self.automatic else NoticeKind.RENEWAL

    def __repr__(self) -> str:
        how = "automatic" if self.automatic else "by option"
        return f"<RenewalTerms {how}: {self.term_months} months, notice {self.notice_days} days>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: automatic, term in months, notice in days."""
        return [
            {
                "automatic": self.automatic,
                "term_months": self.term_months,
                "notice_days": self.notice_days,
            }
        ]

    def term_end(self, end_on: dt.date, index: int) -> dt.date:
        """The last day of term ``index`` (0: the contract's own term ending ``end_on``)."""
        return add_months(end_on, index * self.term_months)

    def deadline(self, end_on: dt.date, index: int) -> dt.date:
        """The last day a notice about the end of term ``index`` may be given."""
        return self.term_end(end_on, index) - dt.timedelta(days=self.notice_days)

    def term_index(self, end_on: dt.date, day: dt.date) -> int:
        """The term ``day`` falls in: the first whose end is on or after ``day`` (0 at least)."""
        months = (day.year - end_on.year) * 12 + day.month - end_on.month
        index = max(0, months // self.term_months - 1)
        while self.term_end(end_on, index) < day:
            index += 1
        return index

    def final_term(self, end_on: dt.date, notices: Iterable[RenewalNotice]) -> int | None:
        """The last term given ``notices`` (each for the term it was given in); None: no end.

        Automatic renewal ends with the first term a non-renewal notice was
        given in; an option ends with the first term no renewal notice was given in.
        """
        given = {self.term_index(end_on, n.on) for n in notices if n.kind is self.notice_kind}
        if self.automatic:
            return min(given) if given else None
        index = 0
        while index in given:
            index += 1
        return index


@attrs.frozen(kw_only=True, repr=False)
class RenewalNotice(TableDisplay):
    """A notice about renewal, given by a party on a date (step 2.7.4)."""

    kind: NoticeKind = attrs.field(converter=_kind)
    by: str = attrs.field(validator=identifier)
    on: dt.date
    note: str = ""

    _display_title = "Renewal notice"

    def __repr__(self) -> str:
        return f"<RenewalNotice {self.kind.value} by {self.by} on {self.on}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: kind, by, on, note."""
        return [{"kind": self.kind.value, "by": self.by, "on": self.on, "note": self.note}]
