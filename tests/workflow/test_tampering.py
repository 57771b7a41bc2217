"""Tampered documents (issue 15): stored proposals, approval states and contracts are replayed.

Each test edits a stored document the way someone editing the JSON by hand
would, and checks that reading it refuses the edit, naming the record at fault:
``loads`` on its own for what the history contradicts (state, figures, dates),
``load_verified`` for what only the authority matrix can judge. The last part
loads tampered documents marked untrusted (``loads_untrusted``: "an explicit
option may load it marked untrusted"), checked against ``loads``: what ``loads``
refuses comes back untrusted with the same problems and no entity, what it
reads comes back trusted with the same entity.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import MappingProxyType

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel import models as m
from clientel import testing as t
from clientel.errors import (
    DocumentLimitError,
    DocumentTypeError,
    InvalidInputError,
    ReplayError,
    SchemaVersionError,
    SerializationError,
)
from clientel.models import ApprovalRecord, Money, Quote
from clientel.testing import contracts, proposals
from clientel.workflow import (
    ApprovalState,
    AuthorityMatrix,
    AuthorityRule,
    ProposalAuthority,
    approval_state,
    load_verified,
    record_decision,
    required_approvals,
    sign_contract,
    verify,
)

DAY = dt.date(2027, 2, 1)
MATRIX = AuthorityMatrix(
    currency="EUR",
    rules=[
        AuthorityRule(
            role="account_manager",
            level=0,
            max_discount=0.10,
            min_margin=0.20,
            unlimited=["value"],
            sign_limit=Money(50_000, "EUR"),
        ),
        AuthorityRule(
            role="segment_manager", level=1, max_discount=0.15, min_margin=0.15, unlimited=["value"]
        ),
        AuthorityRule(
            role="bu_gm",
            level=2,
            max_discount=0.30,
            min_margin=0.05,
            unlimited=["value"],
            sign_limit=Money(500_000, "EUR"),
        ),
    ],
    holders={"p-am": "account_manager", "p-sm": "segment_manager", "p-gm": "bu_gm"},
)
AUTH = ProposalAuthority(matrix=MATRIX)


def eur(x: int | str) -> Money:
    return Money(x, "EUR")


def negotiated() -> m.Proposal:
    """Quoted at 10 % off list, a round at 14.5 % off list approved by the segment manager."""
    p = m.Proposal(
        id="pr-1",
        rfp_id="rfp-1",
        client_id="c-1",
        lead_id="p-am",
        lead_role="account_manager",
        deadline=DAY,
        price=eur(90_000),
        list_price=eur(100_000),
        cost=eur(60_000),
        floor=eur(70_000),
    )
    p = p.submit_for_review("p-am", DAY).approve("p-rev", DAY, authority=AUTH)
    p = p.submit("p-am", DAY + dt.timedelta(days=1))
    sm = ApprovalRecord(by="p-sm", role="segment_manager", on=DAY + dt.timedelta(days=2))
    return p.negotiate(
        eur(85_500), "p-am", DAY + dt.timedelta(days=2), authority=AUTH, approvals=[sm]
    )


def edited(value: object, edit: object) -> str:
    doc = json.loads(m.dumps(value))
    edit(doc["data"])  # type: ignore[operator]
    return json.dumps(doc)


# -- proposals ---------------------------------------------------------------------------------
def test_an_untouched_proposal_loads_and_verifies() -> None:
    p = negotiated()
    assert load_verified(m.dumps(p), m.Proposal, MATRIX) == p
    assert verify(p, MATRIX) is p


def test_a_proposal_edited_to_won_with_an_empty_history_is_refused_on_load() -> None:
    """The issue's case: ``"state": "won"`` with an empty history."""

    def to_won(d: dict) -> None:  # type: ignore[type-arg]
        d.update(state="won", history=[], rounds=[])

    with pytest.raises(
        SerializationError,
        match=r"Proposal\.state: the history replays to "
        r"'drafting', not to what is recorded \(got 'won'\)",
    ):
        m.loads(edited(negotiated(), to_won), m.Proposal)


def test_a_round_price_edited_alone_is_refused_on_load() -> None:
    """The issue's other case: a negotiated price edited to 1 EUR."""

    def one_euro(d: dict) -> None:  # type: ignore[type-arg]
        d["rounds"][-1]["price"]["amount"] = "1"

    with pytest.raises(SerializationError, match=r"Proposal\.rounds: the history replays to"):
        m.loads(edited(negotiated(), one_euro), m.Proposal)


