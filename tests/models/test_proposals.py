"""Proposals: lifecycle, reviews, negotiation authority, outcomes, inquiries (2.3.5, 2.5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel import models as m
from clientel.errors import AuthorityError, InvalidInputError, LifecycleError, MissingDataError
from clientel.models import PROPOSAL_TRANSITIONS
from clientel.testing import inquiry_outcomes, proposal_reviews, proposals, rfps

DAY = dt.date(2027, 1, 15)
EUR = "EUR"
ACTIONS = [
    "submit_for_review",
    "approve",
    "reject",
    "submit",
    "negotiate",
    "win",
    "lose",
    "withdraw",
]
REACHABLE = {m.ProposalState.DRAFTING} | set(PROPOSAL_TRANSITIONS.values())


def draft(**kw: object) -> m.Proposal:
    base: dict[str, object] = {
        "id": "pr-1",
        "rfp_id": "rfp-1",
        "client_id": "c-1",
        "lead_id": "p-am01",
        "deadline": dt.date(2027, 2, 1),
        "price": m.Money("480000", EUR),
    }
    return m.Proposal(**{**base, **kw})  # type: ignore[arg-type]


def passing(by: str = "p-rev") -> m.ProposalReview:
    return m.ProposalReview(
        reviewer_id=by,
        on=DAY,
        results=[m.CriterionResult(criterion=c, passed=True) for c in m.ReviewCriterion],
    )


def allow(proposal: m.Proposal, event: m.ProposalEvent) -> None:
    """An authority check that allows everything (the lifecycle alone is under test)."""


def act(p: m.Proposal, action: str) -> m.Proposal:
    if action == "negotiate":
        return p.negotiate(m.Money("470000", EUR), "p-am01", DAY, authority=allow)
    if action == "lose":
        return p.lose("p-am01", DAY, m.LossReason.PRICE)
    if action in {"approve", "reject"}:
        return getattr(p, action)("p-rev", DAY)  # type: ignore[no-any-return]
    return getattr(p, action)("p-am01", DAY)  # type: ignore[no-any-return]


@given(st.lists(st.sampled_from(ACTIONS), max_size=25))
def test_random_transition_sequences_never_reach_an_illegal_state(actions: list[str]) -> None:
    p = draft()
    for action in actions:
        before = p
        if (p.state, action) not in PROPOSAL_TRANSITIONS:
            with pytest.raises(LifecycleError) as info:
                act(p, action)
            assert (info.value.state, info.value.transition) == (before.state.value, action)
            assert p == before  # nothing half-changed
            continue
        p = act(p, action)
        assert p.state is PROPOSAL_TRANSITIONS[(before.state, action)]
        assert p.history[:-1] == before.history
        assert p.history[-1].action == action
        assert p.state in REACHABLE
    assert p.replay() == p
    assert p.replay(p.history) == p
    assert (p.state is m.ProposalState.LOST) == (p.loss_reason is not None)


@given(proposals(max_steps=12))
def test_replay_rebuilds_and_json_round_trips(p: m.Proposal) -> None:
    assert p.replay() == p
    assert m.from_data(m.to_data(p), m.Proposal) == p
    assert m.loads(m.dumps(p), m.Proposal) == p


def test_replay_of_an_illegal_history_raises() -> None:
    events = [m.ProposalEvent(action="win", by="p-am01", on=DAY)]
    with pytest.raises(LifecycleError, match="cannot 'win' from state 'drafting'"):
        draft().replay(events)


def test_named_reviewer_and_review_criteria() -> None:
    p = draft(reviewer_id="p-rev").submit_for_review("p-am01", DAY)
    with pytest.raises(AuthorityError, match="only the named reviewer p-rev"):
        p.approve("p-am01", DAY)
    failing = m.ProposalReview(
        reviewer_id="p-rev",
        on=DAY,
        results=[
            m.CriterionResult(criterion=m.ReviewCriterion.TECHNICAL, passed=True),
            m.CriterionResult(criterion=m.ReviewCriterion.FINANCIAL, passed=False),
        ],
    )
    with pytest.raises(
        InvalidInputError, match=r"failed \['financial'\], not judged \['delivery'\]"
    ):
        p.approve("p-rev", DAY, review=failing)
    with pytest.raises(InvalidInputError, match="review is by p-x"):
        p.approve("p-rev", DAY, review=passing("p-x"))
    back = p.reject("p-rev", DAY, "price too thin", review=failing)
    assert back.state is m.ProposalState.DRAFTING
    again = back.submit_for_review("p-am01", DAY).approve("p-rev", DAY, review=passing())
    assert again.state is m.ProposalState.APPROVED
    assert again.reviews == (failing, passing())
    assert again.replay() == again
    assert m.from_data(m.to_data(again), m.Proposal) == again


@given(proposal_reviews())
def test_review_passes_iff_every_criterion_passed(review: m.ProposalReview) -> None:
    judged = {r.criterion: r.passed for r in review.results}
    assert review.passed == (len(judged) == 3 and all(judged.values()))
    assert set(review.failed) | set(review.missing) <= {c.value for c in m.ReviewCriterion}
    assert m.from_data(m.to_data(review), m.ProposalReview) == review


def test_review_judges_each_criterion_once() -> None:
    twice = [m.CriterionResult(criterion=m.ReviewCriterion.TECHNICAL, passed=True)] * 2
    with pytest.raises(InvalidInputError, match="once"):
        m.ProposalReview(reviewer_id="p", on=DAY, results=twice)


def submitted() -> m.Proposal:
    return draft().submit_for_review("p-am01", DAY).approve("p-gm", DAY).submit("p-am01", DAY)


def test_the_lead_never_reviews_their_own_proposal() -> None:
    """With no reviewer named, anyone but the lead approves (issue 13)."""
    p = draft().submit_for_review("p-am01", DAY)
    for action in ("approve", "reject"):
        with pytest.raises(AuthorityError, match="does not review their own") as info:
            getattr(p, action)("p-am01", DAY)
        assert info.value.field == "by"
    named = draft(reviewer_id="p-am01").submit_for_review("p-am01", DAY)
    with pytest.raises(AuthorityError, match="does not review their own"):
        named.approve("p-am01", DAY)
    assert p.approve("p-gm", DAY).state is m.ProposalState.APPROVED


def test_nobody_approves_their_own_discount_or_quote() -> None:
    own = m.ApprovalRecord(by="p-am01", role="account_manager", on=DAY)
    proxy = m.ApprovalRecord(by="p-x", role="bu_gm", on=DAY, on_behalf_of="p-am01")
    for record in (own, proxy):
        with pytest.raises(AuthorityError, match="own discount") as info:
            submitted().negotiate(
                m.Money("470000", EUR), "p-am01", DAY, authority=allow, approvals=[record]
            )
        assert info.value.field == "approvals[0].by"
        with pytest.raises(AuthorityError, match="own quote"):
            draft().submit_for_review("p-am01", DAY).approve("p-gm", DAY, approvals=[record])
    late = m.ApprovalRecord(by="p-gm", role="bu_gm", on=DAY + dt.timedelta(1))
    with pytest.raises(InvalidInputError, match="after the negotiate") as info:
        submitted().negotiate(
            m.Money("470000", EUR), "p-am01", DAY, authority=allow, approvals=[late]
        )
    assert info.value.field == "approvals[0].on"


def test_the_authority_check_sees_the_proposal_before_the_event_and_can_refuse() -> None:
    seen: list[tuple[str, str, str | None, int]] = []

    def check(proposal: m.Proposal, event: m.ProposalEvent) -> None:
        seen.append((event.action, str(event.price), event.role, len(proposal.rounds)))
        if event.price is not None and event.price < m.Money("460000", EUR):
            raise AuthorityError("too low", field="price")

    p = submitted()
    ok = p.negotiate(m.Money("470000", EUR), "p-am01", DAY, authority=check, role="account_manager")
    with pytest.raises(AuthorityError, match="too low"):
        ok.negotiate(m.Money("450000", EUR), "p-am01", DAY, authority=check, role="account_manager")
    assert seen == [
        ("negotiate", "470000 EUR", "account_manager", 0),
        ("negotiate", "450000 EUR", "account_manager", 1),
    ]
    assert ok.replay(authority=check) == ok  # replay asks the check again, approval included
    assert [action for action, *_ in seen[2:]] == ["approve", "negotiate"]
    # a history edited outside clientel is refused on replay
    forged = attrs.evolve(ok.history[-1], price=m.Money("400000", EUR))
    with pytest.raises(AuthorityError, match="too low"):
        ok.replay([*ok.history[:-1], forged], authority=check)
    # legacy events (schema 1) are replayed without checks
    legacy = attrs.evolve(forged, legacy=True)
    assert ok.replay([*ok.history[:-1], legacy], authority=check).current_price == forged.price


def test_a_priced_proposal_is_approved_only_with_an_authority() -> None:
    p = draft(list_price=m.Money("500000", EUR)).submit_for_review("p-am01", DAY)
    with pytest.raises(AuthorityError, match="list price") as info:
        p.approve("p-gm", DAY)
    assert info.value.field == "authority"
    assert p.approve("p-gm", DAY, authority=allow).state is m.ProposalState.APPROVED


def test_the_quote_is_measured_off_list() -> None:
    p = draft(
        list_price=m.Money("500000", EUR),
        cost=m.Money("300000", EUR),
        payment_days=45,
        clauses={"cap": "liability capped at the fee"},
    )
    q = p.quote(m.Money("427500", EUR))  # 10 % off 475000, i.e. 14.5 % off list
    assert (q.discount, round(q.margin or 0, 25), q.payment_days) == (
        Decimal("0.145"),
        round(Decimal(127500) / Decimal(427500), 25),
        45,
    )
    assert draft().quote().list_price == draft().price  # no list: the quoted price stands for it
    with pytest.raises(InvalidInputError, match=r"Proposal\.cost"):
        draft(cost=m.Money("1", "USD"))


def test_outcome_records_for_win_loss_analytics() -> None:
    lost = submitted().lose("p-am01", DAY, m.LossReason.COMPETITOR_INCUMBENT, note="incumbent")
    with pytest.raises(MissingDataError, match="follow-up owner"):
        m.ProposalOutcome.of(lost)
    out = m.ProposalOutcome.of(lost, owner_id="p-am01", competitor_id="comp-1")
    assert (out.result, out.reason, out.note, out.won) == (
        m.ProposalState.LOST,
        m.LossReason.COMPETITOR_INCUMBENT,
        "incumbent",
        False,
    )
    won = draft(follow_up_owner_id="p-fu").submit_for_review("a", DAY).approve("b", DAY)
    won = won.submit("a", DAY).negotiate(m.Money("450000", EUR), "a", DAY, authority=allow)
    won = won.win("a", dt.date(2027, 3, 1))
    rec = m.ProposalOutcome.of(won)
    assert (rec.owner_id, rec.final_price, rec.rounds, rec.decided_on) == (
        "p-fu",
        m.Money("450000", EUR),
        1,
        dt.date(2027, 3, 1),
    )
    assert m.from_data(m.to_data(rec), m.ProposalOutcome) == rec
    with pytest.raises(LifecycleError, match="still open"):
        m.ProposalOutcome.of(submitted(), owner_id="p")
    with pytest.raises(InvalidInputError, match="result"):
        m.ProposalOutcome(
            proposal_id="p",
            client_id="c",
            owner_id="o",
            result=m.ProposalState.SUBMITTED,
            decided_on=DAY,
            quoted=m.Money(1, EUR),
            final_price=m.Money(1, EUR),
        )


def test_proposal_field_checks() -> None:
    with pytest.raises(InvalidInputError, match=r"Proposal\.end_on"):
        draft(start_on=DAY, end_on=DAY - dt.timedelta(1))
    term = m.PaymentTerm(label="a", weight=1, due_on=DAY)
    late = m.PaymentTerm(label="b", weight=1, due_on=DAY - dt.timedelta(1))
    with pytest.raises(InvalidInputError, match=r"payment_terms\[1\]"):
        draft(payment_terms=[term, late])
    with pytest.raises(InvalidInputError, match="not all be zero"):
        draft(payment_terms=[m.PaymentTerm(label="a", weight=0, due_on=DAY)])
    with pytest.raises(InvalidInputError, match="loss_reason"):
        draft(state=m.ProposalState.LOST)
    with pytest.raises(InvalidInputError, match="needs a price in EUR"):
        submitted().negotiate(m.Money("1", "USD"), "p-am01", DAY, authority=allow)


@given(rfps())
def test_rfps_round_trip(rfp: m.RFP) -> None:
    assert m.from_data(m.to_data(rfp), m.RFP) == rfp


@given(inquiry_outcomes(), st.dates(dt.date(2024, 1, 1), dt.date(2031, 12, 31)))
def test_inquiry_outcomes(out: m.InquiryOutcome, on: dt.date) -> None:
    assert m.from_data(m.to_data(out), m.InquiryOutcome) == out
    expected = (
        out.closed_on is None
        and out.follow_up_due is not None
        and out.follow_up_due < on
        and not out.follow_ups
    )
    assert out.overdue(on) == expected
    if out.decision is m.InquiryDecision.PURSUE:
        assert out.fits_strategy is not False
        assert out.owner_id is not None
    if out.closed:
        with pytest.raises(LifecycleError, match="from state 'closed'"):
            out.follow_up("p", dt.date(2032, 1, 1), "late")


def test_inquiry_outcome_rules() -> None:
    base: dict[str, object] = {
        "inquiry_id": "inq-1",
        "decided_by": "p-mkt",
        "decided_on": DAY,
    }
    with pytest.raises(InvalidInputError, match="does not fit the strategy"):
        m.InquiryOutcome(
            decision=m.InquiryDecision.PURSUE, fits_strategy=False, owner_id="a", **base
        )  # type: ignore[arg-type]
    with pytest.raises(MissingDataError, match="owner"):
        m.InquiryOutcome(decision=m.InquiryDecision.PURSUE, **base)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="follow_up_due"):
        m.InquiryOutcome(
            decision=m.InquiryDecision.DECLINE,
            follow_up_due=DAY - dt.timedelta(1),
            **base,  # type: ignore[arg-type]
        )
    out = m.InquiryOutcome(decision=m.InquiryDecision.NEED_INFO, **base)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"follow_ups\[0\]"):
        out.follow_up("p", DAY - dt.timedelta(1), "too early")
    closed = out.follow_up("p", DAY, "asked for budget").close(DAY, opportunity_id="opp-3")
    assert closed.opportunity_id == "opp-3"
    with pytest.raises(LifecycleError):
        closed.close(DAY)
