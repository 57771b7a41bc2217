"""The authority engine on quotes with lines (issue 30): the worst line and the total.

Discount off list and margin are judged on the total and on every line that carries a
price decision of its own; a quote is within a role's limit only when both are.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from clientel import models as m
from clientel.errors import AuthorityError
from clientel.testing import authority_matrices, quotes
from clientel.workflow import (
    AuthorityMatrix,
    AuthorityRule,
    Dimension,
    ProposalAuthority,
    approval_state,
    reapprovals,
    record_decision,
    required_approvals,
)

DAY = dt.date(2027, 1, 20)


def eur(x: int | str) -> m.Money:
    return m.Money(x, "EUR")


MATRIX = AuthorityMatrix(
    currency="EUR",
    rules=[
        AuthorityRule(role="account_manager", level=0, max_discount=0.10, min_margin=0.25,
                      max_value=eur(250_000)),
        AuthorityRule(role="segment_manager", level=1, max_discount=0.15, min_margin=0.20,
                      max_value=eur(1_000_000)),
        AuthorityRule(role="finance", level=1, min_margin=0.12),
        AuthorityRule(role="bu_gm", level=2, max_discount=0.25, min_margin=0.12,
                      max_value=eur(5_000_000)),
        AuthorityRule(role="bg_gm", level=3, max_discount=0.40, min_margin=0.05,
                      unlimited=["value"]),
    ],
)  # fmt: skip


def _quote(licence_discount: str = "0.30", services_price: int | None = None) -> m.Quote:
    """Services 100 days at 1,000 EUR (5 % off), licences 100 at 200 EUR: 60,000 EUR off 120k."""
    services = m.QuoteLine(
        id="services",
        kind="service",
        quantity=100,
        unit="day",
        unit_price=eur(1000),
        discount="0.05",
        cost=eur(60_000),
    )
    if services_price is not None:
        services = attrs.evolve(services, price=eur(services_price))
    licences = m.QuoteLine(id="licences", quantity=100, unit="licence", unit_price=eur(200),
                           discount=licence_discount, cost=eur(8_000))  # fmt: skip
    return m.Quote(lines=[services, licences])


def test_the_worst_line_asks_for_more_than_the_total() -> None:
    """Total 95,000 + 14,000 = 109,000 off 120,000: 9.2 % off, within the account manager's
    10 %; the licences alone are 30 % off, beyond the BU GM's 25 %: the BG GM decides."""
    q = _quote()
    assert q.discount == 1 - eur(109_000) / eur(120_000)
    assert q.worst_discount == Decimal("0.30")
    route = required_approvals(MATRIX, q, requester="account_manager")
    approves = {c.dimension: c.role for s in route.steps for c in s.conditions
                if c.kind == "approves"}  # fmt: skip
    assert approves[Dimension.DISCOUNT] == "bg_gm"
    values = {c.value for s in route.steps for c in s.conditions}
    assert "30.0% off list on line licences" in values
    assert route.roles == ("segment_manager", "bu_gm", "bg_gm")  # serial: the chain up to level 3
    assert "line licences" in str(route.explain())


def test_a_quote_with_every_line_within_authority_needs_nobody() -> None:
    q = _quote(licence_discount="0.08")
    assert q.worst_line("discount") is None or q.worst_discount <= Decimal("0.10")
    assert required_approvals(MATRIX, q, requester="account_manager").steps == ()


def test_the_worst_margin_is_a_lines_or_the_totals() -> None:
    """Licences at cost 18,000 on 14,000 of price: margin -28.6 %, beyond everyone's floor."""
    q = m.Quote(lines=[attrs.evolve(x, cost=eur(18_000)) if x.id == "licences" else x
                       for x in _quote().lines])  # fmt: skip
    worst = q.worst_line("margin")
    assert worst is not None
    assert worst.id == "licences"
    assert q.worst_margin == (eur(14_000) - eur(18_000)) / eur(14_000)
    route = required_approvals(MATRIX, q, requester="account_manager")
    refused = {c.dimension: c.value for c in route.uncovered}
    assert refused[Dimension.MARGIN] == "margin -28.6% on line licences"
    # a free line (100 % off) has no margin of its own: the total carries its cost
    free = m.QuoteLine(id="gift", quantity=1, unit_price=eur(5000), discount=1, cost=eur(5000))
    q = attrs.evolve(_quote(licence_discount="0.05"), lines=[*_quote().lines[:1], free])
    assert q.worst_line("margin") is None
    assert q.worst_margin == q.margin
    assert q.worst_line("discount") is not None
    assert q.worst_line("discount").id == "gift"  # type: ignore[union-attr]