def test_a_price_edited_in_the_round_and_its_event_is_refused_by_the_authority_replay() -> None:
    def one_euro(d: dict) -> None:  # type: ignore[type-arg]
        d["rounds"][-1]["price"]["amount"] = d["history"][-1]["price"]["amount"] = "1"

    text = edited(negotiated(), one_euro)
    assert m.loads(text, m.Proposal).current_price == eur(1)  # consistent: loads alone reads it
    with pytest.raises(ReplayError) as info:
        load_verified(text, m.Proposal, MATRIX)
    assert info.value.field == "history[3]"
    assert "the negotiate by p-am on 2027-02-03" in str(info.value)
    assert "nobody may approve 100.0% off list" in str(info.value)


def test_an_approval_removed_from_the_round_and_its_event_is_refused() -> None:
    def drop(d: dict) -> None:  # type: ignore[type-arg]
        d["rounds"][-1]["approvals"] = d["history"][-1]["approvals"] = []

    with pytest.raises(ReplayError, match=r"history\[3\].*needs segment_manager"):
        load_verified(edited(negotiated(), drop), m.Proposal, MATRIX)


def test_a_lead_who_approved_their_own_proposal_is_refused_on_load() -> None:
    def self_approved(d: dict) -> None:  # type: ignore[type-arg]
        d["history"][1]["by"] = "p-am"

    with pytest.raises(SerializationError, match=r"Proposal\.history\[1\]: the approve by p-am"):
        m.loads(edited(negotiated(), self_approved), m.Proposal)


def test_event_dates_never_go_backwards() -> None:
    p = negotiated()

    def backwards(d: dict) -> None:  # type: ignore[type-arg]
        d["history"][2]["on"] = "2027-01-15"

    with pytest.raises(SerializationError) as info:
        m.loads(edited(p, backwards), m.Proposal)
    assert (
        "Proposal.history[2].on: submit dated 2027-01-15, before the approve on 2027-02-01"
        in str(info.value)
    )
    with pytest.raises(InvalidInputError) as err:
        p.win("p-am", DAY)  # the last event is dated two days later
    assert err.value.field == "on"
    assert "the win is dated before the negotiate on 2027-02-03" in str(err.value)
    assert p.win("p-am", DAY + dt.timedelta(days=2)).state is m.ProposalState.WON


@given(proposals(max_steps=10), st.data())
def test_any_event_moved_before_the_one_before_it_is_refused(
    p: m.Proposal, data: st.DataObject
) -> None:
    """Property: valid proposals round-trip; pulling any event's date back is refused on load."""
    assert m.loads(m.dumps(p), m.Proposal) == p
    if len(p.history) < 2:
        return
    i = data.draw(st.integers(1, len(p.history) - 1))
    earlier = p.history[i - 1].on - dt.timedelta(days=data.draw(st.integers(1, 400)))

    def move(d: dict) -> None:  # type: ignore[type-arg]
        d["history"][i]["on"] = earlier.isoformat()

    with pytest.raises(SerializationError, match=rf"Proposal\.history\[{i}\]\.on"):
        m.loads(edited(p, move), m.Proposal)


@given(proposals(max_steps=10), st.sampled_from([s.value for s in m.ProposalState]))
def test_any_other_recorded_state_is_refused(p: m.Proposal, state: str) -> None:
    if state == p.state.value:
        return

    def restate(d: dict) -> None:  # type: ignore[type-arg]
        d["state"] = state
        d["loss_reason"] = d["loss_reason"] or "price"  # so that only the state is wrong

    with pytest.raises(SerializationError, match=r"Proposal\.(state|loss_reason)"):
        m.loads(edited(p, restate), m.Proposal)


# -- approval states ---------------------------------------------------------------------------
def pending_state() -> ApprovalState:
    """A quote 20 % off list: segment manager then BU GM (serial); the SM has approved."""
    quote = Quote.single(list_price=eur(100_000), price=eur(80_000), cost=eur(60_000))
    route = required_approvals(
        MATRIX, quote, requester="account_manager", requested_by="p-am", on=DAY
    )
    assert route.roles == ("segment_manager", "bu_gm")
    state = approval_state(MATRIX, route)
    return record_decision(MATRIX, state, ApprovalRecord(by="p-sm", role="segment_manager", on=DAY))


