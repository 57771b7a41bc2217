"""Notebook display and short reprs for results (private).

Results that can be shown as rows implement ``to_records()``; mixing in
:class:`TableDisplay` gives them ``_repr_html_`` (a compact table with at most
``max_rows`` rows), ``to_frame()`` (pandas or polars, optional) and a short ``repr``
(type, size and the first values: never a whole array). Classes using the
mixin are declared with ``attrs.frozen(repr=False)`` so the short repr is kept.

This module imports nothing from the rest of clientel but errors and
:mod:`clientel._internal.dataframes`, so every layer can use it without an
import cycle.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, overload

from clientel._internal.dataframes import make_frame, pandas
from clientel.errors import InvalidInputError

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

__all__ = [
    "TableDisplay",
    "first_items",
    "flatten",
    "html_table",
    "number_text",
    "pandas",
    "short_repr",
    "summarise",
]

_FIRST = 3
_SMALL = 40  # an attrs value whose repr is longer shows as Type(…)


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, tuple | list):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def number_text(value: float) -> str:
    """A float for a table read by people: four significant digits, never in e-notation.

    Large numbers get thousands separators; what rounds to zero at four decimals is 0.

    Examples
    --------
    >>> [number_text(v) for v in (0.123456, -6.82e-05, 1e-9, 1234.5, 1234567.8, float("nan"))]
    ['0.1235', '-0.0001', '0', '1234', '1,234,568', 'nan']
    """
    if not math.isfinite(value):
        return str(value)
    size = abs(value)
    if size >= 1e4:
        return f"{value:,.0f}"
    if round(value, 4) == 0:
        return "0"
    if size < 1e-3:
        return f"{value:.4f}"
    return f"{value:.4g}"


def html_table(rows: Sequence[Mapping[str, Any]], *, title: str = "", max_rows: int = 20) -> str:
    """An HTML table of ``rows`` (escaped), truncated to ``max_rows`` with a note.

    Examples
    --------
    >>> table = html_table([{"id": "c1", "score": 0.5}, {"id": "<c2>"}], title="Ranking")
    >>> "<th>score</th>" in table, "<td>&lt;c2&gt;</td>" in table
    (True, True)
    """
    cols: list[str] = []
    for row in rows[:max_rows]:
        cols.extend(k for k in row if k not in cols)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(r.get(c)))}</td>" for c in cols) + "</tr>"
        for r in rows[:max_rows]
    )
    more = f"<p>… {len(rows) - max_rows} more rows</p>" if len(rows) > max_rows else ""
    caption = f"<strong>{html.escape(title)}</strong>" if title else ""
    return (
        f"<div>{caption}<table><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>{more}</div>"
    )


def summarise(value: Any) -> str:
    """A short text for one field value: arrays and long sequences show size and first values.

    Examples
    --------
    >>> import numpy as np
    >>> summarise(np.arange(10.0))
    'array(shape=(10,), first=[0, 1, 2, …])'
    >>> summarise(tuple("abcde"))
    "('a', 'b', 'c', … 5 items)"
    >>> summarise({"x": 1.23456789})
    "{'x': 1.235}"
    >>> from clientel.models import Money
    >>> summarise(Money("6000", "EUR"))
    "Money('6000', 'EUR')"
    """
    shape = getattr(value, "shape", None)
    if shape is not None and hasattr(value, "ravel"):
        flat = value.ravel()[:_FIRST].tolist()
        tail = ", …" if value.size > _FIRST else ""
        return f"array(shape={tuple(shape)}, first=[{', '.join(map(_short, flat))}{tail}])"
    if isinstance(value, tuple | list):
        items = ", ".join(summarise(v) for v in value[:_FIRST])
        if len(value) > _FIRST:
            return f"({items}, … {len(value)} items)"
        return f"({items}{',' if len(value) == 1 else ''})"
    if isinstance(value, Mapping):
        pairs = [f"{k!r}: {summarise(v)}" for k, v in list(value.items())[:_FIRST]]
        tail = f", … {len(value)} items" if len(value) > _FIRST else ""
        return "{" + ", ".join(pairs) + tail + "}"
    return _short(value)


def first_items(items: Sequence[str], k: int = _FIRST) -> str:
    """The first ``k`` of ``items`` joined by commas, and how many there are when more.

    For one-line reprs that name members (roles, signers) without growing with them.

    Examples
    --------
    >>> first_items(["am", "gm"]), first_items(list("abcde"))
    ('am, gm', 'a, b, c, … 5 in all')
    """
    head = ", ".join(items[:k])
    return f"{head}, … {len(items)} in all" if len(items) > k else head


def _short(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if hasattr(value, "__attrs_attrs__") and not isinstance(value, TableDisplay):
        text = repr(value)  # a small value type (Money, Period) keeps its own repr
        return text if len(text) <= _SMALL else f"{type(value).__name__}(…)"
    return repr(value)


def short_repr(obj: Any) -> str:
    """``Type(field=value, ...)`` with every value summarised (see :func:`summarise`)."""
    fields = getattr(type(obj), "__attrs_attrs__", ())
    parts = [f"{f.name}={summarise(getattr(obj, f.name))}" for f in fields if f.repr]
    return f"{type(obj).__name__}({', '.join(parts)})"


class TableDisplay:
    """Mixin: ``_repr_html_``, ``to_frame`` and a short ``repr`` from ``to_records()``."""

    _display_title: str = ""

    def to_records(self) -> list[dict[str, Any]]:  # pragma: no cover - overridden
        """Rows for tables and DataFrames."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return short_repr(self)

    def _repr_html_(self) -> str:
        return html_table(self.to_records(), title=self._display_title or type(self).__name__)

    @overload
    def to_frame(self, *, backend: Literal["pandas"] = ...) -> pd.DataFrame: ...
    @overload
    def to_frame(self, *, backend: Literal["polars"]) -> pl.DataFrame: ...

    def to_frame(self, *, backend: str = "pandas") -> Any:
        """The rows as a DataFrame: ``backend="pandas"`` (default) or ``"polars"``.

        Needs the ``clientel[pandas]`` or ``clientel[polars]`` extra.
        """
        rows = []
        for record in self.to_records():
            flat: dict[str, Any] = {}
            flatten("", record, flat, "float")
            rows.append(flat)
        return make_frame(rows, backend)


def flatten(prefix: str, value: Any, out: dict[str, Any], money: str) -> None:
    """Flatten nested mappings into dotted columns; Money dicts become amount + currency."""
    if money not in {"float", "decimal"}:
        raise InvalidInputError("expected 'float' or 'decimal'", field="money", value=money)
    if isinstance(value, dict):
        if set(value) == {"amount", "currency"}:
            amount = Decimal(value["amount"])
            out[prefix] = float(amount) if money == "float" else amount
            out[f"{prefix}_currency"] = value["currency"]
            return
        if not value and prefix:
            return
        for key, item in value.items():
            flatten(f"{prefix}.{key}" if prefix else str(key), item, out, money)
        return
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out[prefix] = value  # nested rows stay as they are
        return
    out[prefix] = value
