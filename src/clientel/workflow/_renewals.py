"""The renewal list: which contracts renew or end, when, and the notice deadline (step 2.7.4).

:func:`renewal_list` reads each signed contract's renewal terms and notices,
computes where it stands on the as-of date with
:func:`clientel.workflow.kernels.renewal_terms` (all contracts in one pass) and
lists them by renewal date, each with its notice deadline and what happens at
the end of the current term.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay, first_items
from clientel.models import Contract
from clientel.workflow import kernels
from clientel.workflow._portfolio import as_date, check_as_of, day_array, find, signed

__all__ = ["RenewalList", "renewal_list"]


@attrs.frozen(kw_only=True, repr=False)
class RenewalList(TableDisplay):
    """Contracts with renewal terms on an as-of date, by renewal date (step 2.7.4).

    Attributes
    ----------
    as_of : datetime.date
    ids, clients : tuple of str
        Contract and client per row, by renewal date (ended contracts last),
        then notice deadline, then id.
    automatic : ndarray of bool
    term : ndarray of int64
        The current term (0: the first).
    term_end, renews_on, deadline : ndarray of datetime64[D]
        End of the current term, the day the next term would start (NaT once
        ended) and the last day for a notice about it.
    status : tuple of str
        ``renews unless notice``, ``renews``, ``ends unless renewed``, ``ends``, ``ended``.
    notices : tuple of tuple of str
        Per row, the notices given so far.
    skipped : tuple of str
        Contracts left out: not signed yet, or without renewal terms.
    """

    as_of: dt.date
    ids: tuple[str, ...]
    clients: tuple[str, ...]
    automatic: NDArray[np.bool_]
    term: NDArray[np.int64]
    term_end: NDArray[np.datetime64]
    renews_on: NDArray[np.datetime64]
    deadline: NDArray[np.datetime64]
    status: tuple[str, ...]
    notices: tuple[tuple[str, ...], ...]
    skipped: tuple[str, ...] = ()

    _display_title = "Renewals"

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def days_to_deadline(self) -> NDArray[np.int64]:
        """Days from ``as_of`` to each notice deadline (negative once it passed)."""
        return (self.deadline - np.datetime64(self.as_of, "D")).astype(np.int64)

    def due_within(self, days: int) -> tuple[str, ...]:
        """Contracts whose notice deadline is within ``days`` from ``as_of`` and not passed."""
        left = self.days_to_deadline
        return tuple(
            i
            for i, d, s in zip(self.ids, left.tolist(), self.status, strict=True)
            if 0 <= d <= days and s != "ended"
        )

    def __repr__(self) -> str:
        return (
            f"<RenewalList {self.as_of}: {len(self)} contracts, next {first_items(list(self.ids))}>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per contract: term end, renewal date, notice deadline, days left, status."""
        left = self.days_to_deadline
        return [
            {
                "contract": cid,
                "client": self.clients[i],
                "automatic": bool(self.automatic[i]),
                "term": int(self.term[i]),
                "term_end": as_date(self.term_end[i]),
                "renews_on": as_date(self.renews_on[i]),
                "notice_deadline": as_date(self.deadline[i]),
                "days_to_deadline": int(left[i]),
                "status": self.status[i],
            }
            for i, cid in enumerate(self.ids)
        ]

    def explain(self, id: str) -> Explanation:  # noqa: A002 - id as everywhere
        """What happens to contract ``id`` at the end of its term, and why.

        Examples
        --------
        See :func:`renewal_list`.
        """
        i = find(id, self.ids, "contract")
        end, deadline = as_date(self.term_end[i]), as_date(self.deadline[i])
        left = int(self.days_to_deadline[i])
        how = "renews automatically" if self.automatic[i] else "renews only by option"
        notes = [f"{how}; term {int(self.term[i])} ends on {end}"]
        notes.append(
            f"notice deadline {deadline}: "
            + (f"{left} days left" if left >= 0 else f"passed {-left} days ago")
        )
        notes += [f"notice: {n}" for n in self.notices[i]] or ["no notice given"]
        return Explanation(
            subject=f"contract {self.ids[i]}",
            summary=f"{self.status[i]} on {self.as_of}",
            factors=[
                Factor(criterion="days to notice deadline", effect=float(left), value=str(deadline))
            ],
            effect_kind="days from the as-of date",
            notes=notes,
        )