def _approve_all(quote: m.Quote) -> object:
    route = required_approvals(MATRIX, quote, requester="account_manager", requested_by="p-am",
                               on=DAY)  # fmt: skip
    state = approval_state(MATRIX, route, as_of=DAY)
    for _ in range(4):
        for a in state.pending:  # type: ignore[attr-defined]
            state = record_decision(
                MATRIX,
                state,
                m.ApprovalRecord(by=f"p-{a.role}", role=a.role, on=DAY),  # type: ignore[arg-type]
            )
    return state


def test_reapproval_follows_the_worst_line_not_every_line() -> None:
    """Approved at 30 % off on the licences. Services going from 5 % to 20 % off stay below
    the worst line: nobody is asked again. Licences going to 35 % off: the approvers of the
    discount are asked again, in chain order."""
    state = _approve_all(_quote())
    assert state.status == "approved"  # type: ignore[attr-defined]
    deeper_services = _quote(services_price=80_000)
    assert deeper_services.worst_discount == Decimal("0.30")
    assert reapprovals(MATRIX, state, deeper_services, on=DAY).status == "approved"  # type: ignore[arg-type]
    deeper_licences = _quote(licence_discount="0.35")
    again = reapprovals(MATRIX, state, deeper_licences, on=DAY)  # type: ignore[arg-type]
    assert [(a.role, a.status) for a in again.approvers if a.again] == [
        ("segment_manager", "pending"), ("bu_gm", "waiting"), ("bg_gm", "waiting")]  # fmt: skip
    better = _quote(licence_discount="0.20")
    assert reapprovals(MATRIX, state, better, on=DAY).status == "approved"  # type: ignore[arg-type]


def test_a_proposal_with_lines_is_approved_and_negotiated_line_by_line() -> None:
    q = _quote(licence_discount="0.12")
    p = m.Proposal(id="pr-1", rfp_id="r", client_id="c", lead_id="p-am",
                   lead_role="account_manager", deadline=DAY, price=q.price, lines=q.lines,
                   cost=q.cost)  # fmt: skip
    auth = ProposalAuthority(matrix=MATRIX)
    assert p.quote() == q
    p = p.submit_for_review("p-am", DAY)
    with pytest.raises(AuthorityError, match=r"12\.0% off list on line licences"):
        p.approve("p-rev", DAY, authority=auth)
    sm = m.ApprovalRecord(by="p-sm", role="segment_manager", on=DAY)
    p = p.approve("p-rev", DAY, authority=auth, approvals=[sm]).submit("p-am", DAY)
    # 5 % off the whole quote in a round: spread over the lines pro rata by price
    round_price = (q.price * Decimal("0.95")).round()
    r1 = p.quote(round_price)
    assert r1.price == round_price
    assert [x.price for x in r1.priced] == list(
        round_price.allocate([x.price.amount for x in q.priced])
    )
    with pytest.raises(AuthorityError, match="on line licences"):
        p.negotiate(round_price, "p-am", DAY, authority=auth)
    gm = m.ApprovalRecord(by="p-gm", role="bu_gm", on=DAY)
    p = p.negotiate(round_price, "p-am", DAY, authority=auth, approvals=[sm, gm])
    assert p.rounds[-1].approvals[0].quote == r1
    assert p.replay(authority=auth) == p
    assert m.loads(m.dumps(p), m.Proposal) == p


def test_a_proposal_whose_price_is_not_its_lines_total_is_refused() -> None:
    q = _quote()
    with pytest.raises(Exception) as raised:
        m.Proposal(id="pr-1", rfp_id="r", client_id="c", lead_id="p-am", deadline=DAY,
                   price=eur(1), lines=q.lines)  # fmt: skip
    assert raised.value.field == "Proposal.price"  # type: ignore[attr-defined]
    with pytest.raises(Exception) as raised:
        m.Proposal(id="pr-1", rfp_id="r", client_id="c", lead_id="p-am", deadline=DAY,
                   price=q.price, list_price=eur(1), lines=q.lines)  # fmt: skip
    assert raised.value.field == "Proposal.list_price"  # type: ignore[attr-defined]


