"""Approval records replayed against a route: who has approved, who is asked, who is late.

The state of a quote's approvals is a pure function of its route and its records
(``approval_state``), so the same records always replay to the same state. A
requirement (a role on the route and the dimensions it decides) is met by an
approval, given on a quote no better for the company on those dimensions, by the
role itself or the role it escalated to, or (for a dimension it approves) by any
role whose own authority covers the quote there. After a change of the quote
(``reapprovals``), an approval made on a better quote no longer covers it: only
the steps whose condition got worse are asked again, in chain order, and the
earlier comments stay in the records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from clientel._internal.display import TableDisplay, first_items
from clientel.errors import AuthorityError, InvalidInputError
from clientel.models import ApprovalRecord, Quote
from clientel.workflow._authority._limits import holds, within, worse
from clientel.workflow._authority._matrix import (
    AuthorityMatrix,
    AuthorityRule,
    Dimension,
    RoutingPolicy,
)
from clientel.workflow._authority._rates import RateTable
from clientel.workflow._authority._routing import (
    ApprovalRoute,
    ApprovalStep,
    applicable,
    required_approvals,
)

__all__ = [
    "ApprovalState",
    "ApproverStatus",
    "approval_state",
    "reapprovals",
    "record_decision",
]

Status = Literal["approved", "pending", "waiting", "rejected", "escalated"]
_ASKED = frozenset({"pending", "escalated", "rejected"})


@attrs.frozen(kw_only=True, repr=False)
class ApproverStatus(TableDisplay):
    """Where one approver on the route stands.

    ``status`` is ``approved``, ``pending`` (asked now), ``waiting`` (a serial
    step before it is not approved yet), ``rejected`` or ``escalated`` (pending
    past its due date: ``escalated_to`` may decide instead). ``again`` marks an
    approver who approved before and is asked again because the quote got worse.
    """

    step: int
    level: int
    role: str
    dimensions: tuple[Dimension, ...]
    status: Status
    again: bool = False
    due_on: dt.date | None = None
    escalated_to: tuple[str, ...] = ()
    decided_by: str | None = None
    comment: str = ""

    _display_title = "Approver"

    def __repr__(self) -> str:
        again = " again" if self.again else ""
        return f"<ApproverStatus {self.role} step {self.step}: {self.status}{again}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: step, level, role, dimensions, status, due date, escalation, decision."""
        return [
            {
                "step": self.step,
                "level": self.level,
                "role": self.role,
                "dimensions": tuple(d.value for d in self.dimensions),
                "status": self.status,
                "again": self.again,
                "due_on": self.due_on,
                "escalated_to": self.escalated_to,
                "decided_by": self.decided_by,
                "comment": self.comment,
            }
        ]


@attrs.frozen(kw_only=True, repr=False)
class ApprovalState(TableDisplay):
    """A quote's approvals: the route, the records and each approver's standing (2.5.5).

    Attributes
    ----------
    route : ApprovalRoute
        Who must approve, in order.
    records : tuple of ApprovalRecord
        Every decision so far, oldest first (comments included).
    approvers : tuple of ApproverStatus
        One per role on the route, in chain order.
    as_of : datetime.date, optional
        The date escalations are judged at.
    """

    route: ApprovalRoute
    records: tuple[ApprovalRecord, ...]
    approvers: tuple[ApproverStatus, ...]
    as_of: dt.date | None = None

    _display_title = "Approval state"

    @property
    def status(self) -> Literal["approved", "pending", "rejected", "refused"]:
        """``refused`` (nobody may approve), ``rejected``, ``approved`` or ``pending``."""
        if not self.route.approvable:
            return "refused"
        if any(a.status == "rejected" for a in self.approvers):
            return "rejected"
        return "approved" if self.complete else "pending"

    @property
    def complete(self) -> bool:
        """Every approver on an approvable route has approved."""
        return self.route.approvable and all(a.status == "approved" for a in self.approvers)

    @property
    def pending(self) -> tuple[ApproverStatus, ...]:
        """The approvers asked now (pending or escalated), in chain order."""
        return tuple(a for a in self.approvers if a.status in {"pending", "escalated"})

    @property
    def asked_again(self) -> tuple[str, ...]:
        """Roles that approved before and must approve again, in chain order."""
        return tuple(a.role for a in self.approvers if a.again and a.status != "approved")

    def __repr__(self) -> str:
        waiting = [a.role for a in self.approvers if a.status != "approved"]
        rest = (
            f": waiting for {first_items(waiting)}" if waiting and self.status == "pending" else ""
        )
        return f"<ApprovalState {self.status}, {len(self.records)} records{rest}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per approver, in chain order (a single row when none is needed)."""
        rows = [row for a in self.approvers for row in a.to_records()]
        return rows or [{"step": None, "role": None, "status": self.status}]


