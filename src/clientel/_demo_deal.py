"""The demo's deal through the authority engine: approval, negotiation, signing (2.5.5-2.6.4).

Private helper of :mod:`clientel.demo`: the sample unit's delegation-of-authority
matrix (``data/sample/authority.json``) routes the quote, checks each
negotiation round and picks the contract's signers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

from clientel.errors import AuthorityError
from clientel.models import ApprovalRecord, Money, Proposal, Quote, Role
from clientel.pricing import PriceBand
from clientel.sample import SampleUnit
from clientel.workflow import (
    ProposalAuthority,
    approval_state,
    quote_status,
    required_approvals,
    required_signers,
)

__all__ = ["contract_lines", "deal_lines"]

_COMMENTS: Mapping[str, str] = MappingProxyType(
    {
        "segment_manager": "strategic account in the public-sector push",
        "finance": "margin accepted for a three-year run contract",
        "bu_gm": "accepted",
    }
)


def _money(m: Money) -> str:
    return f"{m.amount:,.0f} {m.currency}"


def _holder(unit: SampleUnit, role: str, segment: str | None) -> str:
    people = sorted(p for p, r in unit.authority.holders.items() if r == role)
    preferred = f"p-sm-{segment}"
    return preferred if preferred in people else people[0]


def _records(unit: SampleUnit, roles: tuple[str, ...], on: dt.date) -> list[ApprovalRecord]:
    segment = unit.rfp.segment_id
    return [
        ApprovalRecord(by=_holder(unit, r, segment), role=r, on=on, comment=_COMMENTS.get(r, ""))
        for r in roles
    ]


def deal_lines(unit: SampleUnit, *, quote: Quote, band: PriceBand) -> tuple[list[str], Money]:
    """Approve the quote of lines at the band's target, negotiate two rounds; the report's
    lines and the final price."""
    matrix, rfp = unit.authority, unit.rfp
    lead = next(
        p for p in unit.people if p.role is Role.ACCOUNT_MANAGER and rfp.segment_id in p.segment_ids
    )
    day = rfp.received_on + dt.timedelta(days=14)
    p = Proposal(
        id="pr-2027-01",
        rfp_id=rfp.id,
        client_id=rfp.client_id,
        lead_id=lead.id,
        lead_role="account_manager",
        deadline=rfp.due_on,
        price=quote.price,
        list_price=quote.list_price,
        cost=quote.cost,
        lines=quote.lines,
        floor=band.floor.round(0),
        payment_days=quote.payment_days,
        business_type=quote.business_type,
        reviewer_id="p-gm",
    )
    authority = ProposalAuthority(matrix=matrix)
    route = required_approvals(matrix, p.quote(), requester="account_manager", requested_by=lead.id)
    status = quote_status(matrix, p.quote(), role="account_manager", band=band)
    steps = "; ".join(
        f"{', '.join(s.roles)} ({', '.join(sorted({c.dimension.value for c in s.conditions}))})"
        for s in route.steps
    )
    q = p.quote()
    lines = [
        f"Quote at target (2.5.5): {_money(q.price)}, {float(q.discount):.1%} off list, margin "
        f"{float(q.margin or 0):.1%} -> {status.colour.upper()} for the account manager; "
        f"{route.policy.value} route: {steps or 'none'}",
    ]
    records = _records(unit, route.roles, day)
    p = p.submit_for_review(lead.id, day).approve(
        "p-gm", day, approvals=records, authority=authority
    )
    lines.append("Approved by " + ", ".join(f"{r.role} {r.by} ({r.comment!r})" for r in records))
    p = p.submit(lead.id, day)
    day += dt.timedelta(days=12)
    price = (p.price * "0.95").round(0)
    again = approval_state(
        matrix,
        required_approvals(
            matrix, p.quote(price), requester="account_manager", requested_by=lead.id
        ),
        p.approvals,
    )
    asked = [a.role + (" again" if a.again else "") for a in again.pending]
    r1 = p.quote(price)
    p = p.negotiate(
        price,
        lead.id,
        day,
        authority=authority,
        approvals=_records(unit, tuple(a.role for a in again.pending), day),
    )
    lines.append(
        f"Round 1 (2.5.6) at {_money(price)}: {float(r1.discount):.1%} off list (5 % off the "
        f"quote, measured off list), margin {float(r1.margin or 0):.1%} -> asks "
        f"{', '.join(asked) or 'nobody'}; agreed"
    )
    low = (band.floor * "0.99").round(0)
    try:
        p.negotiate(
            low, lead.id, day, authority=authority, approvals=_records(unit, ("bg_gm",), day)
        )
    except AuthorityError as exc:
        lines.append(f"Round 2 at {_money(low)} refused: {exc.message}")
    return lines, p.current_price


def contract_lines(unit: SampleUnit, value: Money) -> list[str]:
    """The signing chain for a contract of ``value`` and why each signer is on it (2.6.4)."""
    chain = required_signers(unit.authority, value, business_type=unit.rfp.business_type)
    lines = [f"Signed by {' + '.join(chain.roles)} (fewest signers, then the most junior):"]
    lines += [f"  {s.role}: {s.reason}" for s in chain.signers]
    return lines
