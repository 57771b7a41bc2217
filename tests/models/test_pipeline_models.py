"""Pipeline stages, dated stage histories, rate tables and the schema-2 migration (issue 22)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel import models as m
from clientel import testing as t
from clientel.errors import (
    InvalidInputError,
    MissingDataError,
    MissingRateError,
    SerializationError,
    StageHistoryError,
    UnknownReferenceError,
)

DATA = Path(__file__).parent / "data"
D = dt.date


def _pipeline() -> m.Pipeline:
    return m.Pipeline(
        id="nwit",
        name="Northwind",
        stages=[
            m.PipelineStage(id="qualify", name="Qualify", probability=0.1),
            m.PipelineStage(id="propose", name="Propose", probability=0.35),
            m.PipelineStage(id="negotiate", name="Negotiate", probability=0.7),
        ],
    )


_BASE: dict[str, Any] = {
    "id": "o-1",
    "client_id": "c-1",
    "name": "ERP roll-out",
    "origin": m.OpportunityOrigin.CLIENT_IT_NEED,
    "revenue": [m.Money("100000", "EUR")],
    "cost": [m.Money("70000", "EUR")],
    "created_on": D(2027, 1, 10),
    "expected_close_on": D(2027, 6, 30),
    "stage_history": [m.StageChange(stage="qualify", on=D(2027, 1, 10))],
}


def _opportunity(**changes: Any) -> m.Opportunity:
    return m.Opportunity(**(_BASE | changes))


# -- stages and histories ----------------------------------------------------------------------
def test_the_history_tells_stage_state_and_close_date() -> None:
    opp = _opportunity()
    assert (opp.stage, opp.is_open, opp.closed_on) == ("qualify", True, None)
    won = opp.advance("propose", D(2027, 2, 1)).advance(m.WON, D(2027, 5, 3))
    assert (won.stage, won.is_open, won.is_won, won.is_lost) == ("won", False, True, False)
    assert won.closed_on == D(2027, 5, 3)
    assert won.value == m.Money("100000", "EUR")
    assert opp.stage_history == (m.StageChange(stage="qualify", on=D(2027, 1, 10)),)  # unchanged
    none = _opportunity(stage_history=(), created_on=None, expected_close_on=None, revenue=[],
                        cost=[])  # fmt: skip
    assert (none.stage, none.is_open, none.value) == (None, False, None)


def test_the_pipeline_orders_stages_and_gives_defaults() -> None:
    pipe = _pipeline()
    assert [pipe.order(s) for s in ("qualify", "propose", "negotiate", "won", "lost")] == [
        0, 1, 2, 3, -1,
    ]  # fmt: skip
    assert [pipe.probability(s) for s in ("qualify", "negotiate", "won", "lost")] == [
        0.1, 0.7, 1.0, 0.0,
    ]  # fmt: skip
    moved = pipe.advance(_opportunity(), "negotiate", D(2027, 3, 1))
    assert moved.stage == "negotiate"
    back = pipe.advance(moved, "propose", D(2027, 3, 2))  # deals may regress
    assert back.stage == "propose"


@pytest.mark.parametrize(
    ("history", "field"),
    [
        ([("qualify", D(2027, 1, 10)), ("propose", D(2027, 1, 9))], "stage_history[1].on"),
        ([("qualify", D(2027, 1, 9))], "stage_history[0].on"),  # before creation
        ([("qualify", D(2027, 1, 10)), ("won", D(2027, 2, 1)), ("propose", D(2027, 3, 1))],
         "stage_history[2].stage"),
        ([("qualify", D(2027, 1, 10)), ("lost", D(2027, 2, 1)), ("won", D(2027, 3, 1))],
         "stage_history[2].stage"),
        ([("qualify", D(2027, 1, 10)), ("qualify", D(2027, 1, 12))], "stage_history[1].stage"),
    ],
)  # fmt: skip
def test_histories_out_of_order_are_refused_naming_the_entry(
    history: list[tuple[str, dt.date]], field: str
) -> None:
    changes = [m.StageChange(stage=s, on=d) for s, d in history]
    with pytest.raises(StageHistoryError) as caught:
        _opportunity(stage_history=changes)
    assert caught.value.field == f"Opportunity.{field}"
    assert isinstance(caught.value, InvalidInputError)


def test_a_transition_refused_changes_nothing() -> None:
    opp = _opportunity().advance(m.LOST, D(2027, 2, 1))
    before = m.to_data(opp)
    with pytest.raises(StageHistoryError):
        opp.advance("propose", D(2027, 3, 1))
    with pytest.raises(StageHistoryError):
        _opportunity().advance("propose", D(2026, 12, 31))
    pipe = _pipeline()
    with pytest.raises(UnknownReferenceError) as caught:
        pipe.advance(_opportunity(), "demo", D(2027, 3, 1))
    assert caught.value.field == "stage"
    assert m.to_data(opp) == before
    assert _opportunity().stage_history == (m.StageChange(stage="qualify", on=D(2027, 1, 10)),)


def test_an_unknown_stage_in_a_history_is_named_by_the_pipeline() -> None:
    opp = _opportunity().advance("pitch", D(2027, 2, 1))
    with pytest.raises(UnknownReferenceError) as caught:
        _pipeline().check(opp)
    assert caught.value.field == "Opportunity[o-1].stage_history[1].stage"
    with pytest.raises(UnknownReferenceError):
        _pipeline().advance(opp, "propose", D(2027, 3, 1))


def test_a_close_date_before_creation_is_refused() -> None:
    with pytest.raises(InvalidInputError) as caught:
        _opportunity(expected_close_on=D(2027, 1, 9))
    assert caught.value.field == "Opportunity.expected_close_on"
    with pytest.raises(InvalidInputError) as caught:
        _opportunity(created_on="2027-01-10")
    assert caught.value.field == "Opportunity.created_on"


@pytest.mark.parametrize("probability", [-0.01, 1.01, float("nan"), float("inf"), True])
def test_stage_probabilities_outside_0_1_are_refused(probability: float) -> None:
    with pytest.raises(InvalidInputError) as caught:
        m.PipelineStage(id="qualify", name="Qualify", probability=probability)
    assert caught.value.field == "PipelineStage.probability"


@pytest.mark.parametrize(
    ("stages", "field"),
    [
        ([], "Pipeline.stages"),
        ([("a", 0.1), ("a", 0.2)], "Pipeline.stages"),
        ([("won", 0.1)], "PipelineStage.id"),
        ([("lost", 0.1)], "PipelineStage.id"),
    ],
)
def test_bad_stage_lists_are_refused(stages: list[tuple[str, float]], field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        m.Pipeline(
            id="p",
            name="P",
            stages=[m.PipelineStage(id=i, name=i, probability=p) for i, p in stages],
        )
    assert caught.value.field == field
    with pytest.raises(InvalidInputError) as caught:
        m.Pipeline(id="p", name="P", stages=["qualify"])  # type: ignore[list-item]
    assert caught.value.field == "Pipeline.stages[0]"


@given(t.pipelines(), st.data())
def test_generated_histories_are_valid_and_round_trip(pipe: m.Pipeline, data: Any) -> None:
    opp = data.draw(t.pipeline_opportunities(pipe))
    assert pipe.check(opp) is opp
    days = [c.on for c in opp.stage_history]
    assert days == sorted(days)
    assert all(c.stage not in m.END_STAGES for c in opp.stage_history[:-1])
    assert m.loads(m.dumps(opp), m.Opportunity) == opp
    assert m.loads(m.dumps(pipe), m.Pipeline) == pipe


@given(t.pipelines(), st.data())
def test_advancing_keeps_every_rule(pipe: m.Pipeline, data: Any) -> None:
    opp = data.draw(t.pipeline_opportunities(pipe))
    stage = data.draw(st.sampled_from([*pipe.stage_ids, *m.END_STAGES, "nope"]))
    on = data.draw(st.dates(D(2023, 6, 1), D(2029, 1, 1)))
    try:
        moved = pipe.advance(opp, stage, on)
    except (StageHistoryError, UnknownReferenceError):
        last = opp.stage_history[-1]
        assert (stage == "nope" or last.stage in m.END_STAGES or on < last.on
                or stage == last.stage)  # fmt: skip
    else:
        assert moved.stage_history[:-1] == opp.stage_history
        assert moved.stage_history[-1] == m.StageChange(stage=stage, on=on)


# -- rate tables -------------------------------------------------------------------------------
def _rates() -> m.DatedRateTable:
    return m.DatedRateTable(
        currency="EUR",
        rates=[
            m.DatedRate(currency="CHF", start=D(2027, 1, 1), rate=Decimal("1.0621")),
            m.DatedRate(currency="CHF", start=D(2027, 4, 1), rate=Decimal("1.066")),
            m.DatedRate(currency="JPY", start=D(2027, 1, 1), rate=Decimal("0.006127")),
        ],
    )


def test_a_rate_applies_from_its_start_until_the_next() -> None:
    rates = _rates()
    assert rates.rate("CHF", D(2027, 3, 31)) == Decimal("1.0621")
    assert rates.rate("CHF", D(2027, 4, 1)) == Decimal("1.066")
    assert rates.rate("CHF", D(2030, 1, 1)) == Decimal("1.066")
    assert rates.rate("EUR", D(1999, 1, 1)) == 1
    # 12,345.67 CHF x 1.0621 = 13,112.336107 EUR -> 13,112.34; JPY 1,000,005 x 0.006127 =
    # 6,127.030635 -> 6,127.03 (multiplied by hand); 0.125 EUR stays as it is
    assert rates.convert(m.Money("12345.67", "CHF"), D(2027, 2, 1)) == m.Money("13112.34", "EUR")
    assert rates.convert(m.Money("1000005", "JPY"), D(2027, 2, 1)) == m.Money("6127.03", "EUR")
    assert rates.convert(m.Money("0.125", "EUR"), D(2027, 2, 1)) == m.Money("0.125", "EUR")


@pytest.mark.parametrize(
    ("currency", "on"), [("CHF", D(2026, 12, 31)), ("GBP", D(2027, 6, 1)), ("JPY", D(2026, 1, 1))]
)
def test_a_missing_rate_is_refused_by_name(currency: str, on: dt.date) -> None:
    with pytest.raises(MissingRateError) as caught:
        _rates().convert(m.Money("10", currency), on)
    assert isinstance(caught.value, MissingDataError)
    assert (caught.value.currency, caught.value.on, caught.value.field) == (currency, on, "rates")


@pytest.mark.parametrize(
    ("rates", "field"),
    [
        ([m.DatedRate(currency="EUR", start=D(2027, 1, 1), rate=Decimal(1))],
         "DatedRateTable.rates[0].currency"),
        ([m.DatedRate(currency="CHF", start=D(2027, 1, 1), rate=Decimal(1)),
          m.DatedRate(currency="CHF", start=D(2027, 1, 1), rate=Decimal(2))],
         "DatedRateTable.rates[1].start"),
        (["CHF"], "DatedRateTable.rates[0]"),
    ],
)  # fmt: skip
def test_bad_dated_rate_tables_are_refused(rates: list[Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        m.DatedRateTable(currency="EUR", rates=rates)
    assert caught.value.field == field


@pytest.mark.parametrize("rate", [0, -1, "abc", float("nan"), True])
def test_rates_must_be_positive_numbers(rate: Any) -> None:
    with pytest.raises(InvalidInputError) as caught:
        m.DatedRate(currency="CHF", start=D(2027, 1, 1), rate=rate)
    assert caught.value.field == "DatedRate.rate"


@given(t.dated_rate_tables(), st.dates(D(2023, 1, 1), D(2028, 12, 31)),
       st.integers(0, 10**9), st.data())  # fmt: skip
def test_conversion_is_the_exact_quotient_rounded_once(
    rates: m.DatedRateTable, on: dt.date, cents: int, data: Any
) -> None:
    codes = sorted({r.currency for r in rates.rates} | {"EUR"})
    code = data.draw(st.sampled_from(codes))
    amount = m.Money(Decimal(cents).scaleb(-m.minor_unit(code)), code)
    applicable = [r for r in rates.rates if r.currency == code and r.start <= on]
    if code != "EUR" and not applicable:
        with pytest.raises(MissingRateError):
            rates.convert(amount, on)
        return
    rate = max(applicable, key=lambda r: r.start).rate if code != "EUR" else Decimal(1)
    # independently: the Decimal product at 80 significant digits, then half-even to cents
    with localcontext() as ctx:
        ctx.prec = 80
        expected = (amount.amount * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    assert rates.convert(amount, on) == m.Money(expected, "EUR")


# -- fiscal years ------------------------------------------------------------------------------
@given(t.fiscal_years())
def test_fiscal_months_tile_the_year(fy: m.FiscalYear) -> None:
    months = fy.months()
    assert months[0].start == fy.start
    assert months[-1].end == fy.end
    assert all(a.end + dt.timedelta(days=1) == b.start for a, b in itertools.pairwise(months))
    assert sum(p.days for p in months) == fy.period().days
    assert [q.start for q in fy.quarters()] == [p.start for p in months[::3]]


def test_the_unit_names_its_fiscal_year() -> None:
    unit = m.BusinessUnit(id="bu", name="U", group_id="g", code="UU", currency="EUR",
                          fiscal_year_start=4)  # fmt: skip
    assert unit.fiscal_year(2027) == m.FiscalYear(2027, 4)
    for bad in (0, 13, 4.0, True):
        with pytest.raises(InvalidInputError) as caught:
            attrs.evolve(unit, fiscal_year_start=bad)
        assert caught.value.field == "BusinessUnit.fiscal_year_start"


# -- documents: version 3 and the migration of versions 1 and 2 ----------------------------
def test_a_stored_v1_opportunity_loads_with_an_empty_history() -> None:
    text = (DATA / "v1" / "opportunity.json").read_text(encoding="utf-8")
    doc = json.loads(text)
    opp = m.loads(text, m.Opportunity)
    assert (opp.created_on, opp.expected_close_on, opp.stage_history) == (None, None, ())
    assert opp.win_probability == doc["data"]["win_probability"]
    again = m.to_document(opp)
    assert again["schema_version"] == m.SCHEMA_VERSION >= 3
    assert again["data"] == doc["data"] | {
        "created_on": None,
        "expected_close_on": None,
        "stage_history": [],
        "investment": None,  # schema 4 (issue 14)
    }
    as_list = {"schema_version": 1, "type": "list[Opportunity]", "data": [doc["data"]]}
    assert m.from_document(as_list, list[m.Opportunity]) == [opp]
    assert as_list["data"][0] == doc["data"]  # the caller's document is not written into
    untagged = {"schema_version": 1, "data": doc["data"]}
    assert m.from_document(untagged, m.Opportunity) == opp


def test_an_older_business_unit_keeps_the_calendar_year() -> None:
    doc = {"schema_version": 1, "type": "BusinessUnit", "data": {
        "id": "bu", "name": "U", "group_id": "g", "code": "UU", "currency": "EUR",
        "offerings": [], "geographies": [], "target_segment_ids": []}}  # fmt: skip
    unit = m.from_document(doc, m.BusinessUnit)
    assert unit.fiscal_year_start == 1
    assert "fiscal_year_start" not in doc["data"]


def test_a_migration_never_overwrites_what_a_document_holds() -> None:
    text = (DATA / "v3" / "opportunity.json").read_text(encoding="utf-8")
    doc = json.loads(text)
    doc["schema_version"] = 2  # a v2 reader would refuse these fields; the migration keeps them
    assert m.from_document(doc, m.Opportunity) == m.loads(text, m.Opportunity)


_V3_TYPES: dict[str, type] = {"Opportunity": m.Opportunity, "Pipeline": m.Pipeline,
                              "DatedRateTable": m.DatedRateTable, "BusinessUnit": m.BusinessUnit,
                              "ValueProposition": m.ValueProposition}  # fmt: skip


@pytest.mark.parametrize(
    "path",
    sorted(
        p
        for p in (DATA / "v3").glob("*.json")
        if json.loads(p.read_text(encoding="utf-8"))["type"] in _V3_TYPES
    ),
    ids=lambda p: p.name,
)
def test_stored_v3_documents_keep_loading_unchanged(path: Path) -> None:
    """Written back at today's schema version with the data they hold (plus what schema 4
    added); the stored quotes of v3 get lines in schema 5 (tests/models/test_quote_lines.py)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    again = m.to_document(m.from_document(doc, _V3_TYPES[doc["type"]]))
    assert again["schema_version"] == m.SCHEMA_VERSION  # written at the current version
    added = {"investment": None} if doc["type"] == "Opportunity" else {}  # schema 4 (issue 14)
    assert again["data"] == doc["data"] | added


def test_documents_with_bad_pipeline_data_are_refused_with_paths() -> None:
    doc = json.loads((DATA / "v3" / "opportunity.json").read_text(encoding="utf-8"))
    doc["data"]["stage_history"][1]["on"] = "2026-08-01"  # before creation and the change before
    with pytest.raises(SerializationError, match=r"stage_history\[1\]\.on"):
        m.from_document(doc, m.Opportunity)
    doc = json.loads((DATA / "v3" / "dated_rate_table.json").read_text(encoding="utf-8"))
    doc["data"]["rates"][0]["rate"] = "0"
    with pytest.raises(SerializationError, match="above zero"):
        m.from_document(doc, m.DatedRateTable)
    doc["data"]["rates"][0]["rate"] = 0.94
    with pytest.raises(SerializationError, match=r"rates\[0\]\.rate"):
        m.from_document(doc, m.DatedRateTable)