def test_an_untouched_approval_state_verifies() -> None:
    state = pending_state()
    assert state.status == "pending"
    assert load_verified(m.dumps(state), ApprovalState, MATRIX) == state


def test_an_approval_state_edited_to_approved_is_refused() -> None:
    def approve_all(d: dict) -> None:  # type: ignore[type-arg]
        d["approvers"][1].update(status="approved", decided_by="p-gm")  # the BU GM never did

    with pytest.raises(ReplayError) as info:
        load_verified(edited(pending_state(), approve_all), ApprovalState, MATRIX)
    assert info.value.field == "approvers[1]"
    assert "bu_gm is recorded 'approved'; the records give 'pending'" in str(info.value)


def test_a_decision_by_someone_without_the_role_is_refused() -> None:
    def forged(d: dict) -> None:  # type: ignore[type-arg]
        d["records"][0]["by"] = "p-am"  # the requester approving in the SM's name

    with pytest.raises(ReplayError) as info:
        load_verified(edited(pending_state(), forged), ApprovalState, MATRIX)
    assert info.value.field == "records[0]"


def test_a_route_edited_to_fewer_approvers_is_refused() -> None:
    def shorter(d: dict) -> None:  # type: ignore[type-arg]
        d["route"]["steps"] = d["route"]["steps"][:1]
        d["approvers"] = d["approvers"][:1]

    with pytest.raises(ReplayError) as info:
        load_verified(edited(pending_state(), shorter), ApprovalState, MATRIX)
    assert info.value.field == "route"


# -- contracts ---------------------------------------------------------------------------------
def confirmed(value: Money) -> m.Contract:
    c = m.Contract(
        id="k-1",
        client_id="c-1",
        proposal_id="pr-1",
        template_id="tpl",
        business_type="system_integration",
        value=value,
        start_on=DAY,
        end_on=DAY + dt.timedelta(days=365),
    )
    for kind, role, who in [
        (m.ConfirmationKind.COMMERCIAL, m.Role.BU_GM, "p-gm"),
        (m.ConfirmationKind.TECHNICAL, m.Role.BU_GM, "p-gm"),
        (m.ConfirmationKind.LIABILITY, m.Role.LEGAL, "p-legal"),
    ]:
        c = c.confirm(kind, role, who, DAY)
    return c


def signed(value: Money) -> m.Contract:
    holders = AuthorityMatrix(
        currency="EUR", rules=MATRIX.rules, holders={"p-gm": "bu_gm", "p-am": "account_manager"}
    )
    sig = m.Signature(signer_id="p-gm", role=m.Role.BU_GM, on=DAY + dt.timedelta(days=3))
    return sign_contract(confirmed(value), [sig], holders)


def test_a_signed_contract_verifies() -> None:
    c = signed(eur(400_000))
    assert load_verified(m.dumps(c), m.Contract, MATRIX) == c


def test_a_contract_edited_to_signed_without_signatures_is_refused_on_load() -> None:
    def no_signatures(d: dict) -> None:  # type: ignore[type-arg]
        d["signatures"] = []

    with pytest.raises(SerializationError, match=r"Contract\.state: the records lead to confirmed"):
        m.loads(edited(signed(eur(400_000)), no_signatures), m.Contract)

    def handed_over(d: dict) -> None:  # type: ignore[type-arg]
        d["state"] = "handed_over"

    with pytest.raises(SerializationError, match=r"Contract\.state: the records lead to signed"):
        m.loads(edited(signed(eur(400_000)), handed_over), m.Contract)


def test_a_contract_value_raised_beyond_the_signers_limit_is_refused() -> None:
    def raised(d: dict) -> None:  # type: ignore[type-arg]
        d["value"]["amount"] = "900000"  # the BU GM signs up to 500,000

    text = edited(signed(eur(400_000)), raised)
    assert m.loads(text, m.Contract).value == eur(900_000)
    with pytest.raises(ReplayError) as info:
        load_verified(text, m.Contract, MATRIX)
    assert info.value.field == "signatures"
    assert "no role may sign 900000 EUR" in str(info.value)


