"""DataFrames in and out, and CSV export."""

from __future__ import annotations

import io
import math
import re

import attrs
import numpy as np
import pandas as pd
import polars as pl
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
from clientel.frames import (
    clients_from_frame,
    decision_matrix,
    from_frame,
    optional_columns,
    records,
    required_columns,
    to_frame,
)
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
    with pytest.raises(InvalidInputError, match="size_currency") as err:
        from_frame(frame.drop(columns="size_currency"), m.Segment)
    assert err.value.field == "size"


def test_decision_matrix() -> None:
    frame = pd.DataFrame({"id": ["a", "b"], "x": [1.0, None], "y": [2, 3]})
    ids, matrix = decision_matrix(frame, ["x", "y"])
    assert ids == ("a", "b")
    assert matrix.dtype == np.float64
    assert math.isnan(matrix[1, 0])
    with pytest.raises(MissingDataError, match=r"b\.x") as err:
        decision_matrix(frame, ["x", "y"], allow_missing=False)
    assert err.value.field == "b.x"
    with pytest.raises(UnknownReferenceError, match="z") as err:
        decision_matrix(frame, ["x", "z"])
    assert err.value.field == "criteria"


# -- polars as well as pandas ------------------------------------------------------------------
BACKENDS = ["pandas", "polars"]


def _frame(backend: str, data: dict[str, list[object]]) -> object:
    if backend == "pandas":
        return pd.DataFrame(data)
    return pl.DataFrame(data, strict=False)


def _read_csv(backend: str, text: str) -> object:
    if backend == "pandas":
        return pd.read_csv(io.StringIO(text))
    return pl.read_csv(io.StringIO(text))


@pytest.mark.parametrize("backend", BACKENDS)
def test_crm_export_through_either_library(backend: str) -> None:
    frame = _read_csv(backend, read_text("clients.csv"))
    loaded = clients_from_frame(frame, CRITERIA)  # type: ignore[arg-type]
    sample = {c.id: c for c in load_sample().clients}
    assert [c.id for c in loaded] == [c.id for c in load_sample().clients]
    for client in loaded:
        assert client.status == m.ClientStatus.PROSPECT  # no status column unless named
        for criterion in CRITERIA:
            assert client.attributes[criterion] == sample[client.id].attributes[criterion]
    with_status = clients_from_frame(frame, CRITERIA, status="status")  # type: ignore[arg-type]
    assert [c.status for c in with_status] == [c.status for c in load_sample().clients]
    back = to_frame(loaded, backend=backend)  # type: ignore[call-overload]
    assert type(back).__module__.split(".")[0] == backend
    assert back.shape == (300, len(back.columns))
    ids, matrix = decision_matrix(frame, CRITERIA)  # type: ignore[arg-type]
    expected = np.array([[sample[i].attributes[c] for c in CRITERIA] for i in ids], dtype=float)
    np.testing.assert_array_equal(matrix, expected)  # None in the sample -> NaN here


@pytest.mark.parametrize("backend", BACKENDS)
def test_required_columns_named_optional_ones_optional(backend: str) -> None:
    frame = _frame(backend, {"id": ["s1"], "name": ["Banks"]})
    (segment,) = from_frame(frame, m.Segment)  # type: ignore[arg-type]
    assert segment == m.Segment(id="s1", name="Banks")  # every optional field at its default
    no_name = _frame(backend, {"id": ["s1"], "growth": [0.1]})
    with pytest.raises(UnknownReferenceError, match="no column 'name' in the frame") as info:
        from_frame(no_name, m.Segment)  # type: ignore[arg-type]
    assert info.value.field == "frame"
    (given,) = from_frame(no_name, m.Segment, constants={"name": "Banks"})  # type: ignore[arg-type]
    assert given.growth == 0.1
    with pytest.raises(UnknownReferenceError, match="segment_id") as err:
        clients_from_frame(_frame(backend, {"id": ["c1"], "name": ["N"]}), [])  # type: ignore[arg-type]
    assert err.value.field == "frame"


def test_required_and_optional_columns_per_entity() -> None:
    assert required_columns(m.Client) == ("id", "name", "segment_id")
    assert "status" in optional_columns(m.Client)
    assert required_columns(m.Segment) == ("id", "name")
    assert required_columns(m.Opportunity) == ("id", "client_id", "name", "origin")
    for cls in (m.Client, m.Segment, m.Opportunity, m.Contact):
        fields = {f.name for f in attrs.fields(cls)}
        assert set(required_columns(cls)) | set(optional_columns(cls)) == fields
        assert not set(required_columns(cls)) & set(optional_columns(cls))


