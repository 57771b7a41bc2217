"""``SigningAuthority`` (``AuthorityMatrix`` before issue 11) keeps its JSON type tag.

``data/v1/signing_authority.json`` was written by clientel before the rename.
"""

from __future__ import annotations

import json
from pathlib import Path

from clientel import models as m
from clientel.workflow import SigningAuthority, required_signers

DOC = Path(__file__).with_name("data") / "v1" / "signing_authority.json"


def test_stored_signing_authority_loads_and_is_written_back_unchanged() -> None:
    doc = json.loads(DOC.read_text(encoding="utf-8"))
    assert doc["type"] == "AuthorityMatrix"
    authority = m.from_document(doc, SigningAuthority)
    assert (authority.min_signers, authority.mandatory) == (2, (m.Role.BU_GM,))
    assert m.to_document(authority) == doc
    # outsourcing: the BU GM (mandatory) signs up to 300k; with the AM that is 350k < 400k,
    # so the two-signer chain is BU GM + BG GM (2.3M).
    chain = required_signers(authority, m.Money("400000", "EUR"), business_type="outsourcing")
    assert chain.roles == (m.Role.BU_GM, m.Role.BG_GM)
