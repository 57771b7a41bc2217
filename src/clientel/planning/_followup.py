"""Post-project follow-up (step 2.7.4) and the annual review feeding the ranking (2.7.5 -> 2.3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from clientel._internal.dates import add_months
from clientel.errors import InvalidInputError
from clientel.models import AnnualReview, FollowUp

__all__ = ["criteria_from_reviews", "follow_up_schedule"]


def follow_up_schedule(
    project_id: str,
    client_id: str,
    owner_id: str,
    completed_on: dt.date,
    *,
    months: Sequence[int] = (1, 6, 12),
    checks: Sequence[str] = ("benefits realised", "open issues", "new needs"),
) -> tuple[FollowUp, ...]:
    """Follow-ups ``months`` after a project's completion (end of month clamped).

    Parameters
    ----------
    project_id, client_id, owner_id : str
        The completed project, its client and who follows up (step 2.7.4).
    completed_on : datetime.date
        The project's completion date.
    months : sequence of int
        Months after completion, distinct whole numbers >= 1.
    checks : sequence of str
        What each follow-up checks.

    Returns
    -------
    tuple of FollowUp
        One follow-up per month, ids ``<project_id>-fu<months>``.

    Raises
    ------
    InvalidInputError
        Months that are not whole numbers >= 1, or repeated.

    Examples
    --------
    >>> fs = follow_up_schedule("prj-7", "c1", "ana", dt.date(2027, 1, 31))
    >>> [(f.id, str(f.due_on)) for f in fs]
    [('prj-7-fu1', '2027-02-28'), ('prj-7-fu6', '2027-07-31'), ('prj-7-fu12', '2028-01-31')]
    """
    if not months or any(not isinstance(m, int) or m < 1 for m in months):
        raise InvalidInputError("expected whole months >= 1", field="months", value=months)
    if len(set(months)) != len(months):
        raise InvalidInputError("months must be distinct", field="months", value=months)
    return tuple(
        FollowUp(id=f"{project_id}-fu{m}", project_id=project_id, client_id=client_id,
                 due_on=add_months(completed_on, m), owner_id=owner_id, checks=tuple(checks))
        for m in sorted(months)
    )  # fmt: skip


def criteria_from_reviews(reviews: Iterable[AnnualReview]) -> dict[str, dict[str, float]]:
    """Next year's ranking-criteria values per client from the latest annual reviews.

    For each client, the most recent review's ``criteria_updates`` (values that
    are None are left out, so the ranking's missing-data policy applies). The
    result maps ``client_id -> criterion -> value``, ready for step 2.3.

    Parameters
    ----------
    reviews : iterable of AnnualReview
        The year's annual client reviews (step 2.7.5).

    Returns
    -------
    dict of str to dict of str to float
        Client id -> criterion -> value.

    Raises
    ------
    InvalidInputError
        Two reviews of the same client for the same year.

    Examples
    --------
    >>> rs = [AnnualReview(client_id="c1", year=2026, criteria_updates={"relationship": 3.0}),
    ...       AnnualReview(client_id="c1", year=2027, criteria_updates={"relationship": 4.0,
    ...                                                                 "share_of_wallet": None}),
    ...       AnnualReview(client_id="c2", year=2027, criteria_updates={"relationship": 2.0})]
    >>> criteria_from_reviews(rs)
    {'c1': {'relationship': 4.0}, 'c2': {'relationship': 2.0}}
    """
    latest: dict[str, AnnualReview] = {}
    for r in reviews:
        prev = latest.get(r.client_id)
        if prev is not None and prev.year == r.year:
            msg = f"two annual reviews for {r.year}"
            raise InvalidInputError(msg, field=f"reviews[{r.client_id}]")
        if prev is None or r.year > prev.year:
            latest[r.client_id] = r
    return {
        cid: {k: float(v) for k, v in sorted(latest[cid].criteria_updates.items()) if v is not None}
        for cid in sorted(latest)
    }
