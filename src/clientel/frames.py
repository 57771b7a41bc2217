"""DataFrames in and out: pandas or polars (optional extras ``clientel[pandas]``,
``clientel[polars]``).

* :func:`records` flattens entities and results into plain rows (no frame library needed);
* :func:`to_frame` turns entities, lists of entities and typed results into a
  pandas DataFrame, or a polars one with ``backend="polars"``;
* :func:`from_frame` builds entities from a pandas or polars DataFrame, one per
  row, with empty cells as ``None``; :func:`clients_from_frame` is the
  CRM-export shortcut; :func:`required_columns` and :func:`optional_columns`
  say which columns an entity needs;
* :func:`decision_matrix` pulls an alternatives x criteria float matrix (NaN for
  empty cells) for the scoring kernels.

The same functions accept either library's frames; pandas and polars are
imported only inside them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel import models as m
from clientel._internal import dataframes as df
from clientel._internal.display import flatten
from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

__all__ = [
    "clients_from_frame",
    "decision_matrix",
    "from_frame",
    "optional_columns",
    "records",
    "required_columns",
    "to_frame",
]

T = TypeVar("T")


def _rows_of(obj: Any) -> list[Any]:
    if hasattr(obj, "to_records") and callable(obj.to_records):
        return list(obj.to_records())
    if isinstance(obj, Mapping):
        return [obj]
    if isinstance(obj, Iterable) and not isinstance(obj, str | bytes):
        return list(obj)
    if attrs.has(type(obj)):
        nested = [
            getattr(obj, f.name)
            for f in attrs.fields(type(obj))
            if isinstance(getattr(obj, f.name), tuple)
            and getattr(obj, f.name)
            and all(attrs.has(type(x)) for x in getattr(obj, f.name))
        ]
        return list(nested[0]) if len(nested) == 1 else [obj]
    msg = f"cannot make rows from {type(obj).__name__}"
    raise InvalidInputError(msg, field="obj")


def records(obj: Any, *, money: str = "float") -> list[dict[str, Any]]:
    """Flat rows of an entity, a list of entities or a typed result.

    Mappings become dotted columns (``attributes.growth``); Money becomes a
    number column plus ``<name>_currency`` (``money="decimal"`` keeps Decimals).
    Results with a ``to_records()`` method use it; a result holding one tuple of
    entities (e.g. ranked items) is flattened to those.

    Parameters
    ----------
    obj : entity, sequence of entities or typed result
        What to flatten.
    money : {"float", "decimal"}
        Money amounts as floats (default) or exact Decimals.

    Returns
    -------
    list of dict
        One flat ``{column: value}`` dictionary per row.

    Raises
    ------
    InvalidInputError
        ``money`` is neither ``"float"`` nor ``"decimal"`` (field ``money``), or
        ``obj`` is not something rows can be made from (field ``obj``).

    Examples
    --------
    >>> from clientel.models import Client
    >>> records([Client(id="c1", name="Nordbank", segment_id="fin",
    ...                 attributes={"growth": 0.1, "it_budget": None})])[0]["attributes.growth"]
    0.1
    """
    if money not in {"float", "decimal"}:
        raise InvalidInputError("expected 'float' or 'decimal'", field="money", value=money)
    out = []
    for row in _rows_of(obj):
        data = m.to_data(row)
        flat: dict[str, Any] = {}
        flatten("", data if isinstance(data, dict) else {"value": data}, flat, money)
        out.append(flat)
    return out


@overload
def to_frame(obj: Any, *, money: str = ..., backend: Literal["pandas"] = ...) -> pd.DataFrame: ...
@overload
def to_frame(obj: Any, *, money: str = ..., backend: Literal["polars"]) -> pl.DataFrame: ...


def to_frame(obj: Any, *, money: str = "float", backend: str = "pandas") -> Any:
    """A DataFrame of :func:`records` (empty values as null / NaN).

    Parameters
    ----------
    obj : entity, sequence of entities or typed result
        What to flatten (see :func:`records`).
    money : {"float", "decimal"}
        Money amounts as floats (default) or exact Decimals.
    backend : {"pandas", "polars"}
        The frame library (its extra must be installed).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        One row per record, one column per flat field.

    Raises
    ------
    InvalidInputError
        ``money`` or ``backend`` is not one of its values (naming that field), or
        ``obj`` cannot be made into rows (field ``obj``).
    ImportError
        The backend's extra (``clientel[pandas]`` or ``clientel[polars]``) is not
        installed.

    Examples
    --------
    >>> from clientel.sample import load_sample
    >>> frame = to_frame(load_sample().clients)
    >>> frame.shape, int(frame["attributes.it_budget"].isna().sum())
    ((300, 17), 60)
    >>> polars_frame = to_frame(load_sample().clients, backend="polars")
    >>> polars_frame.shape, polars_frame["attributes.it_budget"].null_count()
    ((300, 17), 60)

    A result held as columns (a scoring ``Ranking``) is built column by
    column, without a loop over its rows.
    """
    columns = getattr(obj, "_columns", None)
    if callable(columns):  # columnar results: no per-row records
        return df.frame_of_columns(columns(), backend)
    return df.make_frame(records(obj, money=money), backend)


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if type(value).__name__ in {"NAType", "NaTType"}:  # pandas' missing-value markers
        return None
    return value


def _has_default(field: attrs.Attribute) -> bool:  # type: ignore[type-arg]
    return field.default is not attrs.NOTHING


def required_columns(cls: type) -> tuple[str, ...]:
    """The columns :func:`from_frame` needs for ``cls``: its fields without a default.

    ``cls`` is an attrs entity type, e.g. :class:`clientel.models.Client`.

    Returns
    -------
    tuple of str
        The names of its fields without a default, in declaration order.

    Examples
    --------
    >>> from clientel.models import Client
    >>> required_columns(Client)
    ('id', 'name', 'segment_id')
    """
    return tuple(f.name for f in attrs.fields(cls) if not _has_default(f))


def optional_columns(cls: type) -> tuple[str, ...]:
    """The columns :func:`from_frame` uses for ``cls`` when present (fields with a default).

    ``cls`` is an attrs entity type, e.g. :class:`clientel.models.Client`.

    Returns
    -------
    tuple of str
        The names of its fields that have a default, in declaration order.

    Examples
    --------
    >>> from clientel.models import Client
    >>> optional_columns(Client)[:3]
    ('status', 'attributes', 'geography')
    """
    return tuple(f.name for f in attrs.fields(cls) if _has_default(f))


def from_frame(
    frame: pd.DataFrame | pl.DataFrame,
    cls: type[T],
    *,
    mappings: Mapping[str, Sequence[str]] | None = None,
    constants: Mapping[str, Any] | None = None,
) -> list[T]:
    """Build one ``cls`` entity per row of a pandas or polars DataFrame.

    The frame needs a column for each of :func:`required_columns` (unless given
    by ``mappings`` or ``constants``); :func:`optional_columns` are used when
    present; other columns are ignored. A Money field is a column of amounts
    plus a ``<field>_currency`` column.

    Parameters
    ----------
    frame : pandas.DataFrame or polars.DataFrame
        Columns named like the entity's fields; empty cells become ``None``.
    cls : type
        The entity type, e.g. :class:`clientel.models.Client`.
    mappings : mapping of str to sequence of str, optional
        Mapping fields filled from several columns, e.g.
        ``{"attributes": ["growth", "it_budget"]}``.
    constants : mapping, optional
        Values for fields that are the same on every row.

    Returns
    -------
    list
        One ``cls`` entity per row, in the frame's order.

    Raises
    ------
    UnknownReferenceError
        A required column, or a column named in ``mappings``, is not in the
        frame (named as a missing column, not as a missing value).
    SerializationError
        When a row does not fit the entity, naming the row and field
        (``$[12].segment_id: required field missing``).
    InvalidInputError
        A Money field given as a number without its ``<field>_currency`` column.

    Examples
    --------
    >>> import polars as pl
    >>> from clientel.models import Segment
    >>> frame = pl.DataFrame({"id": ["fin"], "name": ["Finance"], "growth": [0.04]})
    >>> [(s.id, s.growth) for s in from_frame(frame, Segment)]
    [('fin', 0.04)]
    """
    frame = df.eager(frame)
    return _build(df.columns(frame), df.row_dicts(frame), cls, mappings, constants)


def _build(
    present: list[str],
    frame_rows: list[dict[str, Any]],
    cls: type[T],
    mappings: Mapping[str, Sequence[str]] | None,
    constants: Mapping[str, Any] | None,
) -> list[T]:
    mappings = dict(mappings or {})
    used = {c for cols in mappings.values() for c in cols}
    missing = sorted(used - set(present))
    if missing:
        raise UnknownReferenceError(f"columns not in the frame: {missing}", field="mappings")
    given = set(mappings) | set(constants or {})
    needed = [c for c in required_columns(cls) if c not in given and c not in present]
    if needed:
        msg = (
            f"no column {', '.join(map(repr, needed))} in the frame (a {cls.__name__} needs "
            f"{', '.join(required_columns(cls))})"
        )
        raise UnknownReferenceError(msg, field="frame")
    names = {f.name for f in attrs.fields(cls)}  # type: ignore[arg-type]
    names |= {f"{n}_currency" for n in names}  # Money given as number + currency columns
    plain = [c for c in present if c not in used and c in names]
    rows = []
    for values in frame_rows:
        row: dict[str, Any] = {c: _cell(values[c]) for c in plain if _cell(values[c]) is not None}
        for field, cols in mappings.items():
            row[field] = {c: _cell(values[c]) for c in cols}
        rows.append({**(constants or {}), **row})
    return m.from_data(_coerce_money(rows, cls), list[cls])  # type: ignore[valid-type]


def _coerce_money(rows: list[dict[str, Any]], cls: type) -> list[dict[str, Any]]:
    """Let a Money field be given as a number column plus ``<field>_currency``."""
    import typing

    hints = typing.get_type_hints(cls)
    money_fields = [n for n, t in hints.items() if m.Money in (t, *typing.get_args(t))]
    for row in rows:
        for name in money_fields:
            value = row.get(name)
            if value is not None and not isinstance(value, dict):
                currency = row.pop(f"{name}_currency", None)
                if currency is None:
                    msg = f"a number needs a '{name}_currency' column"
                    raise InvalidInputError(msg, field=name)
                row[name] = {"amount": str(Decimal(str(value))), "currency": currency}
            else:
                row.pop(f"{name}_currency", None)
    return rows


def clients_from_frame(
    frame: pd.DataFrame | pl.DataFrame,
    criteria: Sequence[str],
    *,
    id: str = "id",  # noqa: A002 - the column is called id
    name: str = "name",
    segment_id: str = "segment_id",
    status: str | None = None,
) -> list[m.Client]:
    """Clients from a CRM export (pandas or polars): criteria columns become ``attributes``.

    Parameters
    ----------
    frame : pandas.DataFrame or polars.DataFrame
        One row per client.
    criteria : sequence of str
        The columns copied into ``Client.attributes`` (empty cells as ``None``).
    id, name, segment_id : str
        The columns holding these required fields.
    status : str, optional
        The column holding the client status; without it every client gets the
        default status (``prospect``). A frame's ``status`` column is used only
        when named here.

    Returns
    -------
    list of Client
        One client per row, in the frame's order.

    Raises
    ------
    UnknownReferenceError
        A named column (or a criterion) is not in the frame.
    SerializationError
        A row that does not make a valid client, naming the row and field.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"id": ["c1", "c2"], "name": ["Nordbank", "Vista"],
    ...                    "segment_id": ["fin", "ret"], "it_budget": [4.2, None]})
    >>> [c.attributes for c in clients_from_frame(df, ["it_budget"])]
    [{'it_budget': 4.2}, {'it_budget': None}]
    """
    renamed = {id: "id", name: "name", segment_id: "segment_id"}
    if status is not None:
        renamed[status] = "status"
    frame = df.eager(frame)
    present = df.columns(frame)
    absent = [c for c in dict.fromkeys([*renamed, *criteria]) if c not in present]
    if absent:
        raise UnknownReferenceError(f"columns not in the frame: {absent}", field="frame")
    rows = [
        {
            **{field: row[column] for column, field in renamed.items()},
            "attributes": {c: _cell(row[c]) for c in criteria},
        }
        for row in df.row_dicts(frame)
    ]
    return _build([*renamed.values(), "attributes"], rows, m.Client, None, None)


def decision_matrix(
    frame: pd.DataFrame | pl.DataFrame,
    criteria: Sequence[str],
    *,
    id: str = "id",  # noqa: A002 - the column of the ids, as in clients_from_frame
    allow_missing: bool = True,
) -> tuple[tuple[str, ...], NDArray[np.float64]]:
    """Ids and an alternatives x criteria float matrix (NaN where a cell is empty).

    Parameters
    ----------
    frame : pandas.DataFrame or polars.DataFrame
        One row per alternative.
    criteria : sequence of str
        The numeric columns, in the matrix's column order (text columns are
        refused, never converted).
    id : str
        The column holding the ids (as in :func:`clients_from_frame`).
    allow_missing : bool
        Keep empty cells as NaN (the missing-data policies of
        :mod:`clientel.scoring` handle them); False raises instead.

    Returns
    -------
    tuple of (tuple of str, numpy.ndarray)
        The ids and the ``(rows, criteria)`` float matrix.

    Raises
    ------
    UnknownReferenceError
        A criterion or the id column is not in the frame.
    InvalidInputError
        A criterion column that is not numeric.
    MissingDataError
        An empty cell when ``allow_missing`` is False (names row and criterion).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"client": ["c1", "c2"], "it_budget": [4.2, None], "growth": [0.1, 0.3]})
    >>> ids, matrix = decision_matrix(df, ["it_budget", "growth"], id="client")
    >>> ids, matrix.tolist()
    (('c1', 'c2'), [[4.2, 0.1], [nan, 0.3]])
    """
    frame = df.eager(frame)
    absent = sorted({id, *criteria} - set(df.columns(frame)))
    if absent:
        raise UnknownReferenceError(f"columns not in the frame: {absent}", field="criteria")
    matrix = df.float_matrix(frame, criteria)
    ids = tuple(str(v) for v in df.column_values(frame, id))
    if not allow_missing and np.isnan(matrix).any():
        row, col = np.argwhere(np.isnan(matrix))[0]
        raise MissingDataError("empty cell", field=f"{ids[row]}.{criteria[col]}")
    return ids, matrix
