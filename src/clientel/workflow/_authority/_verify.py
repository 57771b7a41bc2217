"""Tampered documents: replay a stored proposal, approval state or contract under the matrix.

A proposal or contract checks, whenever it is built or loaded, that its state
and figures are what its own history leads to (dates in order, each step
allowed and by whom). What it cannot check alone is the authority behind each
decision: that needs the delegation-of-authority matrix. :func:`verify` replays
the history step by step under the matrix and raises
:class:`~clientel.errors.ReplayError`, naming the first record at fault, when a
decision does not follow from the rules; :func:`load_verified` reads a document
and verifies it in one call.

This detects a document edited by someone who does not re-check it against the
rules (an approval removed, a price lowered in a round and its event alike). It
is not a signature: a writer who knows the rules can forge a history that
replays cleanly; against a malicious writer a keyed signature (out of scope) is
needed.
"""

from __future__ import annotations

from typing import Any, TypeVar, overload

import attrs

from clientel.errors import ClientelError, InvalidInputError, ReplayError
from clientel.models import MAX_DOCUMENT_SIZE, Contract, Proposal, ProposalEvent, loads
from clientel.workflow._amendments import AmendmentAuthority
from clientel.workflow._authority._matrix import AuthorityMatrix
from clientel.workflow._authority._negotiation import ProposalAuthority
from clientel.workflow._authority._rates import RateTable
from clientel.workflow._authority._routing import required_approvals
from clientel.workflow._authority._signing import check_signatures
from clientel.workflow._authority._state import ApprovalState, approval_state, record_decision

__all__ = ["load_verified", "verify"]

T = TypeVar("T", Proposal, ApprovalState, Contract)


def _refused(exc: ClientelError, field: str, what: str) -> ReplayError:
    return ReplayError(
        f"{what} does not follow from the authority rules ({type(exc).__name__}: {exc})",
        field=field,
    )


@attrs.frozen
class _AsTransitions:
    """The matrix's check as the transitions ask it: an unpriced proposal is approved freely."""

    auth: ProposalAuthority

    def __call__(self, proposal: Proposal, event: ProposalEvent) -> None:
        if event.action == "approve" and proposal.list_price is None:
            return
        self.auth(proposal, event)


def _verify_proposal(proposal: Proposal, matrix: AuthorityMatrix, rates: RateTable | None) -> None:
    check = _AsTransitions(ProposalAuthority(matrix=matrix, rates=rates))
    try:
        replayed = proposal.replay(authority=check)
    except ClientelError:
        pass
    else:
        if replayed == proposal:
            return
    for i, event in enumerate(proposal.history):  # find the first event refused
        try:
            proposal.replay(proposal.history[: i + 1], authority=check)
        except ClientelError as exc:
            what = f"the {event.action} by {event.by} on {event.on}"
            raise _refused(exc, f"history[{i}]", what) from exc
    raise ReplayError("the replay gives another proposal than recorded", field="history")


def _verify_state(state: ApprovalState, matrix: AuthorityMatrix, rates: RateTable | None) -> None:
    old = state.route
    try:
        route = required_approvals(
            matrix,
            old.quote,
            requester=old.requester,
            requested_by=old.requested_by,
            on=old.submitted_on,
            rates=rates,
        )
    except ClientelError as exc:
        raise _refused(exc, "route", f"the route of {old.quote!r}") from exc
    if route != old:
        msg = f"the matrix routes the quote to {list(route.roles)}, not {list(old.roles)}"
        raise ReplayError(msg, field="route")
    carried = tuple(r for r in state.records if r.legacy or r.role is None)
    now = approval_state(matrix, route, carried, as_of=route.submitted_on, rates=rates)
    for i, record in enumerate(state.records):
        if record.legacy or record.role is None:
            continue
        try:
            if record.quote is None or record.quote == route.quote:
                now = record_decision(matrix, now, record, rates=rates)
            else:  # decided on an earlier quote: kept, judged by approval_state below
                now = attrs.evolve(now, records=(*now.records, record))
        except ClientelError as exc:
            what = f"the decision of {record.by} ({record.role}) on {record.on}"
            raise _refused(exc, f"records[{i}]", what) from exc
    final = approval_state(matrix, route, state.records, as_of=state.as_of, rates=rates)
    for i, (got, kept) in enumerate(zip(final.approvers, state.approvers, strict=False)):
        if got != kept:
            msg = f"{kept.role} is recorded {kept.status!r}; the records give {got.status!r}"
            raise ReplayError(msg, field=f"approvers[{i}]")
    if final != state:
        raise ReplayError("the replay gives another state than recorded", field="approvers")