def renewal_list(contracts: Iterable[Contract], as_of: dt.date) -> RenewalList:
    """The renewal list on ``as_of``: renewal dates, notice deadlines, what happens (2.7.4).

    Parameters
    ----------
    contracts : iterable of Contract
        Each once; those not signed yet or without renewal terms are left out
        and listed in ``skipped``.
    as_of : datetime.date
        Notices are read as recorded; terms roll on automatically past the
        first term's end.

    Returns
    -------
    RenewalList
        By renewal date, then notice deadline, then id; ended contracts last.

    Examples
    --------
    >>> from clientel.models import ContractState, Money, RenewalTerms, Role, Signature
    >>> day = dt.date(2027, 3, 10)
    >>> def contract(id, end, automatic):
    ...     return Contract(id=id, client_id="c-1", proposal_id="pr-1", template_id="tpl-ms",
    ...         business_type="managed_services", value=Money(120000, "EUR"),
    ...         start_on=dt.date(2027, 4, 1), end_on=end, state=ContractState.SIGNED,
    ...         signatures=[Signature(signer_id="p-gm", role=Role.BU_GM, on=day)],
    ...         renewal=RenewalTerms(automatic=automatic, term_months=12, notice_days=90))
    >>> ks = [contract("k-1", dt.date(2028, 3, 31), True),
    ...       contract("k-2", dt.date(2027, 12, 31), False)]
    >>> r = renewal_list(ks, dt.date(2027, 11, 1))
    >>> [(row["contract"], str(row["renews_on"]), str(row["notice_deadline"]), row["status"])
    ...  for row in r.to_records()]  # doctest: +NORMALIZE_WHITESPACE
    [('k-2', '2028-01-01', '2027-10-02', 'ends'),
     ('k-1', '2028-04-01', '2028-01-01', 'renews unless notice')]
    """
    day = check_as_of(as_of)
    live, unsigned = signed(contracts)
    rows = [c for c in live if c.renewal is not None]
    terms = [c.renewal for c in rows if c.renewal is not None]
    final = [t.final_term(c.end_on, c.notices) for c, t in zip(rows, terms, strict=True)]
    result = kernels.renewal_terms(
        day_array(c.end_on for c in rows),
        np.array([t.term_months for t in terms], dtype=np.int64),
        np.array([t.notice_days for t in terms], dtype=np.int64),
        np.array([t.automatic for t in terms], dtype=bool),
        np.array([-1 if f is None else f for f in final], dtype=np.int64),
        day,
    )
    ended = np.isnat(result.renews_on)
    big = np.datetime64("9999-12-31", "D")
    by_id = np.argsort(np.argsort(np.array([c.id for c in rows], dtype=str)))
    order = np.lexsort((by_id, result.deadline, np.where(ended, big, result.renews_on)))
    pick = [int(i) for i in order]
    skipped = unsigned + tuple(c.id for c in live if c.renewal is None)
    return RenewalList(
        as_of=day,
        ids=tuple(rows[i].id for i in pick),
        clients=tuple(rows[i].client_id for i in pick),
        automatic=np.array([terms[i].automatic for i in pick], dtype=bool),
        term=result.term[order],
        term_end=result.term_end[order],
        renews_on=result.renews_on[order],
        deadline=result.deadline[order],
        status=tuple(kernels.RENEWAL_STATUSES[result.status[i]] for i in pick),
        notices=tuple(
            tuple(f"{n.kind.value} by {n.by} on {n.on}" for n in rows[i].notices) for i in pick
        ),
        skipped=skipped,
    )