def _latest(records: Iterable[ApprovalRecord]) -> dict[str, ApprovalRecord]:
    out: dict[str, ApprovalRecord] = {}
    for record in records:
        if record.role is not None:
            out.pop(record.role, None)
            out[record.role] = record
    return out


def _escalation(
    rules: dict[str, AuthorityRule],
    rule: AuthorityRule,
    dims: tuple[Dimension, ...],
    quote: Quote,
    rates: RateTable | None,
) -> tuple[str, ...]:
    above = sorted({r.level for r in rules.values() if r.level > rule.level})
    for level in above:
        found = tuple(
            sorted(
                r.role
                for r in rules.values()
                if r.level == level
                and all(holds(r, d) and within(r, quote, d, rates) for d in dims)
            )
        )
        if found:
            return found
    return ()


def _covers(
    record: ApprovalRecord,
    role: str,
    dim: Dimension,
    kind: str,
    quote: Quote,
    rules: dict[str, AuthorityRule],
    escalated: tuple[str, ...],
    rates: RateTable | None,
) -> bool:
    """Whether an approval meets ``role``'s requirement on ``dim`` for ``quote``.

    The approval must be on a quote no better for the company on ``dim``, and
    be the role's own, its escalation target's, or (to approve) by any role
    whose own authority covers ``quote`` on ``dim``; (to endorse) by a role on
    the same level or above that holds authority on ``dim``.
    """
    if not record.approved or worse(quote, record.quote or quote, dim):
        return False
    if record.role == role or record.role in escalated:
        return True
    other = rules.get(record.role or "")
    if other is None:
        return False
    if kind == "approves":
        return within(other, quote, dim, rates)
    return other.level >= rules[role].level and holds(other, dim)


def _standing(
    step: ApprovalStep,
    role: str,
    index: int,
    latest: dict[str, ApprovalRecord],
    ctx: _Context,
    open_before: bool,
    activated: dt.date | None,
) -> tuple[ApproverStatus, dt.date | None]:
    rule = ctx.rules[role]
    dims = step.dimensions(role)
    kinds = {c.dimension: c.kind for c in step.conditions if c.role == role}
    due = None
    if activated is not None and ctx.days is not None and not open_before:
        due = activated + dt.timedelta(days=ctx.days)
    late = due is not None and ctx.as_of is not None and ctx.as_of > due
    escalated = _escalation(ctx.rules, rule, dims, ctx.route.quote, ctx.rates) if late else ()
    quote = ctx.route.quote
    covering = [
        next(
            (
                r
                for r in latest.values()
                if _covers(r, role, d, kinds[d], quote, ctx.rules, escalated, ctx.rates)
            ),
            None,
        )
        for d in dims
    ]
    own = latest.get(role)
    again = own is not None and own.approved and None in covering
    base: dict[str, Any] = {
        "step": index + 1,
        "level": rule.level,
        "role": role,
        "dimensions": dims,
        "again": again,
        "due_on": due,
        "escalated_to": escalated,
    }
    if all(c is not None for c in covering):
        done = [c for c in covering if c is not None]
        decider = own if own is not None and own in done else done[0]
        approved = ApproverStatus(
            status="approved", decided_by=decider.by, comment=decider.comment, **base
        )
        return approved, max(c.on for c in done)
    if (
        own is not None
        and not own.approved
        and not any(worse(own.quote or quote, quote, d) for d in dims)
    ):
        return ApproverStatus(
            status="rejected", decided_by=own.by, comment=own.comment, **base
        ), None
    status: Status = "waiting" if open_before else ("escalated" if escalated else "pending")
    comment = own.comment if own is not None else ""
    return ApproverStatus(status=status, comment=comment, **base), None


@attrs.frozen(kw_only=True)
class _Context:
    route: ApprovalRoute
    rules: dict[str, AuthorityRule]
    rates: RateTable | None
    as_of: dt.date | None
    days: int | None


