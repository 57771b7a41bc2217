"""The stored schema-1 signing authority (tag ``AuthorityMatrix``) loads as an authority matrix.

``data/v1/signing_authority.json`` was written by clientel before issue 11 renamed
the class and before issue 13 made signing escalate instead of adding limits.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clientel import models as m
from clientel.errors import AuthorityError
from clientel.workflow import AuthorityMatrix, required_signers

DOC = Path(__file__).with_name("data") / "v1" / "signing_authority.json"


def test_stored_signing_authority_loads_with_its_limits_min_signers_and_mandatory_role() -> None:
    doc = json.loads(DOC.read_text(encoding="utf-8"))
    assert (doc["type"], doc["schema_version"]) == ("AuthorityMatrix", 1)
    matrix = m.from_document(doc, AuthorityMatrix)
    assert (matrix.currency, matrix.min_signers, matrix.mandatory) == ("EUR", 2, ("bu_gm",))
    # roles ranked by their own signing limit: 50k, 500k, 2M
    assert matrix.roles == ("account_manager", "bu_gm", "bg_gm")
    assert matrix.rule("bu_gm", "EUR", "outsourcing").sign_limit == m.Money("300000", "EUR")
    again = m.to_document(matrix)
    assert (again["type"], again["schema_version"]) == ("AuthorityMatrix", m.SCHEMA_VERSION)
    assert m.from_document(again, AuthorityMatrix) == matrix


def test_the_stored_authority_now_escalates_where_schema_1_added_limits() -> None:
    """Schema 1 signed 400k outsourcing with BU GM (300k) + BG GM; now the BG GM's own limit
    covers it and the BU GM signs as the mandatory second signer: the same two people, for
    the right reason. 2.1M needed all three in schema 1 (2.35M together): now it is refused."""
    matrix = m.from_document(json.loads(DOC.read_text(encoding="utf-8")), AuthorityMatrix)
    chain = required_signers(matrix, m.Money("400000", "EUR"), business_type="outsourcing")
    assert chain.roles == ("bu_gm", "bg_gm")
    assert chain.covering == "bg_gm"
    assert required_signers(matrix, m.Money("40000", "EUR")).roles == ("account_manager", "bu_gm")
    with pytest.raises(AuthorityError, match="highest signing limit is 2000000 EUR"):
        required_signers(matrix, m.Money("2100000", "EUR"))
