"""Obligations and service levels of many contracts on an as-of date (steps 2.7.1-2.7.2).

:func:`obligation_status` and :func:`service_level_status` flatten the
obligations (or service levels and their measurements) of every signed contract
into arrays and call the kernels of the same names once
(:mod:`clientel.workflow.kernels`); only what is recorded on or before the
as-of date counts. Each result lists one row per obligation (or level), names
its owner, and explains a status or breach with :meth:`explain`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay, summarise
from clientel.models import Contract, LevelBound
from clientel.workflow import kernels
from clientel.workflow._portfolio import as_date, check_as_of, day_array, find, signed

__all__ = [
    "ObligationReport",
    "ServiceLevelReport",
    "obligation_status",
    "service_level_status",
]

_BREACH = frozenset({"late", "overdue"})


def _counts(statuses: tuple[str, ...], names: tuple[str, ...]) -> dict[str, int]:
    return {name: statuses.count(name) for name in names}


@attrs.frozen(kw_only=True, repr=False)
class ObligationReport(TableDisplay):
    """Every obligation of the signed contracts on an as-of date (steps 2.7.1-2.7.2).

    Attributes
    ----------
    as_of : datetime.date
    keys : tuple of str
        ``contract_id/obligation_id`` per row, contracts in the order given.
    owners, parties, descriptions : tuple of str
    due, done : ndarray of datetime64[D]
        Due dates, and fulfilment dates known on ``as_of`` (NaT: not done).
    status : tuple of str
        ``open``, ``due soon``, ``met``, ``late`` or ``overdue``.
    days_late : ndarray of int64
        Days past the due date (to the fulfilment, or to ``as_of`` while open).
    skipped : tuple of str
        Contracts left out because they are not signed yet.
    """

    as_of: dt.date
    keys: tuple[str, ...]
    owners: tuple[str, ...]
    parties: tuple[str, ...]
    descriptions: tuple[str, ...]
    due: NDArray[np.datetime64]
    done: NDArray[np.datetime64]
    status: tuple[str, ...]
    days_late: NDArray[np.int64]
    skipped: tuple[str, ...] = ()

    _display_title = "Obligations"

    @property
    def breaches(self) -> tuple[str, ...]:
        """The keys of the obligations breached: done late, or not done and past due."""
        return tuple(k for k, s in zip(self.keys, self.status, strict=True) if s in _BREACH)

    @property
    def counts(self) -> dict[str, int]:
        """How many obligations per status."""
        return _counts(self.status, kernels.OBLIGATION_STATUSES)

    def __len__(self) -> int:
        return len(self.keys)

    def __repr__(self) -> str:
        shown = ", ".join(f"{k} {v}" for k, v in self.counts.items() if v)
        return (
            f"<ObligationReport {self.as_of}: {len(self)} obligations ({shown or 'none'}); "
            f"breaches {summarise(self.breaches)}>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per obligation: contract, obligation, party, owner, dates, status, days late."""
        return [
            {
                "contract": key.split("/", 1)[0],
                "obligation": key.split("/", 1)[1],
                "party": self.parties[i],
                "owner": self.owners[i],
                "due_on": as_date(self.due[i]),
                "done_on": as_date(self.done[i]),
                "status": self.status[i],
                "days_late": int(self.days_late[i]),
                "breach": self.status[i] in _BREACH,
            }
            for i, key in enumerate(self.keys)
        ]

    def explain(self, id: str) -> Explanation:  # noqa: A002 - id as everywhere
        """Why obligation ``id`` (``contract/obligation``, or a unique id) has its status.

        Examples
        --------
        See :func:`obligation_status`.
        """
        i = find(id, self.keys, "obligation")
        due, done = as_date(self.due[i]), as_date(self.done[i])
        late = int(self.days_late[i])
        status = self.status[i]
        if done is not None:
            how = (
                f"done on {done}, {late} days after the due date {due}"
                if late
                else f"done on {done}, due {due}"
            )
        elif status == "overdue":
            how = f"not done by {self.as_of}, due {due}: {late} days overdue"
        else:
            how = f"not done yet, due {due} ({(due - self.as_of).days} days left)" if due else ""
        notes = [how, f"owner {self.owners[i]} ({self.parties[i]}): {self.descriptions[i]}"]
        if status in _BREACH:
            notes.append("a breach: " + ("done late" if status == "late" else "past due, not done"))
        return Explanation(
            subject=f"obligation {self.keys[i]}",
            summary=f"{status} on {self.as_of}",
            factors=[Factor(criterion="days late", effect=float(late), value=str(due))],
            effect_kind="days past the due date",
            notes=notes,
        )