@pytest.mark.parametrize("backend", BACKENDS)
def test_money_columns_from_either_library(backend: str) -> None:
    frame = _frame(
        backend, {"id": ["s1"], "name": ["Banks"], "size": [1.5e6], "size_currency": ["EUR"]}
    )
    (segment,) = from_frame(frame, m.Segment)  # type: ignore[arg-type]
    assert segment.size == m.Money("1500000.0", "EUR")


@pytest.mark.parametrize("backend", BACKENDS)
def test_decision_matrix_refuses_text_columns(backend: str) -> None:
    frame = _frame(backend, {"id": ["a", "b"], "x": ["1.5", "2"], "y": [1, None]})
    with pytest.raises(InvalidInputError, match=r"text in \['x'\]") as err:
        decision_matrix(frame, ["x", "y"])  # type: ignore[arg-type]
    assert err.value.field == "criteria"
    ids, matrix = decision_matrix(frame, ["y"])  # type: ignore[arg-type]
    assert ids == ("a", "b")
    assert matrix[0, 0] == 1.0
    assert math.isnan(matrix[1, 0])  # an empty integer cell is NaN, not 0


def test_polars_lazy_frames_and_results() -> None:
    lazy = pl.DataFrame({"id": ["s1"], "name": ["Banks"]}).lazy()
    assert from_frame(lazy, m.Segment) == [m.Segment(id="s1", name="Banks")]  # type: ignore[arg-type]
    from clientel.scoring import Criterion, score_alternatives

    ranking = score_alternatives(
        {"a": {"x": 1.0}, "b": {"x": 2.0}}, [Criterion(name="x", weight=1.0)], method="weighted_sum"
    )
    frame = ranking.to_frame(backend="polars")
    assert isinstance(frame, pl.DataFrame)
    assert frame["id"].to_list() == ["b", "a"]
    assert list(ranking.to_frame()["id"]) == ["b", "a"]


def test_other_objects_are_not_frames() -> None:
    with pytest.raises(
        InvalidInputError, match="expected a pandas or polars DataFrame, got dict"
    ) as err:
        from_frame({"id": ["a"]}, m.Segment)  # type: ignore[arg-type]
    assert err.value.field == "frame"
    with pytest.raises(InvalidInputError, match="backend") as err:
        to_frame([], backend="spark")  # type: ignore[call-overload]
    assert err.value.field == "backend"


def test_columns_table_in_the_docs_matches_the_entities() -> None:
    from pathlib import Path

    import clientel.pricing

    page = Path(__file__).resolve().parents[1] / "docs" / "howto" / "notebooks.md"
    rows = re.findall(r"^\| `(\w+)` \| (.*?) \| (.*?) \|$", page.read_text(encoding="utf-8"), re.M)
    assert len(rows) > 40
    for name, required, optional in rows:
        cls = getattr(m, name, None) or getattr(clientel.pricing, name)
        assert tuple(re.findall(r"`(\w+)`", required)) == required_columns(cls), name
        assert tuple(re.findall(r"`(\w+)`", optional)) == optional_columns(cls), name


def test_records_of_every_kind_of_object() -> None:
    client = m.Client(id="c1", name="Nordbank", segment_id="fin")
    assert records(client)[0]["id"] == "c1"  # one entity
    assert records({"id": "x", "n": 1}) == [{"id": "x", "n": 1}]  # one mapping
    plan = m.AccountPlan(id="p1", client_id="c1", year=2026, objectives=())
    assert records(plan)[0]["id"] == "p1"  # no tuple of entities: the entity itself
    with pytest.raises(InvalidInputError, match="cannot make rows from int") as err:
        records(5)
    assert err.value.field == "obj"
    with pytest.raises(InvalidInputError, match="money") as err:
        records(client, money="cents")
    assert err.value.field == "money"


def test_pandas_missing_markers_and_mapping_columns() -> None:
    frame = pd.DataFrame(
        {
            "id": ["c1", "c2"],
            "name": ["A", "B"],
            "segment_id": ["s", "s"],
            "geography": pd.array([pd.NA, "DE"], dtype="string"),
            "it_budget": pd.array([1, pd.NA], dtype="Int64"),
        }
    )
    first, second = from_frame(frame, m.Client, mappings={"attributes": ["it_budget"]})
    assert first.geography == ""  # pd.NA is missing (the field's default), not the text "<NA>"
    assert second.geography == "DE"
    assert (first.attributes["it_budget"], second.attributes["it_budget"]) == (1, None)
    with pytest.raises(UnknownReferenceError, match="growth") as info:
        from_frame(frame, m.Client, mappings={"attributes": ["growth"]})
    assert info.value.field == "mappings"
