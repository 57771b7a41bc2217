"""Documents stored before 0.1.0 still load: renamed pricing classes, the discount authority.

The files in ``data/v1`` were written by clientel (schema 1) before the renames of
issue 11 (``WinProbabilityModel`` -> ``BidResponseModel``, the Pareto row
``LossReason`` -> ``LossReasonShare``) and before the authority engine of issue 13
turned the discount authority (``AuthorityMatrix``) into one matrix for approval,
negotiation and signing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from clientel import models as m
from clientel.models import Money, Quote
from clientel.pricing import BidResponseModel, LossReasonShare
from clientel.testing import bid_response_models
from clientel.workflow import AuthorityMatrix, RoutingPolicy, required_approvals

DATA = Path(__file__).with_name("data") / "v1"


def _doc(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return doc


@pytest.mark.parametrize(
    ("name", "cls", "tag"),
    [
        ("bid_response_model.json", BidResponseModel, "WinProbabilityModel"),
        ("loss_pareto.json", list[LossReasonShare], "list[LossReason]"),
    ],
)
def test_unchanged_types_load_and_are_written_back_with_the_same_data(
    name: str, cls: Any, tag: str
) -> None:
    doc = _doc(name)
    assert (doc["type"], doc["schema_version"]) == (tag, 1)
    value = m.from_document(doc, cls)
    again = m.to_document(value)
    assert (again["type"], again["data"]) == (tag, doc["data"])  # nothing to migrate
    assert again["schema_version"] == m.SCHEMA_VERSION
    assert m.loads(m.dumps(value), cls) == value


def test_stored_documents_keep_their_content() -> None:
    model = m.from_document(_doc("bid_response_model.json"), BidResponseModel)
    assert (model.a, model.b, model.covariates, model.n) == (-9.5, 10.8, ("size",), 80)
    rows = m.from_document(_doc("loss_pareto.json"), list[LossReasonShare])
    assert [(r.code, r.count, r.cumulative) for r in rows] == [
        ("price", 3, 0.75),
        ("scope", 1, 1.0),
    ]


def test_the_stored_discount_authority_becomes_an_authority_matrix_with_its_meaning() -> None:
    """Schema 1: am 10 %/25 %, director 20 %/15 %/500k EUR, gm 40 % exclusive, blank = no limit.

    The routing of schema 1 asked, per dimension, the lowest level able to approve it:
    ``skip_level`` now. Blank limits meant "no limit" and become ``unlimited``.
    """
    doc = _doc("discount_authority.json")
    assert doc["type"] == "AuthorityMatrix"
    matrix = m.from_document(doc, AuthorityMatrix)
    assert matrix.roles == ("am", "director", "gm")
    assert (matrix.currency, matrix.policy) == ("EUR", RoutingPolicy.SKIP_LEVEL)
    director = matrix.rule("director", "EUR")
    assert director.max_value == Money("500000", "EUR")
    assert [d.value for d in matrix.rule("gm", "EUR").unlimited] == ["margin", "value"]
    assert [d.value for d in matrix.rule("am", "EUR").unlimited] == ["value"]
    assert m.from_document(m.to_document(matrix), AuthorityMatrix) == matrix
    # 25 % off a 600k deal at a 20 % margin: beyond the director's 20 %, so the discount goes
    # up to the gm (40 %, exclusive), whose blank margin limit ("no limit") covers the margin
    # too: skip-level asks the gm only. At 15 % off the director (20 %, margin floor 15 %)
    # decides both; the deal value needs nobody (the am's blank value limit).
    quote = Quote.single(
        list_price=Money(600000, "EUR"), price=Money(450000, "EUR"), cost=Money(360000, "EUR")
    )
    route = required_approvals(matrix, quote, requester="am")
    assert [(s.level, s.roles) for s in route.steps] == [(2, ("gm",))]
    assert {c.dimension.value: c.role for s in route.steps for c in s.conditions} == {
        "discount": "gm",
        "margin": "gm",
    }
    smaller = Quote.single(
        list_price=Money(600000, "EUR"), price=Money(510000, "EUR"), cost=Money(408000, "EUR")
    )
    assert required_approvals(matrix, smaller, requester="am").roles == ("director",)


@given(bid_response_models())
def test_bid_response_models_round_trip_under_their_old_tag(model: BidResponseModel) -> None:
    doc = m.to_document(model)
    assert doc["type"] == "WinProbabilityModel"
    assert m.from_document(json.loads(json.dumps(doc)), BidResponseModel) == model