def obligation_status(
    contracts: Iterable[Contract], as_of: dt.date, *, warn_days: int = 14
) -> ObligationReport:
    """Status and breaches of every obligation of ``contracts`` on ``as_of`` (steps 2.7.1-2.7.2).

    Parameters
    ----------
    contracts : iterable of Contract
        Each once; contracts not signed yet are left out and listed in ``skipped``.
    as_of : datetime.date
        Fulfilments dated after it are not known yet.
    warn_days : int
        An open obligation due within this many days is ``due soon``.

    Returns
    -------
    ObligationReport
        One row per obligation, in contract order then obligation order.

    Raises
    ------
    InvalidInputError
        Something that is not a contract, a contract twice, a bad ``as_of`` or ``warn_days``.

    Examples
    --------
    >>> from clientel.models import ContractState, Money, Obligation, Role, Signature
    >>> day = dt.date(2027, 3, 10)
    >>> k = Contract(id="k-17", client_id="c-bank", proposal_id="pr-17", template_id="tpl-si",
    ...     business_type="system_integration", value=Money(440000, "EUR"),
    ...     start_on=dt.date(2027, 4, 1), end_on=dt.date(2027, 12, 31), state=ContractState.SIGNED,
    ...     signatures=[Signature(signer_id="p-gm", role=Role.BU_GM, on=day)], obligations=[
    ...         Obligation(id="design", description="Detailed design", owner_id="p-pd01",
    ...                    due_on=dt.date(2027, 5, 31)),
    ...         Obligation(id="data", description="Test data", owner_id="c-bank-it",
    ...                    due_on=dt.date(2027, 6, 15), party="client")])
    >>> k = k.fulfil("design", "p-pd01", dt.date(2027, 6, 4))
    >>> report = obligation_status([k], dt.date(2027, 6, 20))
    >>> report.status, report.breaches
    (('late', 'overdue'), ('k-17/design', 'k-17/data'))
    >>> print(report.explain("data"))
    obligation k-17/data: overdue on 2027-06-20
      days late  +5  (value 2027-06-15)
      not done by 2027-06-20, due 2027-06-15: 5 days overdue
      owner c-bank-it (client): Test data
      a breach: past due, not done
    """
    day = check_as_of(as_of)
    live, skipped = signed(contracts)
    rows = [(c, o) for c in live for o in c.obligations]
    done = {(c.id, f.obligation_id): f.on for c in live for f in c.fulfilments}
    due = day_array(o.due_on for _, o in rows)
    finished = day_array(done.get((c.id, o.id)) for c, o in rows)
    codes, late = kernels.obligation_status(due, finished, day, warn_days=warn_days)
    known = ~np.isnat(finished) & (finished <= np.datetime64(day, "D"))
    return ObligationReport(
        as_of=day,
        keys=tuple(f"{c.id}/{o.id}" for c, o in rows),
        owners=tuple(o.owner_id for _, o in rows),
        parties=tuple(o.party.value for _, o in rows),
        descriptions=tuple(o.description for _, o in rows),
        due=due,
        done=np.where(known, finished, np.datetime64("NaT", "D")),
        status=tuple(kernels.OBLIGATION_STATUSES[c] for c in codes),
        days_late=late,
        skipped=skipped,
    )


