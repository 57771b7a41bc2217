"""DataFrames in and out (pandas, optional extra ``clientel[pandas]``).

* :func:`records` flattens entities and results into plain rows (no pandas needed);
* :func:`to_frame` turns entities, lists of entities and typed results into a
  :class:`pandas.DataFrame`;
* :func:`from_frame` builds entities from a DataFrame, one per row, with empty
  cells as ``None``; :func:`clients_from_frame` is the CRM-export shortcut;
* :func:`decision_matrix` pulls an alternatives x criteria float matrix (NaN for
  empty cells) for the scoring kernels.

pandas is imported only inside these functions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel import models as m
from clientel._internal.display import flatten, pandas
from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["clients_from_frame", "decision_matrix", "from_frame", "records", "to_frame"]

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


def to_frame(obj: Any, *, money: str = "float") -> pd.DataFrame:
    """A DataFrame of :func:`records` (empty values as ``None``/NaN).

    Examples
    --------
    >>> from clientel.sample import load_sample
    >>> frame = to_frame(load_sample().clients)
    >>> frame.shape, int(frame["attributes.it_budget"].isna().sum())
    ((300, 17), 60)
    """
    pd_module = pandas()
    frame: pd.DataFrame = pd_module.DataFrame.from_records(records(obj, money=money))
    return frame


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    try:
        pd = pandas()
        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover
        pass
    return value


def from_frame(
    frame: pd.DataFrame,
    cls: type[T],
    *,
    mappings: Mapping[str, Sequence[str]] | None = None,
    constants: Mapping[str, Any] | None = None,
) -> list[T]:
    """Build one ``cls`` entity per row.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns named like the entity's fields; empty cells become ``None``.
    cls : type
        The entity type, e.g. :class:`clientel.models.Client`.
    mappings : mapping of str to sequence of str, optional
        Mapping fields filled from several columns, e.g.
        ``{"attributes": ["growth", "it_budget"]}``.
    constants : mapping, optional
        Values for fields that are the same on every row.

    Raises
    ------
    SerializationError
        When a row does not fit the entity, naming the row and field
        (``$[12].segment_id: required field missing``).
    """
    mappings = dict(mappings or {})
    used = {c for cols in mappings.values() for c in cols}
    missing = sorted(used - set(frame.columns))
    if missing:
        raise UnknownReferenceError(f"columns not in the frame: {missing}", field="mappings")
    names = {f.name for f in attrs.fields(cls)}  # type: ignore[arg-type]
    names |= {f"{n}_currency" for n in names}  # Money given as number + currency columns
    plain = [c for c in frame.columns if c not in used and c in names]
    rows = []
    for values in frame.to_dict(orient="records"):
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
    frame: pd.DataFrame,
    criteria: Sequence[str],
    *,
    id: str = "id",  # noqa: A002 - the column is called id
    name: str = "name",
    segment_id: str = "segment_id",
    status: str | None = "status",
) -> list[m.Client]:
    """Clients from a CRM export: criteria columns become ``Client.attributes``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"id": ["c1", "c2"], "name": ["Nordbank", "Vista"],
    ...                    "segment_id": ["fin", "ret"], "it_budget": [4.2, None]})
    >>> [c.attributes for c in clients_from_frame(df, ["it_budget"], status=None)]
    [mappingproxy({'it_budget': 4.2}), mappingproxy({'it_budget': None})]
    """
    renamed = {id: "id", name: "name", segment_id: "segment_id"}
    if status is not None:
        renamed[status] = "status"
    absent = sorted(set(renamed) - set(frame.columns))
    if absent:
        raise UnknownReferenceError(f"columns not in the frame: {absent}", field="frame")
    base = frame[list(renamed)].rename(columns=renamed)
    extra = frame[list(criteria)]
    return from_frame(base.join(extra), m.Client, mappings={"attributes": list(criteria)})


def decision_matrix(
    frame: pd.DataFrame,
    criteria: Sequence[str],
    *,
    id: str = "id",  # noqa: A002 - the column of the ids, as in clients_from_frame
    allow_missing: bool = True,
) -> tuple[tuple[str, ...], NDArray[np.float64]]:
    """Ids and an alternatives x criteria float matrix (NaN where a cell is empty).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per alternative.
    criteria : sequence of str
        The numeric columns, in the matrix's column order.
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
    absent = sorted({id, *criteria} - set(frame.columns))
    if absent:
        raise UnknownReferenceError(f"columns not in the frame: {absent}", field="criteria")
    try:
        matrix = frame[list(criteria)].to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(
            f"criteria columns must be numeric ({exc})", field="criteria"
        ) from exc
    ids = tuple(str(v) for v in frame[id].tolist())
    if not allow_missing and np.isnan(matrix).any():
        row, col = np.argwhere(np.isnan(matrix))[0]
        raise MissingDataError("empty cell", field=f"{ids[row]}.{criteria[col]}")
    return ids, matrix
