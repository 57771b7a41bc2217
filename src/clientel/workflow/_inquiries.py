"""Follow-up of inbound inquiries (step 2.3.5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from clientel.models import InquiryOutcome

__all__ = ["overdue_inquiries"]


def overdue_inquiries(outcomes: Iterable[InquiryOutcome], on: dt.date) -> tuple[str, ...]:
    """Ids of open inquiries whose follow-up was due before ``on`` and never happened.

    Sorted by due date, then inquiry id.

    Parameters
    ----------
    outcomes : iterable of InquiryOutcome
        The triage decisions on inbound inquiries (step 2.3.5).
    on : datetime.date
        The day of the check.

    Returns
    -------
    tuple of str
        The inquiry ids.

    Examples
    --------
    >>> from clientel.models import InquiryDecision
    >>> a = InquiryOutcome(inquiry_id="inq-1", decision=InquiryDecision.NEED_INFO,
    ...                    decided_by="p-mkt", decided_on=dt.date(2027, 2, 1),
    ...                    follow_up_due=dt.date(2027, 2, 8))
    >>> overdue_inquiries([a], dt.date(2027, 2, 15))
    ('inq-1',)
    """
    late = [o for o in outcomes if o.overdue(on)]
    late.sort(key=lambda o: (o.follow_up_due, o.inquiry_id))
    return tuple(o.inquiry_id for o in late)
