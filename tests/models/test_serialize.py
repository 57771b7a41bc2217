"""JSON: round trips, error paths, schema versions and stored documents."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given

from clientel import models as m
from clientel.errors import SchemaVersionError, SerializationError
from clientel.testing import entities, money


@given(entities())
def test_every_entity_round_trips_through_json(entity: Any) -> None:
    text = m.dumps(entity)
    assert m.loads(text, type(entity)) == entity
    assert m.from_data(json.loads(json.dumps(m.to_data(entity))), type(entity)) == entity


@given(money())
def test_money_is_stored_as_strings(value: m.Money) -> None:
    data = m.to_data(value)
    assert isinstance(data["amount"], str)
    assert m.from_data(data, m.Money) == value


def test_lists_of_entities_round_trip() -> None:
    clients = [
        m.Client(id="c1", name="Nordbank", segment_id="fin"),
        m.Client(id="c2", name="Alpha Re", segment_id="ins", attributes={"growth": None}),
    ]
    text = m.dumps(clients)
    assert json.loads(text)["type"] == "list[Client]"
    assert m.loads(text, list[m.Client]) == clients


def test_error_names_the_path_to_the_bad_value() -> None:
    data = [
        {"id": "c1", "name": "A", "segment_id": "s"},
        {"id": "c2", "name": "B"},
        {"id": "c3", "name": "C", "segment_id": "s", "status": "vip"},
        {"id": "c4", "name": "D", "segment_id": "s", "colour": "red"},
    ]
    with pytest.raises(SerializationError) as info:
        m.from_data(data, list[m.Client])
    errors = info.value.errors
    assert "$[1].segment_id: required field missing" in errors
    assert any(e.startswith("$[2].status:") for e in errors)
    assert any(e.startswith("$[3]:") and "colour" in e for e in errors)
    assert "list[Client]" in str(info.value)


def test_validator_messages_survive_structuring() -> None:
    bad = {"id": "s1", "name": "Banks", "growth": -3}
    with pytest.raises(SerializationError, match=r"Segment.growth: must be at least -1"):
        m.from_data(bad, m.Segment)


def test_amounts_as_floats_are_rejected() -> None:
    with pytest.raises(SerializationError, match="not a float"):
        m.from_data({"amount": 0.1, "currency": "EUR"}, m.Money)


def test_dates_are_iso_strings() -> None:
    inquiry = m.Inquiry(id="i1", received_on=dt.date(2026, 3, 2), company_name="Vista")
    assert m.to_data(inquiry)["received_on"] == "2026-03-02"
    with pytest.raises(SerializationError, match="received_on"):
        m.from_data({**m.to_data(inquiry), "received_on": "02/03/2026"}, m.Inquiry)


def test_newer_schema_is_refused_and_bad_envelopes_are_named() -> None:
    newer = m.SCHEMA_VERSION + 1
    with pytest.raises(SchemaVersionError, match="upgrade clientel"):
        m.loads(f'{{"schema_version": {newer}, "type": "Money", "data": {{}}}}', m.Money)
    with pytest.raises(SerializationError, match="schema_version"):
        m.loads('{"schema_version": "1", "data": {}}', m.Money)
    with pytest.raises(SerializationError, match="not a clientel document"):
        m.loads("[]", m.Money)
    with pytest.raises(SerializationError, match="not valid JSON"):
        m.loads("{", m.Money)


@given(entities())
def test_documents_validate_against_their_json_schema(entity: Any) -> None:
    """An independent validator (jsonschema) accepts what dumps() writes."""
    import jsonschema

    schema = m.json_schema(type(entity))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(m.dumps(entity)), schema)


def test_json_schema_rejects_unknown_fields_and_names_lists() -> None:
    import jsonschema

    schema = m.json_schema(list[m.Client])
    assert schema["title"] == "clientel document: list[Client]"
    bad = {"schema_version": 1, "data": [{"id": "c", "name": "x", "segment_id": "s", "zz": 1}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
