"""Renewal arithmetic for many contracts at once: the term on a day, its end and notice deadline.

Term ``k`` of a contract ends ``k * term_months`` calendar months after the end
of its first term (the day clamped to the month's end); a notice is due
``notice_days`` before a term ends. The *final term* says where renewals stop:
``-1`` when nothing stops them (an automatic renewal without a non-renewal
notice), else the index of the last term. On an as-of day each contract is in
one term, or ended after its final term.
"""

from __future__ import annotations

from typing import Any, Final

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel.workflow.kernels._calendar import first_index, shift_months
from clientel.workflow.kernels._checks import as_day, booleans, days, integers, one_length

__all__ = ["RENEWAL_STATUSES", "RenewalArrays", "renewal_terms"]

#: What happens at the end of the current term, by status code.
RENEWAL_STATUSES: Final = (
    "renews unless notice",
    "renews",
    "ends unless renewed",
    "ends",
    "ended",
)
_UNLESS_NOTICE, _RENEWS, _UNLESS_RENEWED, _ENDS, _ENDED = range(5)


@attrs.frozen(kw_only=True)
class RenewalArrays:
    """Per contract on the as-of day: the term, its end, the notice deadline and the status.

    ``renews_on`` is the day after the term ends (``NaT`` once ended);
    ``status`` indexes :data:`RENEWAL_STATUSES`.
    """

    term: NDArray[np.int64]
    term_end: NDArray[np.datetime64]
    deadline: NDArray[np.datetime64]
    renews_on: NDArray[np.datetime64]
    status: NDArray[np.int8]


def renewal_terms(
    ends: Any,
    term_months: Any,
    notice_days: Any,
    automatic: Any,
    final_term: Any,
    as_of: Any,
) -> RenewalArrays:
    """Where each contract stands on ``as_of``: term, term end, notice deadline, status.

    Parameters
    ----------
    ends : ndarray of datetime64[D], shape (n,)
        The end of each contract's first term.
    term_months, notice_days : ndarray of int, shape (n,)
        Renewal term (``>= 1`` month) and notice period (``>= 0`` days).
    automatic : ndarray of bool, shape (n,)
        Automatic renewal (else: renewal by option).
    final_term : ndarray of int, shape (n,)
        The last term (``-1``: none, renewals go on); for an option, the number
        of renewals exercised.
    as_of : date or datetime64

    Returns
    -------
    RenewalArrays

    Examples
    --------
    Two contracts whose first term ends on 2027-12-31, renewing yearly with 90
    days' notice: the first automatically, the second by an option not used.

    >>> r = renewal_terms(np.array(["2027-12-31", "2027-12-31"], "datetime64[D]"),
    ...                   np.array([12, 12]), np.array([90, 90]), np.array([True, False]),
    ...                   np.array([-1, 0]), np.datetime64("2028-02-01"))
    >>> r.term.tolist(), r.term_end.astype(str).tolist(), [RENEWAL_STATUSES[s] for s in r.status]
    ([1, 0], ['2028-12-31', '2027-12-31'], ['renews unless notice', 'ended'])
    """
    end = days(ends, "ends")
    step = integers(term_months, "term_months", low=1)
    notice = integers(notice_days, "notice_days", low=0)
    auto = booleans(automatic, "automatic")
    final = integers(final_term, "final_term", low=-1)
    one_length("ends", end, step, notice, auto, final)
    day = as_day(as_of)
    term = first_index(end, step, day)
    ended = (final >= 0) & (term > final)
    term = np.where(ended, final, term)
    term_end = shift_months(end, term * step)
    deadline = term_end - notice.astype("timedelta64[D]")
    noticed = np.where(auto, final == term, final > term)
    past = day > deadline
    status = np.where(
        auto,
        np.where(noticed, _ENDS, np.where(past, _RENEWS, _UNLESS_NOTICE)),
        np.where(noticed, _RENEWS, np.where(past, _ENDS, _UNLESS_RENEWED)),
    )
    status = np.where(ended, _ENDED, status).astype(np.int8)
    renews_on = np.where(ended, np.datetime64("NaT", "D"), term_end + np.timedelta64(1, "D"))
    return RenewalArrays(
        term=term, term_end=term_end, deadline=deadline, renews_on=renews_on, status=status
    )
