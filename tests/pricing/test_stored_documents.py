"""Renamed pricing classes keep their JSON type tags: documents stored before 0.1.0 still load.

The files in ``data/v1`` were written by clientel before the renames of issue 11
(``AuthorityMatrix`` -> ``DiscountAuthority``, ``WinProbabilityModel`` ->
``BidResponseModel``, the Pareto row ``LossReason`` -> ``LossReasonShare``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from clientel import models as m
from clientel.pricing import BidResponseModel, DiscountAuthority, LossReasonShare
from clientel.testing import bid_response_models, discount_authorities

DATA = Path(__file__).with_name("data") / "v1"


def _doc(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return doc


@pytest.mark.parametrize(
    ("name", "cls", "tag"),
    [
        ("discount_authority.json", DiscountAuthority, "AuthorityMatrix"),
        ("bid_response_model.json", BidResponseModel, "WinProbabilityModel"),
    ],
)
def test_stored_documents_load_and_are_written_back_unchanged(
    name: str, cls: type, tag: str
) -> None:
    doc = _doc(name)
    assert doc["type"] == tag
    value = m.from_document(doc, cls)
    assert isinstance(value, cls)
    assert m.to_document(value) == doc  # same tag, same data: nothing to migrate
    assert m.loads(m.dumps(value), cls) == value


def test_stored_documents_keep_their_content() -> None:
    auth = m.from_document(_doc("discount_authority.json"), DiscountAuthority)
    assert auth.roles == ("am", "director", "gm")
    assert auth.rules[1].max_deal_value == m.Money("500000", "EUR")
    model = m.from_document(_doc("bid_response_model.json"), BidResponseModel)
    assert (model.a, model.b, model.covariates, model.n) == (-9.5, 10.8, ("size",), 80)


def test_stored_loss_pareto_rows_load_as_loss_reason_shares() -> None:
    doc = _doc("loss_pareto.json")
    assert doc["type"] == "list[LossReason]"
    rows = m.from_document(doc, list[LossReasonShare])
    assert [(r.code, r.count, r.cumulative) for r in rows] == [
        ("price", 3, 0.75),
        ("scope", 1, 1.0),
    ]
    assert m.to_document(rows) == doc


@given(discount_authorities())
def test_discount_authorities_round_trip_under_their_old_tag(authority: DiscountAuthority) -> None:
    doc = m.to_document(authority)
    assert doc["type"] == "AuthorityMatrix"
    assert m.from_document(json.loads(json.dumps(doc)), DiscountAuthority) == authority


@given(bid_response_models())
def test_bid_response_models_round_trip_under_their_old_tag(model: BidResponseModel) -> None:
    doc = m.to_document(model)
    assert doc["type"] == "WinProbabilityModel"
    assert m.from_document(json.loads(json.dumps(doc)), BidResponseModel) == model