def test_contract_dates_never_go_backwards() -> None:
    def early_signature(d: dict) -> None:  # type: ignore[type-arg]
        d["signatures"][0]["on"] = "2027-01-20"

    with pytest.raises(
        SerializationError,
        match=r"Contract\.signatures\[0\]\.on: the signature by "
        r"p-gm is dated 2027-01-20, before the confirmation on 2027-02-01",
    ):
        m.loads(edited(signed(eur(400_000)), early_signature), m.Contract)

    def early_confirmation(d: dict) -> None:  # type: ignore[type-arg]
        d["confirmations"][2]["on"] = "2027-01-31"

    with pytest.raises(
        SerializationError, match=r"Contract\.confirmations\[2\]\.on: the liability"
    ):
        m.loads(edited(signed(eur(400_000)), early_confirmation), m.Contract)

    def twice(d: dict) -> None:  # type: ignore[type-arg]
        d["confirmations"][1]["kind"] = "commercial"

    with pytest.raises(SerializationError, match=r"Contract\.confirmations\[1\]: the commercial"):
        m.loads(edited(signed(eur(400_000)), twice), m.Contract)


def test_verify_refuses_other_values_and_types() -> None:
    with pytest.raises(InvalidInputError) as info:
        verify("pr-1", MATRIX)  # type: ignore[call-overload]
    assert info.value.field == "value"
    with pytest.raises(InvalidInputError) as err:
        load_verified(m.dumps(eur(5)), Money, MATRIX)  # type: ignore[type-var]
    assert err.value.field == "cls"


@given(t.contracts(max_steps=8))
def test_any_amended_contract_verifies_and_a_forged_amendment_is_refused(k: m.Contract) -> None:
    """Property: signatures are judged on the terms as signed, amendments on their own."""
    assert verify(m.loads(m.dumps(k), m.Contract), t.SIGNING_MATRIX) == k
    beyond = [a for a in k.amendments if a.signing_value > eur(50_000)]
    if not beyond:
        return
    forged = attrs.evolve(
        beyond[0], signatures=t.signatures_for(("account_manager",), beyond[0].on)
    )
    edited = attrs.evolve(
        k, amendments=tuple(forged if a is beyond[0] else a for a in k.amendments)
    )
    with pytest.raises(ReplayError) as info:
        verify(edited, t.SIGNING_MATRIX)
    assert info.value.field == "amendments"