def approval_state(
    matrix: AuthorityMatrix,
    route: ApprovalRoute,
    records: Iterable[ApprovalRecord] = (),
    *,
    as_of: dt.date | None = None,
    rates: RateTable | None = None,
) -> ApprovalState:
    """Replay ``records`` against ``route``: who has approved, who is asked now (2.5.5).

    Parameters
    ----------
    matrix : AuthorityMatrix
        The rules, delegations, holders and escalation period.
    route : ApprovalRoute
        From :func:`required_approvals`.
    records : iterable of ApprovalRecord
        Decisions, oldest first. Legacy records and records by the requester
        are kept but never counted; a record without a quote decided on the
        route's quote.
    as_of : datetime.date, optional
        The date escalations are judged at: an approver still pending more
        than ``matrix.escalate_after_days`` after being asked escalates to the
        next level whose authority covers the quote.
    rates : RateTable, optional
        For a quote in another currency than the limits.

    Returns
    -------
    ApprovalState

    Raises
    ------
    AuthorityError
        A record by someone acting in a role they do not hold, or for a
        delegation outside its validity.
    InvalidInputError
        Records out of date order.

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import ApprovalRecord, Money
    >>> m = AuthorityMatrix(currency="EUR", rules=[
    ...     AuthorityRule(role="am", level=0, max_discount=0.1, unlimited=["value"]),
    ...     AuthorityRule(role="director", level=1, max_discount=0.2, unlimited=["value"]),
    ...     AuthorityRule(role="gm", level=2, max_discount=0.4, unlimited=["value"])])
    >>> q = Quote.single(list_price=Money(100, "EUR"), price=Money(75, "EUR"))
    >>> route = required_approvals(m, q, requester="am", requested_by="p-am",
    ...                            on=dt.date(2027, 1, 4))
    >>> route.roles
    ('director', 'gm')
    >>> ok = ApprovalRecord(by="p-dir", role="director", on=dt.date(2027, 1, 5), comment="fine")
    >>> state = approval_state(m, route, [ok])
    >>> state.status, [a.role for a in state.pending]
    ('pending', ['gm'])
    """
    records = tuple(records)
    _check_history(matrix, records)
    requester = route.requested_by
    counted = [r for r in records if not r.legacy and requester not in {r.by, r.on_behalf_of}]
    latest = _latest(counted)
    ctx = _Context(
        route=route,
        rules=applicable(matrix, route.quote),
        rates=rates,
        as_of=as_of,
        days=matrix.escalate_after_days,
    )
    approvers: list[ApproverStatus] = []
    open_before = False
    activated = route.submitted_on
    for index, step in enumerate(route.steps):
        finished: list[dt.date] = []
        for role in step.roles:
            standing, done_on = _standing(step, role, index, latest, ctx, open_before, activated)
            approvers.append(standing)
            if done_on is not None:
                finished.append(done_on)
        if len(finished) < len(step.roles):
            open_before = route.policy is not RoutingPolicy.PARALLEL
        elif finished and activated is not None:
            activated = max(finished)
    return ApprovalState(route=route, records=records, approvers=tuple(approvers), as_of=as_of)


def _check_history(matrix: AuthorityMatrix, records: tuple[ApprovalRecord, ...]) -> None:
    last: dt.date | None = None
    for i, record in enumerate(records):
        if record.legacy or record.role is None:
            continue
        if last is not None and record.on < last:
            msg = f"dated {record.on}, before the record before it ({last})"
            raise InvalidInputError(msg, field=f"records[{i}].on")
        last = record.on
        matrix.acting(record.by, record.role, record.on, record.on_behalf_of, f"records[{i}]")


