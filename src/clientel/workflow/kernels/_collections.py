"""Receivables arithmetic for many invoices at once, exact in integer minor units (2.6.6).

Amounts are integers in a currency's minor units (cents), so sums are exact;
the domain layer (:func:`clientel.workflow.aging`) converts Money to these and
back, and refuses totals that would not fit in 64 bits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel.errors import InvalidInputError
from clientel.workflow.kernels._checks import as_day, days, integers, one_length

__all__ = ["AgingArrays", "aging", "open_amounts"]


def open_amounts(
    amounts: Any, issued: Any, invoice: Any, paid: Any, paid_on: Any, as_of: Any
) -> NDArray[np.int64]:
    """What each invoice still owes on ``as_of``: its amount less the payments made by then.

    Parameters
    ----------
    amounts : ndarray of int, shape (n,)
        Invoice amounts in minor units (``>= 0``).
    issued : ndarray of datetime64[D], shape (n,)
        Issue dates; an invoice issued after ``as_of`` owes nothing yet (0).
    invoice, paid, paid_on : arrays of shape (m,)
        Each payment's invoice index, amount in minor units and date; payments
        after ``as_of`` are not counted.
    as_of : date or datetime64

    Returns
    -------
    ndarray of int64, shape (n,)

    Examples
    --------
    >>> open_amounts(np.array([1000, 500]), np.array(["2027-01-05", "2027-03-01"], "datetime64[D]"),
    ...              np.array([0, 0]), np.array([400, 600]),
    ...              np.array(["2027-02-01", "2027-04-01"], "datetime64[D]"),
    ...              np.datetime64("2027-03-15")).tolist()
    [600, 500]
    """
    amount = integers(amounts, "amounts", low=0)
    issue = days(issued, "issued")
    n = one_length("amounts", amount, issue)
    which = integers(invoice, "invoice", low=0)
    pay = integers(paid, "paid", low=0)
    pay_on = days(paid_on, "paid_on")
    one_length("invoice", which, pay, pay_on)
    if which.size and which.max() >= n:
        raise InvalidInputError(f"expected invoice indices below {n}", field="invoice")
    day = as_day(as_of)
    total = np.zeros(n, dtype=np.int64)
    known = pay_on <= day
    np.add.at(total, which[known], pay[known])
    return np.where(issue <= day, amount - total, 0).astype(np.int64)


@attrs.frozen(kw_only=True)
class AgingArrays:
    """Aging on the as-of day: each invoice's bucket, and totals per group and bucket.

    ``bucket``: 0 for up to ``bounds[0]`` days past due (not yet due included),
    then one per bound, the last for more than ``bounds[-1]`` days.
    ``totals[g, b]``: open amount of group ``g`` in bucket ``b``; ``not_due[g]``:
    the part of group ``g``'s first bucket not yet due.
    """

    days_past_due: NDArray[np.int64]
    bucket: NDArray[np.int64]
    totals: NDArray[np.int64]
    not_due: NDArray[np.int64]


def aging(
    open_amount: Any,
    due: Any,
    as_of: Any,
    *,
    bounds: Sequence[int] = (30, 60, 90),
    groups: Any = None,
    n_groups: int | None = None,
) -> AgingArrays:
    """Open amounts in aging buckets by days past due on ``as_of``, summed exactly per group.

    Parameters
    ----------
    open_amount : ndarray of int, shape (n,)
        What each invoice owes, in minor units (``>= 0``; see :func:`open_amounts`).
    due : ndarray of datetime64[D], shape (n,)
        Due dates.
    as_of : date or datetime64
    bounds : sequence of int
        Upper bounds (days past due, inclusive) of every bucket but the last,
        increasing and ``>= 0``: ``(30, 60, 90)`` gives 0-30, 31-60, 61-90 and
        more than 90.
    groups : ndarray of int, shape (n,), optional
        Each invoice's group (a client); one group when omitted.
    n_groups : int, optional
        Number of groups (default: the largest group index plus one).

    Returns
    -------
    AgingArrays

    Examples
    --------
    >>> due = np.array(["2027-06-20", "2027-05-01", "2027-03-01", "2027-07-15"], "datetime64[D]")
    >>> a = aging(np.array([100, 200, 300, 400]), due, np.datetime64("2027-06-30"))
    >>> a.days_past_due.tolist(), a.totals.tolist(), a.not_due.tolist()
    ([10, 60, 121, -15], [[500, 200, 0, 300]], [400])
    """
    owed = integers(open_amount, "open_amount", low=0)
    due_on = days(due, "due")
    n = one_length("open_amount", owed, due_on)
    edges = np.asarray(bounds)
    if (
        edges.ndim != 1
        or not np.issubdtype(edges.dtype, np.integer)
        or edges.size == 0
        or edges[0] < 0
        or (np.diff(edges) <= 0).any()
    ):
        msg = "expected increasing whole numbers of days >= 0"
        raise InvalidInputError(msg, field="bounds", value=list(np.ravel(edges).tolist()))
    group = np.zeros(n, dtype=np.int64) if groups is None else integers(groups, "groups", low=0)
    one_length("groups", owed, group)
    count = (int(group.max()) + 1 if n else 1) if n_groups is None else n_groups
    if group.size and group.max() >= count:
        raise InvalidInputError(f"expected group indices below {count}", field="groups")
    late = (as_day(as_of) - due_on).astype(np.int64)
    bucket = np.searchsorted(edges.astype(np.int64), late, side="left").astype(np.int64)
    totals = np.zeros((count, edges.size + 1), dtype=np.int64)
    np.add.at(totals, (group, bucket), owed)
    not_due = np.zeros(count, dtype=np.int64)
    np.add.at(not_due, group[late <= 0], owed[late <= 0])
    return AgingArrays(days_past_due=late, bucket=bucket, totals=totals, not_due=not_due)
