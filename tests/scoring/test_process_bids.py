"""Bid / no-bid (step 2.5.2) and inquiry triage (step 2.3.5): worked examples, properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.models import BusinessUnit, Inquiry, InquiryDecision, to_data
from clientel.scoring import Criterion, Direction, Gate, MissingPolicy, bid_decision, triage_inquiry

CRIT = [
    Criterion(name="fit", weight=3, bounds=(1, 5)),
    Criterion(name="relationship", weight=2, bounds=(1, 5)),
    Criterion(name="competition", weight=1, bounds=(1, 5), direction=Direction.COST),
]
GATES = [Gate(criterion="references", minimum=1), Gate(criterion="legal_risk", maximum=2)]


def test_worked_bid_example_by_hand():
    # By hand: weights 1/2, 1/3, 1/6; fit 4 -> 3/4, relationship 2 -> 1/4,
    # competition 5 (cost) -> 0. Score = 3/8 + 1/12 = 11/24 = 0.4583 < 0.6.
    vals = {"fit": 4, "relationship": 2, "competition": 5, "references": 2, "legal_risk": 1}
    card = bid_decision("rfp-1", vals, CRIT, gates=GATES)
    assert card.score == pytest.approx(11 / 24)
    assert not card.bid
    assert card.failed_gates == ()
    assert card.reasons[0].startswith("no bid: score 0.458")
    # Most points lost: relationship 1/3 - 1/12 = 1/4; fit 1/2 - 3/8 = 1/8; competition 1/6.
    assert [f.criterion for f in card.explain(3)] == [
        "relationship",
        "competition",
        "fit",
    ]
    assert to_data(card)["bid"] is False
    decision = card.to_decision(decided_by="p-mkt", decided_on=dt.date(2027, 5, 2))
    assert decision.bid is False
    assert decision.score == card.score


def test_gate_knocks_out_a_perfect_score():
    vals = {"fit": 5, "relationship": 5, "competition": 1, "references": 0, "legal_risk": None}
    card = bid_decision("rfp-2", vals, CRIT, gates=GATES)
    assert card.score == pytest.approx(1.0)
    assert not card.bid
    assert card.failed_gates == ("references", "legal_risk")


def test_bid_bad_input_names_the_criterion():
    with pytest.raises(UnknownReferenceError, match="references"):
        bid_decision("r", {"fit": 1, "relationship": 1, "competition": 1}, CRIT, gates=GATES)
    with pytest.raises(MissingDataError, match="fit"):
        bid_decision("r", {"fit": None, "relationship": 1, "competition": 1}, CRIT)
    with pytest.raises(InvalidInputError, match="bounds"):
        bid_decision("r", {"x": 1}, [Criterion(name="x")])
    with pytest.raises(InvalidInputError, match="threshold"):
        bid_decision("r", {"fit": 1, "relationship": 1, "competition": 1}, CRIT, threshold=2)


scale = st.integers(1, 5)


@given(scale, scale, scale, st.sampled_from(["fit", "relationship"]))
def test_improving_a_benefit_criterion_never_lowers_the_score(f, r, c, which):
    vals = {"fit": f, "relationship": r, "competition": c}
    before = bid_decision("r", vals, CRIT)
    after = bid_decision("r", {**vals, which: min(5, vals[which] + 1)}, CRIT)
    assert after.score >= before.score
    assert 0 <= before.score <= 1
    assert before.score == pytest.approx(sum(before.points.values()))
    assert before.bid <= after.bid


BU = BusinessUnit(
    id="bu",
    name="IT Services",
    group_id="grp",
    code="ITS",
    currency="EUR",
    offerings=["cloud", "erp"],
    target_segment_ids=["banking", "insurance"],
)


def inquiry(**kw):
    base = {"id": "inq-1", "received_on": dt.date(2027, 3, 1), "company_name": "Acme"}
    return Inquiry(**{**base, **kw})


def test_triage_pursue_decline_need_info():
    crit = [Criterion(name="budget", bounds=(0, 10))]
    ok = triage_inquiry(
        inquiry(segment_id="banking", offering="cloud", attributes={"budget": 8}),
        BU,
        criteria=crit,
        minimum_score=0.5,
    )
    assert ok.decision is InquiryDecision.PURSUE
    assert ok.fits_strategy
    assert ok.score == pytest.approx(0.8)
    low = triage_inquiry(
        inquiry(segment_id="banking", offering="cloud", attributes={"budget": 3}),
        BU,
        criteria=crit,
        minimum_score=0.5,
    )
    assert low.decision is InquiryDecision.DECLINE
    assert "below the minimum" in low.reasons[0]
    wrong = triage_inquiry(inquiry(segment_id="banking", offering="hardware"), BU)
    assert wrong.decision is InquiryDecision.DECLINE
    assert wrong.reasons == ("offering 'hardware' is not one the unit sells",)
    unknown = triage_inquiry(inquiry(offering="erp"), BU)
    assert unknown.decision is InquiryDecision.NEED_INFO
    assert unknown.reasons == ("segment not recorded",)
    out = ok.to_outcome(decided_by="p-mkt", decided_on=dt.date(2027, 3, 2), owner_id="p-am")
    assert out.fits_strategy is True
    assert to_data(ok)["decision"] == "pursue"


def test_triage_bad_input():
    with pytest.raises(InvalidInputError, match="minimum_score"):
        triage_inquiry(inquiry(), BU, minimum_score=0.5)
    crit = [Criterion(name="budget", bounds=(0, 10))]
    with pytest.raises(UnknownReferenceError, match=r"inq-1.*budget"):
        triage_inquiry(inquiry(segment_id="banking"), BU, criteria=crit)
    neutral = [Criterion(name="budget", bounds=(0, 10), missing=MissingPolicy.NEUTRAL)]
    t = triage_inquiry(inquiry(attributes={"budget": None}), BU, criteria=neutral)
    assert t.score == pytest.approx(0.5)
