"""Strict, total loaders: no coercion, named limits, the document's type checked (issue 15)."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from clientel import models as m
from clientel.errors import (
    ClientelError,
    DocumentLimitError,
    DocumentTypeError,
    SerializationError,
)

DATA = Path(__file__).parent / "data" / "v1"


def _doc(type_: str, data: Any) -> str:
    return json.dumps({"schema_version": 1, "type": type_, "data": data})


def _errors(text: str, cls: Any) -> tuple[str, ...]:
    with pytest.raises(SerializationError) as info:
        m.loads(text, cls)
    return info.value.errors


def _schema_accepts(text: str, cls: Any) -> bool:
    """Whether the published schema (of the current version) accepts the document, migrated."""
    validator = jsonschema.Draft202012Validator(
        m.json_schema(cls), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    doc = json.loads(text)
    with contextlib.suppress(ClientelError):
        doc = m.upgrade_document(doc)
    return bool(validator.is_valid(doc))


CLIENT = {"id": "c1", "name": "Nordbank", "segment_id": "fin"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id", None, "expected a string, got null"),
        ("name", ["x"], "expected a string, got an array"),
        ("id", 44, "expected a string, got an integer"),
        ("name", 1.5, "expected a string, got a number"),
        ("name", True, "expected a string, got a boolean"),
        ("segment_id", {"a": 1}, "expected a string, got an object"),
        ("status", 1, "expected one of"),
        ("status", "PROSPECT", "expected one of"),
        ("attributes", ["growth"], "expected an object, got an array"),
        ("attributes", {"growth": "0.1"}, "expected a number, got a string"),
        ("attributes", {"growth": True}, "expected a number, got a boolean"),
        ("annual_revenue", {"amount": "1E+3", "currency": "EUR"}, "plain ASCII digits"),
        ("annual_revenue", {"amount": "١٢", "currency": "EUR"}, "plain ASCII digits"),
        ("annual_revenue", {"amount": "12", "currency": "EUX"}, "not an ISO 4217"),
        ("annual_revenue", {"amount": 1.5, "currency": "EUR"}, "not a float"),
        ("annual_revenue", {"amount": "12"}, "exactly the keys"),
        ("annual_revenue", "12 EUR", "expected an object"),
    ],
)
def test_nothing_is_coerced_and_the_path_is_named(field: str, value: Any, message: str) -> None:
    text = _doc("Client", CLIENT | {field: value})
    errors = _errors(text, m.Client)
    assert any(e.startswith(f"$.{field}") and message in e for e in errors), errors
    assert not _schema_accepts(text, m.Client)


def test_the_issue_example_names_both_fields() -> None:
    errors = _errors(_doc("Client", {"id": None, "name": ["x"], "segment_id": "s"}), m.Client)
    assert {e.split(":")[0] for e in errors} == {"$.id", "$.name"}


def test_a_document_of_another_type_is_refused_in_one_line() -> None:
    text = (DATA / "contract.json").read_text(encoding="utf-8")
    with pytest.raises(DocumentTypeError) as info:
        m.loads(text, m.RFP)
    message = str(info.value)
    assert message == "the document holds a Contract, not a RFP"
    assert "\n" not in message
    assert (info.value.expected, info.value.found) == ("RFP", "Contract")
    assert not _schema_accepts(text, m.RFP)
    with pytest.raises(DocumentTypeError):
        m.loads(m.dumps([m.Client(**CLIENT)]), list[m.Segment])


def test_an_empty_list_document_loads_as_any_list() -> None:
    assert m.loads(m.dumps([]), list[m.Client]) == []
    assert _schema_accepts(m.dumps([]), list[m.Client])


@pytest.mark.parametrize("data", [[], "x", 3, None, True, [CLIENT]])
def test_wrong_shapes_give_serialization_errors(data: Any) -> None:
    errors = _errors(_doc("Client", data), m.Client)
    assert errors[0].startswith("$: expected an object")


@pytest.mark.parametrize(
    "data",
    [{"id": "c1"}, {"clients": []}, [[]], [None], "list", {"0": CLIENT}],
)
def test_wrong_shapes_of_lists_give_serialization_errors(data: Any) -> None:
    with pytest.raises(SerializationError):
        m.loads(_doc("list[Client]", data), list[m.Client])


def test_whole_number_amounts_agree_between_schema_and_loader() -> None:
    text = _doc("Money", {"amount": 5, "currency": "EUR"})
    assert m.loads(text, m.Money) == m.Money("5", "EUR")
    assert _schema_accepts(text, m.Money)
    too_big = _doc("Money", {"amount": 10**21, "currency": "EUR"})
    assert not _schema_accepts(too_big, m.Money)
    with pytest.raises(SerializationError):
        m.loads(too_big, m.Money)
    for number_id in (44, 44.0):
        text = _doc("Client", CLIENT | {"id": number_id})
        assert not _schema_accepts(text, m.Client)
        with pytest.raises(SerializationError):
            m.loads(text, m.Client)


def test_withdrawn_currencies_load_from_stored_documents_only() -> None:
    stored = _doc("Client", CLIENT | {"annual_revenue": {"amount": "10.00", "currency": "FRF"}})
    client = m.loads(stored, m.Client)
    assert client.annual_revenue == m.from_data({"amount": "10.00", "currency": "FRF"}, m.Money)
    assert _schema_accepts(stored, m.Client)
    with pytest.raises(ClientelError):
        m.Client(**CLIENT, annual_revenue=m.Money("10", "FRF"))
    bu = {"id": "bu", "name": "IT", "group_id": "g", "code": "IT", "currency": "EUX"}
    with pytest.raises(SerializationError, match="ISO 4217"):
        m.loads(_doc("BusinessUnit", bu), m.BusinessUnit)


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("[" * 100 + "]" * 100, "MAX_DEPTH"),
        ("[" * 100_000 + "]" * 100_000, "MAX_DEPTH"),
        ('{"schema_version": 1, "data": {"amount": ' + "9" * 31 + "}}", "MAX_INT_DIGITS"),
        ('{"schema_version": ' + "1" * 5000 + "}", "MAX_INT_DIGITS"),
    ],
)
def test_limits_are_named(text: str, limit: str) -> None:
    with pytest.raises(DocumentLimitError) as info:
        m.loads(text, m.Money)
    assert info.value.limit == limit


def test_document_size_and_string_length_limits() -> None:
    with pytest.raises(DocumentLimitError) as info:
        m.loads(" " * 101, m.Money, max_size=100)
    assert (info.value.limit, info.value.maximum) == ("MAX_DOCUMENT_SIZE", 100)
    assert m.MAX_DOCUMENT_SIZE == 32 * 2**20
    long_name = _doc("Client", CLIENT | {"name": "x" * (m.MAX_STRING_LENGTH + 1)})
    errors = _errors(long_name, m.Client)
    assert any("MAX_STRING_LENGTH" in e for e in errors)
    assert not _schema_accepts(long_name, m.Client)
    long_key = _doc("Client", CLIENT | {"attributes": {"k" * (m.MAX_STRING_LENGTH + 1): 1.0}})
    with pytest.raises(SerializationError):
        m.loads(long_key, m.Client)
    assert not _schema_accepts(long_key, m.Client)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"schema_version": NaN, "data": {}}', "NaN is not a JSON value"),
        ('{"schema_version": 1, "data": {"amount": Infinity}}', "Infinity is not a JSON value"),
        ('{"schema_version": 1, "data": 1e400}', "number out of range"),
        ('{"schema_version": 1, "schema_version": 1, "data": {}}', "appears twice"),
        ("{", "line 1"),
        ("", "line 1"),
    ],
)
def test_only_strict_json_is_read(text: str, message: str) -> None:
    with pytest.raises(SerializationError, match=message):
        m.loads(text, m.Money)


def test_duplicate_keys_cannot_smuggle_a_second_state() -> None:
    text = (DATA / "proposal.json").read_text(encoding="utf-8")
    smuggled = text.replace('"state": ', '"state": "draft", "state": ', 1)
    assert smuggled != text
    with pytest.raises(SerializationError, match="appears twice"):
        m.loads(smuggled, m.Proposal)


@pytest.mark.parametrize(
    "text", [b"\xff\xfe\x00", b'{"schema_version": 1, "data": "\xc3"}', bytearray(b"{")]
)
def test_bytes_that_are_not_utf8_json_are_refused(text: bytes) -> None:
    with pytest.raises(SerializationError):
        m.loads(text, m.Money)


@pytest.mark.parametrize("text", [None, 12, ["{}"], {"schema_version": 1}])
def test_loads_takes_text_only(text: Any) -> None:
    with pytest.raises(SerializationError, match="JSON text"):
        m.loads(text, m.Money)


def test_lone_surrogates_are_refused() -> None:
    text = _doc("Client", CLIENT).replace("Nordbank", "Nord\\ud800bank")
    errors = _errors(text, m.Client)
    assert any(e.startswith("$.name") and "surrogate" in e for e in errors)


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"schema_version": 1, "data": {}, "signature": "x"}, "unknown field"),
        ({"schema_version": 1, "type": 7, "data": {}}, "expected a string"),
        ({"schema_version": True, "data": {}}, "schema_version"),
        ({"schema_version": 1.0, "data": {}}, "schema_version"),
        ({"data": {}}, "loads_data"),
    ],
)
def test_envelopes_are_strict(doc: dict[str, Any], message: str) -> None:
    with pytest.raises(SerializationError, match=message):
        m.loads(json.dumps(doc), m.Money)


def test_raw_payloads_have_one_explicit_reader() -> None:
    assert m.loads_data('{"amount": "5", "currency": "EUR"}', m.Money) == m.Money("5", "EUR")
    assert m.loads_data(json.dumps([CLIENT]), list[m.Client]) == [m.Client(**CLIENT)]
    with pytest.raises(SerializationError, match="not a clientel document"):
        m.loads(json.dumps(CLIENT), m.Client)
    with pytest.raises(DocumentLimitError):
        m.loads_data("[" * 70 + "]" * 70, list[m.Client])


def test_dates_are_iso_calendar_dates_only() -> None:
    base = {"id": "i1", "received_on": "2026-03-02", "company_name": "Vista"}
    assert m.loads(_doc("Inquiry", base), m.Inquiry).received_on.day == 2
    for bad in ("20260302", "2026-W10-1", "2026-02-30", "2026-03-02\n", "٢٠٢٦-03-02"):
        text = _doc("Inquiry", base | {"received_on": bad})
        with pytest.raises(SerializationError):
            m.loads(text, m.Inquiry)
        assert not _schema_accepts(text, m.Inquiry) or bad.endswith("\n")


@pytest.mark.parametrize(
    ("written", "amount"),
    [("1E-8", "0.00000001"), ("0E-7", "0.0000000"), ("-1.23E-7", "-0.000000123")],
)
def test_v1_documents_with_exponent_amounts_still_load(written: str, amount: str) -> None:
    """Before plain digits, dumps wrote str(Decimal): '1E-8' for amounts below 10**-6."""
    text = _doc("Money", {"amount": written, "currency": "EUR"})
    assert m.to_data(m.loads(text, m.Money))["amount"] == amount
    assert _schema_accepts(text, m.Money)
    client = CLIENT | {"annual_revenue": {"amount": written.lstrip("-"), "currency": "EUR"}}
    assert _schema_accepts(_doc("Client", client), m.Client)
    assert m.loads(_doc("Client", client), m.Client).annual_revenue is not None


@pytest.mark.parametrize("written", ["1E+3", "1e-8", "1E-6", "1.5E-20", "12E-8"])
def test_other_exponent_spellings_are_refused_by_both(written: str) -> None:
    text = _doc("Money", {"amount": written, "currency": "EUR"})
    with pytest.raises(SerializationError):
        m.loads(text, m.Money)
    assert not _schema_accepts(text, m.Money) or written == "1.5E-20"