def _verify_contract(contract: Contract, matrix: AuthorityMatrix, rates: RateTable | None) -> None:
    current = tuple(s for s in contract.signatures if not s.legacy)
    signed = contract  # the signatures covered the terms as signed, before any amendment
    if contract.amendments:
        first = contract.amendments[0].previous
        terms: dict[str, Any] = {f.name: getattr(first, f.name) for f in attrs.fields(type(first))}
        terms |= dict.fromkeys(("acceptances", "fulfilments", "measurements", "notices"), ())
        signed = attrs.evolve(contract, amendments=(), **terms)
    if current:
        try:
            check_signatures(signed, current, matrix, rates=rates)
        except ClientelError as exc:
            raise _refused(exc, "signatures", f"the signatures of {contract.id}") from exc
    if not contract.amendments:
        return
    try:
        replayed = contract.replay(authority=AmendmentAuthority(matrix=matrix, rates=rates))
    except ClientelError as exc:
        raise _refused(exc, "amendments", f"the amendments of {contract.id}") from exc
    if replayed != contract:
        raise ReplayError("the replay gives another contract than recorded", field="amendments")


@overload
def verify(
    value: Proposal, matrix: AuthorityMatrix, *, rates: RateTable | None = ...
) -> Proposal: ...
@overload
def verify(
    value: ApprovalState, matrix: AuthorityMatrix, *, rates: RateTable | None = ...
) -> ApprovalState: ...
@overload
def verify(
    value: Contract, matrix: AuthorityMatrix, *, rates: RateTable | None = ...
) -> Contract: ...
def verify(value: Any, matrix: AuthorityMatrix, *, rates: RateTable | None = None) -> Any:
    """Replay a proposal, approval state or contract under ``matrix``; return it if it holds.

    Every step is checked again as it was when it was taken: each approval and
    negotiation round of a proposal against the matrix (an unpriced proposal's
    approval needs none, as in :meth:`Proposal.approve
    <clientel.models.Proposal.approve>`); an approval state's route is routed
    again and each decision recorded again in order; a contract's signatures
    (as signed) are checked against the signers' limits and each amendment's
    against the matrix, in order. Legacy (schema-1) records are kept, never
    re-checked.

    Parameters
    ----------
    value : Proposal, ApprovalState or Contract
        Typically just loaded from a stored document.
    matrix : AuthorityMatrix
        The delegation-of-authority matrix the decisions were taken under.
    rates : RateTable, optional
        For amounts in a currency the matrix has no rules in.

    Returns
    -------
    The same ``value``.

    Raises
    ------
    ReplayError
        A record the rules refuse, or a recorded state the records do not give;
        ``field`` names it (``history[3]``, ``records[1]``, ``approvers[0]``,
        ``route``, ``signatures``, ``amendments``).
    InvalidInputError
        ``value`` is none of the three.

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import Money, Proposal
    >>> from clientel.workflow import AuthorityMatrix, AuthorityRule, ProposalAuthority
    >>> m = AuthorityMatrix(currency="EUR", rules=[
    ...     AuthorityRule(role="am", level=0, max_discount=0.10, unlimited=["value"]),
    ...     AuthorityRule(role="gm", level=1, max_discount=0.20, unlimited=["value"])])
    >>> p = Proposal(id="pr-1", rfp_id="r", client_id="c", lead_id="p-am", lead_role="am",
    ...              deadline=dt.date(2027, 2, 1), price=Money(95000, "EUR"),
    ...              list_price=Money(100000, "EUR"))
    >>> day, auth = dt.date(2027, 1, 20), ProposalAuthority(matrix=m)
    >>> p = p.submit_for_review("p-am", day).approve("p-rev", day, authority=auth)
    >>> p = p.submit("p-am", day).negotiate(Money(92000, "EUR"), "p-am", day, authority=auth)
    >>> verify(p, m) is p
    True
    >>> from clientel.models import from_data, to_data
    >>> doc = to_data(p)  # someone lowers the agreed price in the stored JSON
    >>> doc["history"][-1]["price"]["amount"] = doc["rounds"][-1]["price"]["amount"] = "80000"
    >>> verify(from_data(doc, Proposal), m)
    Traceback (most recent call last):
    ...
    clientel.errors.ReplayError: history[3]: the negotiate by p-am on 2027-01-20 does not follow from the authority rules (AuthorityError: approvals: round 1 at 80000 EUR is 20.0% off list, beyond what am may agree alone: ...
    """  # noqa: E501
    if isinstance(value, Proposal):
        _verify_proposal(value, matrix, rates)
    elif isinstance(value, ApprovalState):
        _verify_state(value, matrix, rates)
    elif isinstance(value, Contract):
        _verify_contract(value, matrix, rates)
    else:
        msg = "expected a Proposal, an ApprovalState or a Contract"
        raise InvalidInputError(msg, field="value", value=type(value).__name__)
    return value


