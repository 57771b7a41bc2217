"""Schema 4 (issue 14): stored documents of the types it changed load, migrated.

The files in data/changed_v1 were written by clientel at schema 1, before issue 14 (see its
README); they pass through the migrations to schema 2 (the authority engine), 3 (the
pipeline) and 4. The expected values are the stored amounts themselves, or the published
formulas computed here.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from clientel import models as m
from clientel.planning import CsatResult, NpsResult, csat, nps
from clientel.pricing import Waterfall

DATA = Path(__file__).with_name("data") / "changed_v1"


def _doc(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    assert doc["schema_version"] == 1
    return doc


@pytest.mark.parametrize(
    ("name", "cls"),
    [("nps_result.json", NpsResult), ("csat_result.json", CsatResult),
     ("waterfall.json", Waterfall), ("influencers.json", list[m.Influencer])],
)  # fmt: skip
def test_upgraded_documents_fit_the_current_schema(name: str, cls: Any) -> None:
    assert m.SCHEMA_VERSION >= 4  # 5 came with quote lines (issue 30), after these types
    doc = _doc(name)
    validator = jsonschema.Draft202012Validator(m.json_schema(cls))
    upgraded = m.upgrade_document(doc)
    assert upgraded["schema_version"] == m.SCHEMA_VERSION
    assert validator.is_valid(upgraded)
    assert m.from_document(upgraded, cls) == m.from_document(doc, cls)


def test_a_waterfall_that_rounded_every_step_keeps_its_amounts_and_says_so() -> None:
    doc = _doc("waterfall.json")
    w = m.from_document(doc, Waterfall)
    assert w.rounded_steps == ("a", "b", "c")  # before schema 4 every step was rounded
    assert w.invoice_price == m.Money("83.49", "EUR")  # as stored (one rounding gives 83.48)
    prices = [(s.name, s.price) for s in w.stages]
    assert prices == [
        ("list price", m.Money(100, "EUR")),
        ("a", m.Money("95.00", "EUR")),
        ("b", m.Money("87.88", "EUR")),
        ("c", m.Money("83.49", "EUR")),
        ("invoice price", m.Money("83.49", "EUR")),
        ("rebate", m.Money("80.99", "EUR")),
        ("pocket price", m.Money("80.99", "EUR")),
    ]
    again = m.loads(m.dumps(w), Waterfall)
    assert again == w


def test_a_stored_nps_result_gets_the_adjusted_wald_interval_from_its_counts() -> None:
    doc = _doc("nps_result.json")
    assert doc["data"]["standard_error"] == 0.0  # the defect schema 2 fixes
    r = m.from_document(doc, NpsResult)
    assert (r.promoters, r.passives, r.detractors) == (7, 0, 0)
    # 7 promoters: (7 + 3/4) / 10 promoters, (0 + 3/4) / 10 detractors after adjustment
    p, d = 7.75 / 10, 0.75 / 10
    assert r.standard_error == pytest.approx(100 * math.sqrt((p + d - (p - d) ** 2) / 10))
    assert r.standard_error > 0
    assert r == nps([10] * 7)  # what computing it today gives


def test_a_stored_csat_result_is_the_top_two_of_one_to_five() -> None:
    r = m.from_document(_doc("csat_result.json"), CsatResult)
    assert (r.boxes, r.scale_low, r.scale_high) == (2, 1, 5)
    assert r.top_box == pytest.approx(4 / 6)
    assert r == csat([5, 4, 4, 3, 2, 5])


def test_stored_influencers_have_no_interest_recorded() -> None:
    infs = m.from_document(_doc("influencers.json"), list[m.Influencer])
    assert [i.interest for i in infs] == [None, None]
    assert infs[0].criteria == {"members": 0.8}
    assert m.loads(m.dumps(infs), list[m.Influencer]) == infs


def test_migrations_leave_schema_4_data_alone() -> None:
    w = m.from_document(_doc("waterfall.json"), Waterfall)
    doc = m.to_document(w) | {"schema_version": 3}  # a schema-4 layout labelled schema 3
    assert m.from_document(doc, Waterfall) == w
    assert Decimal(doc["data"]["stages"][3]["price"]["amount"]) == Decimal("83.49")
