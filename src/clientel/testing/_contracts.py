"""Strategies for signed contracts and their life after signing, and for invoices."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from clientel import models as m
from clientel import workflow as w
from clientel._internal.dates import add_months
from clientel.errors import ClientelError
from clientel.testing._values import identifiers

__all__ = ["SIGNING_MATRIX", "contracts", "invoices", "signatures_for", "signed_contract"]

_EUR = "EUR"

#: The matrix behind :func:`contracts`: the account manager signs up to 50,000 EUR,
#: the BU GM up to 1,000,000, the BG GM up to 20,000,000; two signers above 250,000.
SIGNING_MATRIX = w.AuthorityMatrix(
    currency=_EUR,
    rules=[
        w.AuthorityRule(role="account_manager", level=0, sign_limit=m.Money(50_000, _EUR)),
        w.AuthorityRule(role="bu_gm", level=1, sign_limit=m.Money(1_000_000, _EUR)),
        w.AuthorityRule(role="bg_gm", level=2, sign_limit=m.Money(20_000_000, _EUR)),
    ],
    four_eyes_above=m.Money(250_000, _EUR),
)
_days = st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31))


def signatures_for(roles: tuple[str, ...], on: dt.date) -> tuple[m.Signature, ...]:
    """One signature per role, by ``p-<role>``, on ``on``."""
    return tuple(m.Signature(signer_id=f"p-{r}", role=m.Role(r), on=on) for r in roles)


def signed_contract() -> m.Contract:
    """The worked example of the workflow guide, signed: a start for examples and tests.

    Contract ``k-17`` with ``c-bank``: 440,000.00 EUR from 2027-04-01 to 2027-12-31,
    billed 132,000 at signature, 220,000 after the client accepts ``go-live`` and
    88,000 after it accepts ``final``; signed on 2027-03-10 by the account manager
    and the BU GM (the minimal chain of :data:`SIGNING_MATRIX` with four eyes).
    Change it with :func:`attrs.evolve`.
    """
    day = dt.date(2027, 3, 10)

    def bill(due: dt.date, amount: str, label: str, gate: str | None) -> m.Instalment:
        return m.Instalment(due_on=due, amount=m.Money(amount, _EUR), label=label, milestone=gate)

    return m.Contract(
        id="k-17",
        client_id="c-bank",
        proposal_id="pr-17",
        template_id="tpl-si",
        business_type="system_integration",
        value=m.Money("440000.00", _EUR),
        start_on=dt.date(2027, 4, 1),
        end_on=dt.date(2027, 12, 31),
        billing=[
            bill(dt.date(2027, 4, 1), "132000.00", "signature", None),
            bill(dt.date(2027, 9, 1), "220000.00", "go-live", "go-live"),
            bill(dt.date(2027, 12, 31), "88000.00", "final", "final"),
        ],
        milestones=[
            m.AcceptanceMilestone(id=i, description=text, due_on=due, owner_id="p-pd01")
            for i, text, due in (
                ("go-live", "Platform live in production", dt.date(2027, 9, 1)),
                ("final", "Final acceptance", dt.date(2027, 12, 31)),
            )
        ],
        state=m.ContractState.SIGNED,
        signatures=signatures_for(("account_manager", "bu_gm"), day),
    )


def _cents(draw: st.DrawFn, low: int, high: int) -> m.Money:
    return m.Money(Decimal(draw(st.integers(low * 100, high * 100))).scaleb(-2), _EUR)


@st.composite
def _terms(draw: st.DrawFn, start: dt.date) -> m.ContractTerms:
    months = draw(st.integers(3, 36))
    end = add_months(start, months) - dt.timedelta(days=1)
    span = (end - start).days
    value = _cents(draw, 1_000, 3_000_000)
    milestones = [
        m.AcceptanceMilestone(
            id=f"ms{i}",
            description=f"delivery {i}",
            due_on=start + dt.timedelta(days=draw(st.integers(0, span))),
            owner_id="p-pd",
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    parts = draw(st.integers(1, 4))
    dates = sorted(start + dt.timedelta(days=draw(st.integers(0, span))) for _ in range(parts))
    gates = [
        draw(st.none() | st.sampled_from([x.id for x in milestones])) if milestones else None
        for _ in range(parts)
    ]
    weights = [draw(st.integers(1, 5)) for _ in range(parts)]
    billing = tuple(
        attrs.evolve(bill, milestone=gate)
        for bill, gate in zip(
            w.billing_schedule(
                value, dates, weights, labels=[f"part {i + 1}" for i in range(parts)]
            ),
            gates,
            strict=True,
        )
    )
    obligations = [
        m.Obligation(
            id=f"ob{i}",
            description=f"obligation {i}",
            owner_id=draw(st.sampled_from(["p-pd", "p-ops", "c-it"])),
            due_on=start + dt.timedelta(days=draw(st.integers(0, span))),
            party=draw(st.sampled_from(m.ObligationParty)),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    levels = [
        m.ServiceLevel(
            id=f"sla{i}",
            metric=draw(st.sampled_from(["availability", "response hours"])),
            target=draw(st.sampled_from([99.5, 4.0, 95.0])),
            bound=draw(st.sampled_from(m.LevelBound)),
            owner_id="p-ops",
            starts_on=start,
            period_months=draw(st.sampled_from([1, 3])),
            report_days=draw(st.integers(0, 10)),
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    renewal = draw(
        st.none()
        | st.builds(
            m.RenewalTerms,
            automatic=st.booleans(),
            term_months=st.sampled_from([6, 12, 24]),
            notice_days=st.integers(0, 90),
        )
    )
    return m.ContractTerms(
        value=value,
        end_on=end,
        billing=billing,
        milestones=milestones,
        obligations=obligations,
        service_levels=levels,
        renewal=renewal,
        parts={"scope_of_work": "SOW v1"},
    )


def _amended(draw: st.DrawFn, contract: m.Contract, day: dt.date) -> m.Contract:
    old = contract.terms
    factor = Decimal(draw(st.integers(50, 200))) / 100
    value = (old.value * factor).round()
    if value.is_zero():
        return contract
    dates = [b.due_on for b in old.billing]
    weights = [b.amount.amount or Decimal(1) for b in old.billing]
    bills = w.billing_schedule(value, dates, weights, labels=[b.label for b in old.billing])
    billing = tuple(
        attrs.evolve(new, milestone=b.milestone) for new, b in zip(bills, old.billing, strict=True)
    )
    end = old.end_on + dt.timedelta(days=draw(st.sampled_from([0, 0, 30, 90])))
    terms = attrs.evolve(old, value=value, billing=billing, end_on=end)
    if terms == old:
        return contract
    route = w.amendment_route(SIGNING_MATRIX, contract, terms)
    return w.amend_contract(
        contract,
        terms,
        by="p-account_manager",
        on=day,
        signatures=signatures_for(route.chain.roles, day),
        matrix=SIGNING_MATRIX,
        reason="change request",
    )


def _step(draw: st.DrawFn, contract: m.Contract, day: dt.date) -> m.Contract:
    kind = draw(st.sampled_from(["accept", "fulfil", "measure", "notice", "amend"]))
    try:
        if kind == "accept":
            left = [x.id for x in contract.milestones if contract.accepted_on(x.id) is None]
            return contract.accept(draw(st.sampled_from(left)), "c-cio", day) if left else contract
        if kind == "fulfil":
            done = {f.obligation_id for f in contract.fulfilments}
            left = [o.id for o in contract.obligations if o.id not in done]
            return contract.fulfil(draw(st.sampled_from(left)), "p-pd", day) if left else contract
        if kind == "measure" and contract.service_levels:
            level = draw(st.sampled_from(contract.service_levels))
            ends = [x.period_end for x in contract.measurements if x.service_level_id == level.id]
            index = level.period_index(ends[-1]) + 1 if ends else 0
            value = draw(st.floats(0, 100, allow_nan=False))
            return contract.measure(level.id, level.period_end(index), value)
        if kind == "notice" and contract.renewal is not None:
            return contract.give_notice(contract.renewal.notice_kind, "c-cio", day)
        if kind == "amend":
            return _amended(draw, contract, day)
    except ClientelError:  # a step the contract refuses at this point (a late notice): skip it
        return contract
    return contract


@st.composite
def contracts(draw: st.DrawFn, max_steps: int = 6) -> m.Contract:
    """Signed contracts with terms and a random history of allowed steps after signing.

    Terms: a value in EUR billed in one to four instalments (some gated by
    acceptance milestones), obligations, service levels and renewal terms. The
    contract is signed by the minimal chain of :data:`SIGNING_MATRIX`, sometimes
    archived and handed over, and then lives through up to ``max_steps`` steps
    in date order: acceptances, fulfilments, measurements, renewal notices and
    amendments signed by the chain :func:`clientel.workflow.amendment_route` asks.
    """
    start = draw(_days)
    terms = draw(_terms(start))
    signed_on = start - dt.timedelta(days=draw(st.integers(0, 30)))
    chain = w.required_signers(SIGNING_MATRIX, terms.value, business_type="system_integration")
    contract = m.Contract(
        id=draw(identifiers("k-")),
        client_id=draw(identifiers("c-")),
        proposal_id=draw(identifiers("pr-")),
        template_id="tpl-si",
        business_type="system_integration",
        start_on=start,
        state=m.ContractState.SIGNED,
        signatures=signatures_for(chain.roles, signed_on),
        value=terms.value,
        end_on=terms.end_on,
        billing=terms.billing,
        parts=terms.parts,
        renewal=terms.renewal,
        obligations=terms.obligations,
        service_levels=terms.service_levels,
        milestones=terms.milestones,
    )
    if draw(st.booleans()):
        contract = contract.archive(number=draw(identifiers("K-")), by="p-admin").hand_over()
    day = signed_on
    for _ in range(draw(st.integers(0, max_steps))):
        day += dt.timedelta(days=draw(st.integers(0, 60)))
        contract = _step(draw, contract, day)
    return contract


@st.composite
def invoices(draw: st.DrawFn, currency: str = _EUR) -> m.Invoice:
    """Invoices with zero or more payments in date order, never more than the amount."""
    places = m.minor_unit(currency)
    units = draw(st.integers(1, 10**8))
    amount = m.Money(Decimal(units).scaleb(-places), currency)
    issued = draw(_days)
    gated = draw(st.booleans())
    invoice = m.Invoice(
        number=draw(identifiers("INV-")),
        contract_id=draw(identifiers("k-")),
        client_id=draw(st.sampled_from(["c-a", "c-b", "c-c"])),
        instalment=draw(st.integers(1, 4)),
        amount=amount,
        issued_on=issued,
        due_on=issued + dt.timedelta(days=draw(st.integers(0, 90))),
        milestone="ms0" if gated else None,
        accepted_on=issued - dt.timedelta(days=draw(st.integers(0, 20))) if gated else None,
    )
    day, left = issued, units
    for _ in range(draw(st.integers(0, 3))):
        if left == 0:
            break
        day += dt.timedelta(days=draw(st.integers(0, 120)))
        pay = draw(st.integers(1, left))
        invoice = invoice.pay(m.Money(Decimal(pay).scaleb(-places), currency), day)
        left -= pay
    return invoice
