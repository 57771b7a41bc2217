"""From RFP to handover (steps 2.5-2.6): billing schedules, drafting, archive, handover."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel import models as m
from clientel.errors import InvalidInputError, LifecycleError, MissingDataError
from clientel.testing import money
from clientel.workflow import (
    AuthorityMatrix,
    AuthorityRule,
    ProposalAuthority,
    archive_contract,
    billing_schedule,
    draft_contract,
    hand_over,
    required_signers,
    sign_contract,
)

R = m.Role
START = dt.date(2027, 4, 1)


def eur(x: str | int) -> m.Money:
    return m.Money(x, "EUR")


@given(
    money(st.sampled_from(["EUR", "JPY", "KWD"]), min_value=0, max_value=10**8),
    st.lists(st.integers(0, 1000), min_size=1, max_size=12).filter(any),
    st.data(),
)
def test_billing_schedules_sum_exactly_and_stay_within_a_unit(
    value: m.Money, weights: list[int], data: st.DataObject
) -> None:
    offsets = sorted(
        data.draw(st.lists(st.integers(0, 720), min_size=len(weights), max_size=len(weights)))
    )
    dates = [START + dt.timedelta(days=d) for d in offsets]
    plan = billing_schedule(value, dates, weights)
    assert m.Money.sum((i.amount for i in plan), value.currency) == value
    assert [i.due_on for i in plan] == dates
    unit = Fraction(1, 10**value.minor_unit)
    total = sum(weights)
    for inst, w in zip(plan, weights, strict=True):
        exact = Fraction(value.amount) * w / total  # independent exact share
        assert abs(Fraction(inst.amount.amount) - exact) < unit
        assert inst.amount.currency == value.currency
    equal = billing_schedule(value, dates)
    amounts = [i.amount.amount for i in equal]
    assert max(amounts) - min(amounts) <= unit


def test_billing_schedule_bad_input() -> None:
    d = [START, START + dt.timedelta(30)]
    with pytest.raises(InvalidInputError, match="dates") as err:
        billing_schedule(eur(100), [])
    assert err.value.field == "dates"
    with pytest.raises(InvalidInputError, match=r"dates\[1\]") as err:
        billing_schedule(eur(100), d[::-1])
    assert err.value.field == "dates[1]"
    with pytest.raises(InvalidInputError, match="weights") as err:
        billing_schedule(eur(100), d, [1])
    assert err.value.field == "weights"
    with pytest.raises(InvalidInputError, match="labels") as err:
        billing_schedule(eur(100), d, labels=["a"])
    assert err.value.field == "labels"
    with pytest.raises(InvalidInputError, match="weights must not all be zero") as err:
        billing_schedule(eur(100), d, [0, 0])
    assert err.value.field == "weights"
    with pytest.raises(InvalidInputError, match="value") as err:
        billing_schedule(eur(-1), d)
    assert err.value.field == "value"
    with pytest.raises(InvalidInputError, match="round") as err:
        billing_schedule(eur("100.001"), d)
    assert err.value.field == "amount"


def approved_template() -> m.ContractTemplate:
    t = m.ContractTemplate(
        id="tpl-si",
        business_type="system_integration",
        name="System integration",
        required_parts=("scope_of_work", "financial_agreement", "confidentiality"),
    )
    return t.approve(R.BG_GM, "p-bg", dt.date(2027, 1, 5)).approve(
        R.LEGAL, "p-legal", dt.date(2027, 1, 6)
    )


PARTS = {
    "scope_of_work": "SOW v3: core banking integration",
    "financial_agreement": "fixed price, 3 instalments",
    "confidentiality": "mutual NDA, 5 years",
    "warranty": "90 days",
}


def test_worked_example_from_rfp_to_handover() -> None:
    """One RFP walked through steps 2.5.1-2.6.6 of the process."""
    # 2.5.1 RFP and statement of work
    rfp = m.RFP(
        id="rfp-17",
        client_id="c-bank",
        title="Core banking integration",
        received_on=dt.date(2027, 1, 4),
        due_on=dt.date(2027, 2, 1),
        business_type="system_integration",
        estimated_value=eur(500_000),
    )
    sow = m.StatementOfWork(id="sow-17", rfp_id=rfp.id, deliverables=["design", "build", "test"])
    # 2.5.2 bid decision by the marketing lead
    bid = m.BidDecision(rfp_id=rfp.id, bid=True, decided_by="p-mkt", decided_on=dt.date(2027, 1, 8))
    assert bid.bid
    # numbering (2.5 success factor)
    pattern = m.NumberPattern(
        unit="NWIT", types={"proposal": "P", "contract": "C"}, check="mod37_36"
    )
    issued = ["NWIT-2027-P0001-" + m.mod37_36_check("NWIT-2027-P0001")]
    number = m.next_number(pattern, issued, doc_type="proposal", fiscal_year=2027)
    assert m.parse_number(pattern, number).sequence == 2
    # 2.5.3 drafting
    p = m.Proposal(
        id="pr-17",
        number=number,
        rfp_id=rfp.id,
        client_id=rfp.client_id,
        lead_id="p-am01",
        lead_role="account_manager",
        contributors=["p-pre01", "p-fin01"],
        deadline=dt.date(2027, 1, 29),
        price=eur(480_000),
        structure=["executive summary", "solution", "plan", "price"],
        reviewer_id="p-gm",
        follow_up_owner_id="p-am01",
        business_type=rfp.business_type,
        start_on=START,
        end_on=dt.date(2027, 12, 31),
        payment_terms=[
            m.PaymentTerm(label="signature", weight=30, due_on=START),
            m.PaymentTerm(label="go-live", weight=50, due_on=dt.date(2027, 9, 1)),
            m.PaymentTerm(label="acceptance", weight=20, due_on=dt.date(2027, 12, 31)),
        ],
    )
    assert sow.rfp_id == p.rfp_id
    # 2.5.5 internal review by the named reviewer
    review = m.ProposalReview(
        reviewer_id="p-gm",
        on=dt.date(2027, 1, 25),
        results=[m.CriterionResult(criterion=c, passed=True) for c in m.ReviewCriterion],
    )
    p = p.submit_for_review("p-am01", dt.date(2027, 1, 22))
    p = p.approve("p-gm", dt.date(2027, 1, 25), review=review)
    # 2.5.6 submit and negotiate within authority (5 % alone, 10 % with the GM); one matrix
    # also gives the signing limits of 2.6.4 (AM 50k, BU GM 500k, BG GM 2M).
    matrix = AuthorityMatrix(
        currency="EUR",
        rules=[
            AuthorityRule(
                role=R.ACCOUNT_MANAGER,
                level=0,
                max_discount=0.05,
                unlimited=["value"],
                sign_limit=eur(50_000),
            ),
            AuthorityRule(
                role=R.BU_GM,
                level=1,
                max_discount=0.10,
                unlimited=["value"],
                sign_limit=eur(500_000),
            ),
            AuthorityRule(
                role=R.BG_GM,
                level=2,
                max_discount=0.20,
                unlimited=["value"],
                sign_limit=eur(2_000_000),
            ),
        ],
    )
    authority = ProposalAuthority(matrix=matrix)
    p = p.submit("p-am01", dt.date(2027, 1, 29))
    p = p.negotiate(eur(465_000), "p-am01", dt.date(2027, 2, 10), authority=authority)
    gm = m.ApprovalRecord(by="p-gm", role="bu_gm", on=dt.date(2027, 2, 19), comment="keep the bank")
    p = p.negotiate(
        eur(440_000), "p-am01", dt.date(2027, 2, 20), authority=authority, approvals=[gm]
    )
    assert [(r.number, r.role, [a.by for a in r.approvals]) for r in p.rounds] == [
        (1, "account_manager", []),
        (2, "account_manager", ["p-gm"]),
    ]
    # 2.5.7 won; the follow-up owner records the outcome
    p = p.win("p-am01", dt.date(2027, 3, 1), note="value over price")
    outcome = m.ProposalOutcome.of(p)
    assert (outcome.won, outcome.final_price, outcome.rounds) == (True, eur(440_000), 2)
    assert p.replay() == p == p.replay(authority=authority)
    # 2.6.1-2.6.2 draft from the approved template
    contract = draft_contract(
        p, approved_template(), id="k-17", parts=PARTS, ceremony_over=eur(1_000_000)
    )
    assert contract.value == eur(440_000)
    assert [str(i.amount) for i in contract.billing] == [
        "132000.00 EUR",
        "220000.00 EUR",
        "88000.00 EUR",
    ]
    assert [i.label for i in contract.billing] == ["signature", "go-live", "acceptance"]
    assert (contract.start_on, contract.end_on, contract.ceremony) == (
        START,
        dt.date(2027, 12, 31),
        False,
    )
    # 2.6.3 GM confirms commercial and technical parts, legal confirms liability
    day = dt.date(2027, 3, 10)
    contract = contract.confirm(m.ConfirmationKind.COMMERCIAL, R.BU_GM, "p-gm", day)
    contract = contract.confirm(m.ConfirmationKind.TECHNICAL, R.BU_GM, "p-gm", day)
    contract = contract.confirm(m.ConfirmationKind.LIABILITY, R.LEGAL, "p-legal", day)
    # 2.6.4 sign within authority: the BU GM's own 500k covers 440k
    chain = required_signers(matrix, contract.value, business_type=contract.business_type)
    assert chain.roles == ("bu_gm",)
    contract = sign_contract(
        contract, [m.Signature(signer_id="p-gm", role=R.BU_GM, on=day)], matrix
    )
    # 2.6.5 archive under a contract number
    number = m.next_number(
        pattern, [*issued, p.number or ""], doc_type="contract", fiscal_year=2027
    )
    contract, record = archive_contract(
        contract,
        number=number,
        by="p-admin",
        on=day,
        pattern=pattern,
        documents=["contract", "proposal"],
    )
    assert record.number == contract.number == number
    # 2.6.6 hand over to the project director and finance
    contract, handover = hand_over(
        contract,
        project_director_id="p-pd01",
        finance_id="p-fin02",
        on=dt.date(2027, 3, 15),
        scope=sow.deliverables,
        milestones=["go-live", "acceptance"],
    )
    assert contract.state is m.ContractState.HANDED_OVER
    assert m.Money.sum((i.amount for i in handover.billing), "EUR") == contract.value
    assert handover.contract_number == number
    for obj in (contract, record, handover, outcome, p):
        assert m.from_data(m.to_data(obj), type(obj)) == obj


def won(**kw: object) -> m.Proposal:
    base: dict[str, object] = {
        "id": "pr-1",
        "rfp_id": "rfp-1",
        "client_id": "c-1",
        "lead_id": "a",
        "deadline": START,
        "price": eur(100_000),
    }
    p = m.Proposal(**{**base, **kw})  # type: ignore[arg-type]
    return p.submit_for_review("a", START).approve("b", START).submit("a", START).win("a", START)


def test_draft_contract_checks() -> None:
    tpl = approved_template()
    dates = {"start_on": START, "end_on": dt.date(2027, 12, 31)}
    open_p = won().replay(won().history[:-1])
    with pytest.raises(LifecycleError, match="cannot 'draft_contract' from state 'submitted'"):
        draft_contract(open_p, tpl, id="k", parts=PARTS, **dates)
    raw = m.ContractTemplate(
        id="t", business_type="system_integration", name="x", required_parts=["a"]
    )
    with pytest.raises(LifecycleError, match="from state 'unapproved'"):
        draft_contract(won(), raw, id="k", parts=PARTS, **dates)
    half = raw.approve(R.BG_GM, "p", START)
    with pytest.raises(LifecycleError, match="from state 'bg_gm_approved'"):
        draft_contract(won(), half, id="k", parts=PARTS, **dates)
    with pytest.raises(InvalidInputError, match="proposal for outsourcing") as err:
        draft_contract(won(business_type="outsourcing"), tpl, id="k", parts=PARTS, **dates)
    assert err.value.field == "template.business_type"
    with pytest.raises(MissingDataError, match=r"\['confidentiality'\]") as err:
        draft_contract(won(), tpl, id="k", parts={k: PARTS[k] for k in list(PARTS)[:2]}, **dates)
    assert err.value.field == "parts"
    with pytest.raises(InvalidInputError, match="blank") as err:
        draft_contract(won(), tpl, id="k", parts={**PARTS, "warranty": " "}, **dates)
    assert err.value.field == "parts"
    with pytest.raises(MissingDataError, match="start_on") as err:
        draft_contract(won(), tpl, id="k", parts=PARTS)
    assert err.value.field == "start_on"
    c = draft_contract(won(), tpl, id="k", parts=PARTS, **dates)
    assert c.billing == ()
    with pytest.raises(MissingDataError, match="billing schedule") as err:
        hand_over(_archived(c), project_director_id="p", finance_id="f", on=START)
    assert err.value.field == "Contract.billing"


def _archived(c: m.Contract) -> m.Contract:
    for kind, role in [
        (m.ConfirmationKind.COMMERCIAL, R.BU_GM),
        (m.ConfirmationKind.TECHNICAL, R.BU_GM),
        (m.ConfirmationKind.LIABILITY, R.LEGAL),
    ]:
        c = c.confirm(kind, role, "p", START)
    return c.sign([m.Signature(signer_id="p", role=R.BU_GM, on=START)]).archive("N-1", "adm")


def test_archive_number_checks() -> None:
    pattern = m.NumberPattern(unit="NWIT", types={"proposal": "P", "contract": "C"})
    c = draft_contract(
        won(), approved_template(), id="k", parts=PARTS, start_on=START, end_on=START
    )
    with pytest.raises(LifecycleError, match="cannot 'archive' from state 'draft'"):
        archive_contract(c, number="NWIT-2027-C0001", by="adm", on=START)
    with pytest.raises(InvalidInputError, match="does not follow") as err:
        archive_contract(c, number="NWIT-27-C1", by="adm", on=START, pattern=pattern)
    assert err.value.field == "number"
    with pytest.raises(InvalidInputError, match="a proposal number") as err:
        archive_contract(c, number="NWIT-2027-P0001", by="adm", on=START, pattern=pattern)
    assert err.value.field == "number"
    with pytest.raises(InvalidInputError, match="already issued") as err:
        archive_contract(
            c,
            number="NWIT-2027-C0001",
            by="adm",
            on=START,
            pattern=pattern,
            issued=["NWIT-2027-C0001"],
        )
    assert err.value.field == "number"
    with pytest.raises(LifecycleError, match="cannot 'hand_over' from state 'draft'"):
        hand_over(c, project_director_id="p", finance_id="f", on=START)
