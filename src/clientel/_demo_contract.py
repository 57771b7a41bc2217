"""The demo's contract after signing: acceptance, the first gated invoice, renewal (2.6.6, 2.7.4).

Private helper of :mod:`clientel.demo`: the sample deal's contract, signed by the
chain the authority matrix asks for, renewing yearly with 90 days' notice; its
go-live instalment is invoiced only after the client accepts go-live.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from clientel.errors import LifecycleError
from clientel.models import (
    AcceptanceMilestone,
    Contract,
    ContractState,
    Instalment,
    Money,
    RenewalTerms,
    Role,
    Signature,
)
from clientel.sample import SampleUnit
from clientel.workflow import issue_invoice, renewal_list, required_signers

__all__ = ["life_lines"]

SIGNED_ON = dt.date(2027, 3, 25)
ACCEPTED_ON = dt.date(2027, 10, 4)


def _money(m: Money) -> str:
    return f"{m.amount:,.2f} {m.currency}"


def _signatures(unit: SampleUnit, roles: Sequence[str]) -> list[Signature]:
    holders = unit.authority.holders
    people = {role: min(p for p, r in holders.items() if r == role) for role in roles}
    return [Signature(signer_id=people[r], role=Role(r), on=SIGNED_ON) for r in roles]


def life_lines(
    unit: SampleUnit, value: Money, number: str, schedule: Sequence[Instalment]
) -> list[str]:
    """Sign the sample contract, accept go-live, invoice it, and list its renewal."""
    kind = unit.rfp.business_type or "system_integration"
    chain = required_signers(unit.authority, value, business_type=kind)
    go_live = schedule[1]
    contract = Contract(
        id="k-2027-04",
        client_id=unit.rfp.client_id,
        proposal_id="pr-2027-01",
        template_id="tpl-si",
        business_type=kind,
        value=value,
        start_on=dt.date(2027, 4, 1),
        end_on=dt.date(2028, 3, 31),
        number=number,
        billing=[*schedule[:1], attrs.evolve(go_live, milestone="go-live"), *schedule[2:]],
        milestones=[
            AcceptanceMilestone(
                id="go-live",
                description="Platform live, managed operations running",
                due_on=go_live.due_on,
                owner_id="p-pd01",
            )
        ],
        renewal=RenewalTerms(automatic=True, term_months=12, notice_days=90),
        state=ContractState.SIGNED,
        signatures=_signatures(unit, chain.roles),
    )
    refused = "Invoice for go-live issued before acceptance (it should not have been)"
    try:
        issue_invoice(contract, 2, number="INV-2027-0412", on=go_live.due_on)
    except LifecycleError as exc:
        refused = (
            f"Invoice for go-live on {go_live.due_on} refused: {exc.message.split(': cannot')[0]}"
        )
    contract = contract.accept("go-live", f"{unit.rfp.client_id}-cio", ACCEPTED_ON)
    invoice = issue_invoice(contract, 2, number="INV-2027-0412", on=ACCEPTED_ON)
    row = renewal_list([contract], ACCEPTED_ON).to_records()[0]
    return [
        refused,
        f"Go-live accepted by the client on {ACCEPTED_ON}; first invoice after acceptance "
        f"(2.6.6): {invoice.number} for {_money(invoice.amount)} (instalment "
        f"{invoice.instalment}, {invoice.label or 'go-live'}), due {invoice.due_on}",
        f"Renewal (2.7.4): automatic, 12 months; term ends {row['term_end']}, renews on "
        f"{row['renews_on']} unless notice by {row['notice_deadline']} "
        f"({row['days_to_deadline']} days left on {ACCEPTED_ON})",
    ]