# -- properties -----------------------------------------------------------------------------
def _requester(matrix: AuthorityMatrix, data: st.DataObject) -> str:
    return data.draw(
        st.sampled_from([r for r in matrix.roles if matrix.rule(r, "EUR").business_type is None])
    )


def _moved(q: m.Quote, line_id: str, percent: int) -> m.Quote:
    price = next(p.price for p in q.judged if p.id == line_id)
    new = max((price * Decimal(100 + percent) / 100).round(), m.Money("0.00", q.currency))
    return q.with_line(attrs.evolve(q.line(line_id), price=new))


@given(authority_matrices(), quotes("EUR"), st.data())
def test_improving_a_line_never_asks_more_approvals_than_worsening_it(
    matrix: AuthorityMatrix, q: m.Quote, data: st.DataObject
) -> None:
    """After the quote is approved, a line priced higher asks nobody again; a line priced lower
    asks again a superset of that; before approval, the better quote's route refuses no
    dimension the worse one allows and, when the worse one is approvable, reaches no higher
    level."""
    requester = _requester(matrix, data)
    line = data.draw(st.sampled_from([p.id for p in q.judged]))
    k = data.draw(st.integers(1, 60))
    better, worse = _moved(q, line, k), _moved(q, line, -k)
    assume(worse.price.amount > 0)
    rb = required_approvals(matrix, better, requester=requester)
    rw = required_approvals(matrix, worse, requester=requester)
    assert {c.dimension for c in rb.uncovered} <= {c.dimension for c in rw.uncovered}
    if rw.approvable:  # a refused dimension has no step: compare levels between approvable routes
        assert max((s.level for s in rb.steps), default=-1) <= max(
            (s.level for s in rw.steps), default=-1
        )
    route = required_approvals(matrix, q, requester=requester, requested_by="p-req", on=DAY)
    assume(route.approvable)
    state = approval_state(matrix, route)
    for _ in range(6):
        for a in state.pending:
            state = record_decision(
                matrix, state, m.ApprovalRecord(by=f"p-{a.role}", role=a.role, on=DAY)
            )
    assume(state.complete)
    improved = reapprovals(matrix, state, attrs.evolve(better, floor=None), on=DAY)
    worsened = reapprovals(matrix, state, attrs.evolve(worse, floor=None), on=DAY)
    assert improved.status == "approved"
    asked = {a.role for a in improved.approvers if a.status != "approved"}
    assert asked <= {a.role for a in worsened.approvers if a.status != "approved"}


@given(authority_matrices(), quotes("EUR"), st.data(), st.randoms(use_true_random=False))
def test_the_order_of_the_lines_changes_no_route(
    matrix: AuthorityMatrix, q: m.Quote, data: st.DataObject, rnd: random.Random
) -> None:
    requester = _requester(matrix, data)
    lines = list(q.lines)
    rnd.shuffle(lines)
    shuffled = attrs.evolve(q, lines=lines)
    a = required_approvals(matrix, q, requester=requester)
    b = required_approvals(matrix, shuffled, requester=requester)
    assert (a.steps, a.uncovered) == (b.steps, b.uncovered)


@pytest.mark.parametrize("version", [3, 4])
def test_a_stored_approval_state_before_lines_loads_with_quotes_of_one_line(version: int) -> None:
    """``data/v3/approval_state.json`` was written by clientel at schema 3, ``data/v4`` by
    clientel at schema 4 (both before lines): a route and an approval, each with the
    single-value quote decided on."""
    import json
    from pathlib import Path

    from clientel.workflow import ApprovalState

    path = Path(__file__).with_name("data") / f"v{version}" / "approval_state.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["schema_version"] == version
    state = m.from_document(doc, ApprovalState)
    assert state.status == "approved"
    quotes_in = [state.route.quote, *(r.quote for r in state.records)]
    assert [(q.lines[0].id, q.price) for q in quotes_in if q is not None] == [
        ("deal", eur(440_000)),
        ("deal", eur(440_000)),
    ]
    assert state.records[0].quote == state.route.quote
    assert m.loads(m.dumps(state), ApprovalState) == state
