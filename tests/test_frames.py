"""DataFrames in and out, and CSV export."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel import models as m
from clientel.errors import (
    InvalidInputError,
    MissingDataError,
    SerializationError,
    UnknownReferenceError,
)
from clientel.export import escape_cell, write_csv
from clientel.frames import clients_from_frame, decision_matrix, from_frame, records, to_frame
from clientel.sample import load_sample, read_text
from clientel.testing import clients

CRITERIA = ["revenue_potential", "relationship", "it_budget"]


def test_crm_export_round_trips_through_a_frame() -> None:
    frame = pd.read_csv(io.StringIO(read_text("clients.csv")))
    assert frame["it_budget"].isna().mean() == pytest.approx(0.2, abs=0.05)
    loaded = clients_from_frame(frame, CRITERIA)
    assert len(loaded) == 300
    sample = {c.id: c for c in load_sample().clients}
    for client in loaded:
        for criterion in CRITERIA:
            assert client.attributes[criterion] == sample[client.id].attributes[criterion]
    back = to_frame(loaded)
    assert list(back["id"]) == list(frame["id"])
    assert back["attributes.it_budget"].isna().sum() == frame["it_budget"].isna().sum()


@given(st.lists(clients(), max_size=8))
def test_entities_to_frame_and_back(items: list[m.Client]) -> None:
    if not items:
        assert to_frame(items).empty
        return
    frame = to_frame(items, money="decimal")
    assert len(frame) == len(items)
    rows = records(items, money="decimal")
    for row, item in zip(rows, items, strict=True):
        assert row["id"] == item.id
        for key, value in item.attributes.items():
            cell = row[f"attributes.{key}"]
            assert (cell is None and value is None) or cell == value


def test_from_frame_names_the_bad_row() -> None:
    frame = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "segment_id": ["s", None]})
    with pytest.raises(SerializationError, match=r"\$\[1\]\.segment_id"):
        from_frame(frame, m.Client)


def test_from_frame_money_columns() -> None:
    frame = pd.DataFrame(
        {"id": ["s1"], "name": ["Banks"], "size": [1.5e6], "size_currency": ["EUR"]}
    )
    (segment,) = from_frame(frame, m.Segment)
    assert segment.size == m.Money("1500000.0", "EUR")
    with pytest.raises(InvalidInputError, match="size_currency"):
        from_frame(frame.drop(columns="size_currency"), m.Segment)


def test_decision_matrix() -> None:
    frame = pd.DataFrame({"id": ["a", "b"], "x": [1.0, None], "y": [2, 3]})
    ids, matrix = decision_matrix(frame, ["x", "y"])
    assert ids == ("a", "b")
    assert matrix.dtype == np.float64
    assert math.isnan(matrix[1, 0])
    with pytest.raises(MissingDataError, match=r"b\.x"):
        decision_matrix(frame, ["x", "y"], allow_missing=False)
    with pytest.raises(UnknownReferenceError, match="z"):
        decision_matrix(frame, ["x", "z"])


@pytest.mark.parametrize("text", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_escaped(text: str) -> None:
    assert escape_cell(text) == "'" + text
    out = write_csv([{"name": text, "score": -1.5}])
    row = next(iter(csv.DictReader(io.StringIO(out))))
    assert row["name"] == "'" + text
    assert row["score"] == "-1.5"  # numbers are never escaped


def test_sample_export_keeps_formula_names_as_text() -> None:
    rows = [{"id": c.id, "name": c.name} for c in load_sample().clients]
    out = write_csv(rows)
    assert "\n=Equinox Partners" not in out
    assert ",=Equinox Partners" not in out
    assert ",'=Equinox Partners\r\n" in out
    with pytest.raises(InvalidInputError, match=r"rows\[0\]"):
        write_csv([{"a": 1, "b": 2}], columns=["a"])