# -- loaded marked untrusted: the data as stored and every problem, never an entity -------------
def thawed(value: object) -> object:
    """Read-only data back as JSON data (mappings to dicts, tuples to lists)."""
    if isinstance(value, MappingProxyType | dict):
        return {k: thawed(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [thawed(v) for v in value]
    return value


def both(text: str, cls: type) -> tuple[object, m.UntrustedDocument]:  # type: ignore[type-arg]
    """What ``loads`` gives (the entity or its SerializationError) and ``loads_untrusted``."""
    try:
        strict: object = m.loads(text, cls)
    except SerializationError as exc:
        strict = exc
    return strict, m.loads_untrusted(text, cls)


def test_a_proposal_edited_to_won_loads_marked_untrusted() -> None:
    def to_won(d: dict) -> None:  # type: ignore[type-arg]
        d.update(state="won", history=[], rounds=[])

    strict, doc = both(edited(negotiated(), to_won), m.Proposal)
    assert isinstance(strict, SerializationError)
    assert not doc.trusted
    assert doc.value is None
    assert doc.problems == strict.errors
    assert doc.problems == (
        "$: Proposal.state: the history replays to 'drafting', not to what is recorded (got 'won')",
    )
    assert (doc.type, doc.schema_version) == ("Proposal", m.SCHEMA_VERSION)
    assert doc.data["state"] == "won"
    assert doc.data["history"] == ()
    assert doc.data["price"]["amount"] == "90000"
    assert doc.to_records() == [
        {
            "path": "$",
            "problem": "Proposal.state: the history replays to 'drafting', not to what is "
            "recorded (got 'won')",
        }
    ]
    assert repr(doc).startswith("<UntrustedDocument Proposal (schema 6): 1 problem: $: ")


def test_the_data_of_an_untrusted_document_is_read_only() -> None:
    def one_euro(d: dict) -> None:  # type: ignore[type-arg]
        d["rounds"][-1]["price"]["amount"] = "1"

    doc = m.loads_untrusted(edited(negotiated(), one_euro), m.Proposal)
    assert doc.problems[0].startswith("$: Proposal.rounds: the history replays to")
    assert isinstance(doc.data, MappingProxyType)
    with pytest.raises(TypeError):
        doc.data["state"] = "drafting"  # type: ignore[index]
    with pytest.raises(TypeError):
        doc.data["rounds"][-1]["price"]["amount"] = "85500"  # type: ignore[index]
    assert isinstance(doc.data["rounds"], tuple)


def test_a_document_that_holds_is_trusted_and_its_value_is_what_loads_gives() -> None:
    p = negotiated()
    doc = m.loads_untrusted(m.dumps(p), m.Proposal)
    assert doc.trusted
    assert doc.problems == ()
    assert doc.value == p == m.loads(m.dumps(p), m.Proposal)
    assert doc.to_records() == []
    assert verify(doc.value, MATRIX) is doc.value  # authority: verify the trusted value


def test_a_tampered_contract_loads_marked_untrusted() -> None:
    def handed_over(d: dict) -> None:  # type: ignore[type-arg]
        d["state"] = "handed_over"

    strict, doc = both(edited(signed(eur(400_000)), handed_over), m.Contract)
    assert isinstance(strict, SerializationError)
    assert doc.problems == strict.errors
    assert "Contract.state: the records lead to signed" in doc.problems[0]
    assert (doc.value, doc.data["state"]) == (None, "handed_over")

    def early_signature(d: dict) -> None:  # type: ignore[type-arg]
        d["signatures"][0]["on"] = "2027-01-20"

    doc = m.loads_untrusted(edited(signed(eur(400_000)), early_signature), m.Contract)
    assert (
        "Contract.signatures[0].on: the signature by p-gm is dated 2027-01-20" in (doc.problems[0])
    )


def test_several_problems_are_all_listed() -> None:
    def two_wrong_types(d: dict) -> None:  # type: ignore[type-arg]
        d["client_id"] = 44
        d["deadline"] = None

    strict, doc = both(edited(negotiated(), two_wrong_types), m.Proposal)
    assert isinstance(strict, SerializationError)
    assert len(doc.problems) == 2
    assert doc.problems == strict.errors
    assert {line.split(":")[0] for line in doc.problems} == {"$.client_id", "$.deadline"}


def test_what_is_not_a_document_of_the_type_still_raises() -> None:
    text = m.dumps(negotiated())
    with pytest.raises(DocumentTypeError):
        m.loads_untrusted(text, m.Contract)
    with pytest.raises(SchemaVersionError):
        m.loads_untrusted(text.replace('"schema_version": 6', '"schema_version": 99'), m.Proposal)
    with pytest.raises(DocumentLimitError):
        m.loads_untrusted(text, m.Proposal, max_size=100)
    for bad in ("{", '{"schema_version": 6, "type": "Proposal"}', "[]", b"\xff", 5):
        with pytest.raises(SerializationError):
            m.loads_untrusted(bad, m.Proposal)  # type: ignore[arg-type]


def test_stored_v1_documents_load_trusted_after_migration() -> None:
    stored = Path(__file__).parents[1] / "models" / "data" / "v1" / "proposal.json"
    text = stored.read_text(encoding="utf-8")
    doc = m.loads_untrusted(text, m.Proposal)
    assert doc.trusted
    assert doc.schema_version == 1
    assert doc.value == m.loads(text, m.Proposal)


@given(proposals(max_steps=10), st.sampled_from([s.value for s in m.ProposalState]))
def test_untrusted_is_exactly_what_loads_refuses(p: m.Proposal, state: str) -> None:
    """Property: for any proposal, edited to any state, the two readers agree."""

    def restate(d: dict) -> None:  # type: ignore[type-arg]
        d["state"] = state

    for text in (m.dumps(p), edited(p, restate)):
        strict, doc = both(text, m.Proposal)
        if isinstance(strict, SerializationError):
            assert (doc.trusted, doc.value, doc.problems) == (False, None, strict.errors)
        else:
            assert (doc.trusted, doc.value, doc.problems) == (True, strict, ())
        assert thawed(doc.data) == json.loads(text)["data"]  # the data as stored
        assert doc.trusted == (state == p.state.value or text == m.dumps(p))


@given(contracts())
def test_any_contract_with_its_state_edited_is_untrusted(k: m.Contract) -> None:
    others = [s.value for s in m.ContractState if s is not k.state]

    def restate(d: dict) -> None:  # type: ignore[type-arg]
        d["state"] = others[0]

    assert m.loads_untrusted(m.dumps(k), m.Contract).value == k
    strict, doc = both(edited(k, restate), m.Contract)
    assert isinstance(strict, SerializationError)  # a state its records do not lead to
    assert (doc.trusted, doc.value, doc.problems) == (False, None, strict.errors)
    assert "state" in doc.problems[0]