def record_decision(
    matrix: AuthorityMatrix,
    state: ApprovalState,
    record: ApprovalRecord,
    *,
    rates: RateTable | None = None,
) -> ApprovalState:
    """Add one decision to ``state`` after checking it may be made now (2.5.5).

    The record is stamped with the route's quote. Nothing changes when a check
    fails: ``state`` is immutable and a new state is returned.

    Parameters
    ----------
    matrix : AuthorityMatrix
        The discount and negotiation authority.
    state : ApprovalState
        The approval state so far.
    record : ApprovalRecord
        The decision (approve or reject) of one approver.
    rates : RateTable, optional
        Converts amounts when the matrix is in another currency.

    Returns
    -------
    ApprovalState
        The state with the decision added.

    Raises
    ------
    AuthorityError
        The approver is the requester (or acts for them), is not on the route
        nor an escalation target, is asked before an earlier serial step has
        approved, acts in a role they do not hold, or uses a delegation outside
        its validity.
    InvalidInputError
        A legacy record, a record dated before the request or the last record,
        or one decided on another quote than the route's.

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import ApprovalRecord, Money
    >>> m = AuthorityMatrix(currency="EUR", rules=[
    ...     AuthorityRule(role="am", level=0, max_discount=0.1, unlimited=["value"]),
    ...     AuthorityRule(role="director", level=1, max_discount=0.2, unlimited=["value"]),
    ...     AuthorityRule(role="gm", level=2, max_discount=0.4, unlimited=["value"])])
    >>> q = Quote.single(list_price=Money(100, "EUR"), price=Money(75, "EUR"))
    >>> state = approval_state(m, required_approvals(m, q, requester="am", requested_by="p-am"))
    >>> record_decision(m, state, ApprovalRecord(by="p-gm", role="gm", on=dt.date(2027, 1, 5)))
    Traceback (most recent call last):
    ...
    clientel.errors.AuthorityError: records[0]: gm is asked before step 1 (director) ...
    """
    route = state.route
    field = f"records[{len(state.records)}]"
    if record.legacy or record.role is None:
        raise InvalidInputError("legacy records come only from schema-1 documents", field=field)
    if route.requested_by is not None and route.requested_by in {record.by, record.on_behalf_of}:
        msg = f"nobody approves their own quote: {route.requested_by} asked for this approval"
        raise AuthorityError(msg, field=f"{field}.by", value=record.by)
    if record.quote is not None and record.quote != route.quote:
        msg = f"the record decides on {record.quote!r}, the route on {route.quote!r}"
        raise InvalidInputError(msg, field=f"{field}.quote")
    dated = [r.on for r in state.records if not r.legacy]
    floor = max([*dated, *([route.submitted_on] if route.submitted_on else [])], default=None)
    if floor is not None and record.on < floor:
        msg = f"dated {record.on}, before the request or the last decision ({floor})"
        raise InvalidInputError(msg, field=f"{field}.on")
    matrix.acting(record.by, record.role, record.on, record.on_behalf_of, field)
    now = approval_state(matrix, route, state.records, as_of=record.on, rates=rates)
    mine = [a for a in now.approvers if a.role == record.role]
    targets = {t for a in now.approvers if a.status == "escalated" for t in a.escalated_to}
    if not mine and record.role not in targets:
        msg = f"{record.role} is not on the route ({first_items(route.roles) or 'no approver'})"
        raise AuthorityError(msg, field=field, value=record.by)
    if mine and mine[0].status == "waiting" and record.role not in targets:
        first = next(a for a in now.approvers if a.status != "approved")
        msg = f"{record.role} is asked before step {first.step} ({first.role}) has approved"
        raise AuthorityError(msg, field=field, value=record.by)
    stamped = record if record.quote is not None else attrs.evolve(record, quote=route.quote)
    as_of = record.on if state.as_of is None else max(state.as_of, record.on)
    return approval_state(matrix, route, (*state.records, stamped), as_of=as_of, rates=rates)


def reapprovals(
    matrix: AuthorityMatrix,
    state: ApprovalState,
    quote: Quote,
    *,
    on: dt.date | None = None,
    rates: RateTable | None = None,
) -> ApprovalState:
    """The approval state after the quote changed to ``quote``: who is asked again (2.5.5).

    Only a change worse for the company asks anyone again: a larger discount
    off list (a lower price), a lower margin, a larger deal, longer payment
    terms, a new or changed clause. Only the approvers whose dimensions got
    worse are asked, in chain order; a price rise asks nobody. The records and
    their comments are kept.

    Parameters
    ----------
    matrix : AuthorityMatrix
        The discount and negotiation authority.
    state : ApprovalState
        The approval state of the quote before the change.
    quote : Quote
        The changed quote.
    on : datetime.date, optional
        The day of the change.
    rates : RateTable, optional
        Converts amounts when the matrix is in another currency.

    Returns
    -------
    ApprovalState
        The new state; ``asked_again`` names the approvers asked again.

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import ApprovalRecord, Money
    >>> m = AuthorityMatrix(currency="EUR", rules=[
    ...     AuthorityRule(role="am", level=0, max_discount=0.1, unlimited=["value"],
    ...                   max_payment_days=30),
    ...     AuthorityRule(role="director", level=1, max_discount=0.2, unlimited=["value"]),
    ...     AuthorityRule(role="finance", level=1, max_payment_days=90)])
    >>> q = Quote.single(list_price=Money(100, "EUR"), price=Money(85, "EUR"), payment_days=60)
    >>> state = approval_state(m, required_approvals(m, q, requester="am", requested_by="p-am"))
    >>> for who, role in [("p-dir", "director"), ("p-fin", "finance")]:
    ...     state = record_decision(m, state, ApprovalRecord(by=who, role=role,
    ...                                                      on=dt.date(2027, 1, 5)))
    >>> state.status
    'approved'
    >>> reapprovals(m, state, q.at(Money(88, "EUR"))).status
    'approved'
    >>> reapprovals(m, state, q.at(Money(82, "EUR"))).asked_again
    ('director',)
    """
    old = state.route
    route = required_approvals(
        matrix,
        quote,
        requester=old.requester,
        requested_by=old.requested_by,
        on=old.submitted_on if on is None else on,
        rates=rates,
    )
    as_of = state.as_of if on is None else on
    return approval_state(matrix, route, state.records, as_of=as_of, rates=rates)
