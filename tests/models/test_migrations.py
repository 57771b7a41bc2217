"""Schema 1 -> 2 (issue 13): stored proposals and contracts load, their approvals as legacy records.

``data/v1/proposal.json`` and ``data/v1/contract.json`` were written by clientel
with schema 1: a round's approval was a person id (``approved_by``), signatures
were checked by adding signers' limits together.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from clientel import models as m
from clientel import workflow as w
from clientel.errors import AuthorityError, SerializationError

DATA = Path(__file__).parent / "data" / "v1"


def _doc(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    assert doc["schema_version"] == 1
    return doc


def test_a_v1_proposal_loads_with_its_approvals_as_legacy_records() -> None:
    doc = _doc("proposal.json")
    p = m.from_document(doc, m.Proposal)
    assert p.state is m.ProposalState.WON
    assert all(e.legacy and e.role is None for e in p.history)
    second = p.rounds[1]
    assert [(a.by, a.role, a.on, a.legacy, a.approved) for a in second.approvals] == [
        ("p-gm", None, dt.date(2027, 2, 20), True, True)
    ]
    assert p.rounds[0].approvals == ()
    assert [a.by for a in p.approvals] == ["p-gm"]
    # the v1 fields are all there, the new ones take their defaults
    stored = doc["data"]
    assert (p.price, p.lead_id, p.reviewer_id) == (
        m.Money(stored["price"]["amount"], "EUR"),
        stored["lead_id"],
        stored["reviewer_id"],
    )
    assert (p.list_price, p.lead_role, p.clauses) == (None, None, {})

    # legacy events replay, and an authority check is never asked about them
    def refuse(proposal: m.Proposal, event: m.ProposalEvent) -> None:
        raise AuthorityError("not asked", field="x")

    assert p.replay() == p == p.replay(authority=refuse)
    # written back as schema 2 and read again unchanged
    assert m.loads(m.dumps(p), m.Proposal) == p


def test_a_v1_contract_loads_with_legacy_signatures() -> None:
    contract = m.from_document(_doc("contract.json"), m.Contract)
    assert contract.state is m.ContractState.HANDED_OVER
    assert [(s.signer_id, s.role, s.legacy, s.on_behalf_of) for s in contract.signatures] == [
        ("p-gm", m.Role.BU_GM, True, None)
    ]
    assert m.loads(m.dumps(contract), m.Contract) == contract


def test_v1_events_rounds_and_quotes_migrate_on_their_own() -> None:
    event = {
        "action": "negotiate",
        "approved_by": "p-gm",
        "by": "p-am01",
        "note": "",
        "on": "2027-02-20",
        "price": {"amount": "440000", "currency": "EUR"},
        "reason": None,
        "review": None,
    }
    loaded = m.from_document(
        {"schema_version": 1, "type": "ProposalEvent", "data": event}, m.ProposalEvent
    )
    assert loaded.legacy
    assert [a.by for a in loaded.approvals] == ["p-gm"]
    quote = {
        "value": {"amount": "88000", "currency": "EUR"},
        "discount": 0.12,
        "margin": 0.25,
        "non_standard_terms": True,
    }
    q = m.from_document({"schema_version": 1, "type": "Quote", "data": quote}, m.Quote)
    # list = 88000 / (1 - 0.12) = 100000; cost = 88000 * (1 - 0.25) = 66000
    assert (q.list_price, q.price, q.cost) == (
        m.Money("100000.00", "EUR"),
        m.Money("88000", "EUR"),
        m.Money("66000.00", "EUR"),
    )
    assert (q.discount, q.margin, list(q.clauses)) == (
        m.Money(12, "EUR") / m.Money(100, "EUR"),
        m.Money(25, "EUR") / m.Money(100, "EUR"),
        ["non_standard_terms"],
    )


@pytest.mark.parametrize(
    "cls", [w.ApprovalRoute, w.ApprovalStep, w.ApprovalCondition, w.SigningChain]
)
def test_v1_routes_and_chains_are_refused_with_a_reason(cls: type) -> None:
    doc = {"schema_version": 1, "type": m.document_type(cls), "data": {}}
    with pytest.raises(SerializationError, match="compute it again"):
        m.from_document(doc, cls)
    with pytest.raises(SerializationError, match="compute it again"):
        m.upgrade_document(doc)


def test_upgrade_document_migrates_without_reading() -> None:
    doc = _doc("proposal.json")
    up = m.upgrade_document(doc)
    assert (up["schema_version"], up["type"]) == (m.SCHEMA_VERSION, "Proposal")
    assert m.from_document(up, m.Proposal) == m.from_document(doc, m.Proposal)
    assert doc["schema_version"] == 1  # the input is left alone