@attrs.frozen(kw_only=True, repr=False)
class ServiceLevelReport(TableDisplay):
    """Every service level of the signed contracts on an as-of date (steps 2.7.1-2.7.2).

    Attributes
    ----------
    keys : tuple of str
        ``contract_id/level_id`` per row.
    metrics, owners, units : tuple of str
    targets : ndarray of float
    minimum : ndarray of bool
        Whether each target is a minimum (else a maximum).
    ended, measured, breaches, unreported : ndarray of int64
        Periods ended by ``as_of``; measured; measured and missing the target;
        whose report is late.
    status : tuple of str
        Of the latest ended period: ``not started``, ``met``, ``breached``,
        ``pending`` (its report is not due yet) or ``unreported``.
    last_value : ndarray of float
        The latest ended period's value (NaN: not measured).
    periods : tuple of tuple
        Per level, the measured periods known on ``as_of``: ``(period end, value, met)``.
    """

    as_of: dt.date
    keys: tuple[str, ...]
    metrics: tuple[str, ...]
    owners: tuple[str, ...]
    units: tuple[str, ...]
    targets: NDArray[np.float64]
    minimum: NDArray[np.bool_]
    ended: NDArray[np.int64]
    measured: NDArray[np.int64]
    breaches: NDArray[np.int64]
    unreported: NDArray[np.int64]
    status: tuple[str, ...]
    last_value: NDArray[np.float64]
    periods: tuple[tuple[tuple[dt.date, float, bool], ...], ...]
    skipped: tuple[str, ...] = ()

    _display_title = "Service levels"

    @property
    def breached(self) -> tuple[str, ...]:
        """The keys of the levels with at least one breached period so far."""
        return tuple(k for k, b in zip(self.keys, self.breaches, strict=True) if b > 0)

    @property
    def counts(self) -> dict[str, int]:
        """How many levels per status."""
        return _counts(self.status, kernels.SERVICE_LEVEL_STATUSES)

    def __len__(self) -> int:
        return len(self.keys)

    def __repr__(self) -> str:
        shown = ", ".join(f"{k} {v}" for k, v in self.counts.items() if v)
        return (
            f"<ServiceLevelReport {self.as_of}: {len(self)} levels ({shown or 'none'}), "
            f"{int(self.breaches.sum())} breached periods>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per level: contract, level, metric, owner, target, periods and status."""
        return [
            {
                "contract": key.split("/", 1)[0],
                "level": key.split("/", 1)[1],
                "metric": self.metrics[i],
                "owner": self.owners[i],
                "target": f"{'>=' if self.minimum[i] else '<='} {self.targets[i]:g}{self.units[i]}",
                "periods_ended": int(self.ended[i]),
                "measured": int(self.measured[i]),
                "breaches": int(self.breaches[i]),
                "unreported": int(self.unreported[i]),
                "status": self.status[i],
                "last_value": None if np.isnan(self.last_value[i]) else float(self.last_value[i]),
            }
            for i, key in enumerate(self.keys)
        ]

    def explain(self, id: str) -> Explanation:  # noqa: A002 - id as everywhere
        """Each measured period of level ``id`` against its target (effect: value minus target).

        A negative effect misses a minimum, a positive one a maximum.

        Examples
        --------
        See :func:`service_level_status`.
        """
        i = find(id, self.keys, "service level")
        sign = ">=" if self.minimum[i] else "<="
        target = float(self.targets[i])
        factors = [
            Factor(criterion=str(end), effect=value - target, value=value)
            for end, value, _ in self.periods[i]
        ]
        missed = [str(end) for end, _, ok in self.periods[i] if not ok]
        notes = [
            f"target {sign} {target:g}{self.units[i]} per period; owner {self.owners[i]}",
            f"{int(self.ended[i])} periods ended, {int(self.measured[i])} measured, "
            f"{int(self.unreported[i])} reports late",
        ]
        if missed:
            notes.append(f"breached in the periods ending {', '.join(missed)}")
        return Explanation(
            subject=f"service level {self.keys[i]} ({self.metrics[i]})",
            summary=f"{self.status[i]} on {self.as_of}",
            factors=factors,
            effect_kind="value minus target",
            notes=notes,
        )


def service_level_status(contracts: Iterable[Contract], as_of: dt.date) -> ServiceLevelReport:
    """Breaches and status of every service level of ``contracts`` on ``as_of`` (2.7.1-2.7.2).

    A period counts once it has ended on ``as_of``; its report is late the day
    after ``report_days`` have passed. A value at the target meets it.

    Parameters
    ----------
    contracts : iterable of Contract
        Each once; contracts not signed yet are left out and listed in ``skipped``.
    as_of : datetime.date

    Returns
    -------
    ServiceLevelReport

    Examples
    --------
    >>> from clientel.models import ContractState, Money, Role, ServiceLevel, Signature
    >>> day = dt.date(2027, 3, 10)
    >>> k = Contract(id="k-9", client_id="c-1", proposal_id="pr-9", template_id="tpl-ms",
    ...     business_type="managed_services", value=Money(120000, "EUR"),
    ...     start_on=dt.date(2027, 4, 1), end_on=dt.date(2028, 3, 31), state=ContractState.SIGNED,
    ...     signatures=[Signature(signer_id="p-gm", role=Role.BU_GM, on=day)],
    ...     service_levels=[ServiceLevel(id="avail", metric="availability", target=99.5,
    ...         unit="%", owner_id="p-ops", starts_on=dt.date(2027, 4, 1), report_days=5)])
    >>> k = k.measure("avail", dt.date(2027, 4, 30), 99.7).measure("avail", dt.date(2027, 5, 31), 99.1)
    >>> report = service_level_status([k], dt.date(2027, 7, 10))
    >>> report.status, report.breaches.tolist(), report.unreported.tolist()
    (('unreported',), [1], [1])
    >>> print(report.explain("avail"))
    service level k-9/avail (availability): unreported on 2027-07-10
      2027-04-30  +0.2  (value 99.7)
      2027-05-31  -0.4  (value 99.1)
      target >= 99.5% per period; owner p-ops
      3 periods ended, 2 measured, 1 reports late
      breached in the periods ending 2027-05-31
    """  # noqa: E501
    day = check_as_of(as_of)
    live, skipped = signed(contracts)
    rows = [(c, s) for c in live for s in c.service_levels]
    index = {(c.id, s.id): i for i, (c, s) in enumerate(rows)}
    found = [(index[(c.id, m.service_level_id)], m) for c in live for m in c.measurements]
    result = kernels.service_level_status(
        day_array(s.starts_on for _, s in rows),
        np.array([s.period_months for _, s in rows], dtype=np.int64),
        np.array([s.report_days for _, s in rows], dtype=np.int64),
        np.array([s.target for _, s in rows], dtype=np.float64),
        np.array([s.bound is LevelBound.MINIMUM for _, s in rows], dtype=bool),
        np.array([i for i, _ in found], dtype=np.int64),
        day_array(m.period_end for _, m in found),
        np.array([m.value for _, m in found], dtype=np.float64),
        day,
    )
    periods: list[list[tuple[dt.date, float, bool]]] = [[] for _ in rows]
    for (i, m), ok in zip(found, result.met.tolist(), strict=True):
        if m.period_end <= day:
            periods[i].append((m.period_end, m.value, bool(ok)))
    return ServiceLevelReport(
        as_of=day,
        keys=tuple(f"{c.id}/{s.id}" for c, s in rows),
        metrics=tuple(s.metric for _, s in rows),
        owners=tuple(s.owner_id for _, s in rows),
        units=tuple(s.unit for _, s in rows),
        targets=np.array([s.target for _, s in rows], dtype=np.float64),
        minimum=np.array([s.bound is LevelBound.MINIMUM for _, s in rows], dtype=bool),
        ended=result.ended,
        measured=result.measured,
        breaches=result.breaches,
        unreported=result.unreported,
        status=tuple(kernels.SERVICE_LEVEL_STATUSES[c] for c in result.status),
        last_value=result.last_value,
        periods=tuple(tuple(p) for p in periods),
        skipped=skipped,
    )