def load_verified(
    text: str | bytes,
    cls: type[T],
    matrix: AuthorityMatrix,
    *,
    rates: RateTable | None = None,
    max_size: int = MAX_DOCUMENT_SIZE,
) -> T:
    """Read a stored proposal, approval state or contract and :func:`verify` it (2.5.5-2.6.4).

    :func:`clientel.models.loads` already refuses a document whose state or
    figures its own history does not lead to; this also replays every decision
    under ``matrix``. Use ``loads`` alone to read a document without the matrix
    (it is then not verified against authority).

    Parameters
    ----------
    text : str or bytes
        A document written by :func:`clientel.models.dumps`.
    cls : type
        :class:`~clientel.models.Proposal`, :class:`ApprovalState` or
        :class:`~clientel.models.Contract`.
    matrix : AuthorityMatrix
        The authority the decisions are replayed under.
    rates : RateTable, optional
        Converts values when the matrix's limits are in another currency.
    max_size : int
        Largest accepted text (see :func:`clientel.models.loads`).

    Returns
    -------
    object
        The verified ``cls``.

    Raises
    ------
    ReplayError
        See :func:`verify`.
    SerializationError
        See :func:`clientel.models.loads`.
    InvalidInputError
        ``cls`` is not one of the three types.

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import Money, Proposal, dumps
    >>> from clientel.workflow import AuthorityMatrix, AuthorityRule
    >>> m = AuthorityMatrix(currency="EUR", rules=[AuthorityRule(role="am", level=0)])
    >>> p = Proposal(id="pr-1", rfp_id="r", client_id="c", lead_id="p-am",
    ...              deadline=dt.date(2027, 2, 1), price=Money(95000, "EUR"))
    >>> load_verified(dumps(p), Proposal, m) == p
    True
    >>> load_verified(dumps(p).replace('"drafting"', '"won"'), Proposal, m)
    Traceback (most recent call last):
    ...
    clientel.errors.SerializationError: cannot read Proposal: $: Proposal.state: the history replays to 'drafting', not to what is recorded (got 'won')
    """  # noqa: E501
    if cls not in (Proposal, ApprovalState, Contract):
        msg = "expected Proposal, ApprovalState or Contract"
        raise InvalidInputError(msg, field="cls", value=getattr(cls, "__name__", repr(cls)))
    return verify(loads(text, cls, max_size=max_size), matrix, rates=rates)
