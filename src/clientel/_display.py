"""Notebook display: small HTML tables for results (``_repr_html_``).

Results that can be shown as rows implement ``to_records()``; mixing in
:class:`TableDisplay` gives them ``_repr_html_`` (a compact table with at most
``max_rows`` rows) and ``to_frame()`` (pandas, optional).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TableDisplay", "html_table"]


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, tuple | list):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def html_table(rows: Sequence[Mapping[str, Any]], *, title: str = "", max_rows: int = 20) -> str:
    """An HTML table of ``rows`` (escaped), truncated to ``max_rows`` with a note.

    Examples
    --------
    >>> table = html_table([{"id": "c1", "score": 0.5}, {"id": "<c2>"}], title="Ranking")
    >>> "<th>score</th>" in table, "<td>&lt;c2&gt;</td>" in table
    (True, True)
    """
    cols: list[str] = []
    for row in rows:
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


class TableDisplay:
    """Mixin: ``_repr_html_`` and ``to_frame`` from the class's ``to_records()``."""

    _display_title: str = ""

    def to_records(self) -> list[dict[str, Any]]:  # pragma: no cover - overridden
        """Rows for tables and DataFrames."""
        raise NotImplementedError

    def _repr_html_(self) -> str:
        return html_table(self.to_records(), title=self._display_title or type(self).__name__)

    def to_frame(self) -> pd.DataFrame:
        """The rows as a :class:`pandas.DataFrame` (needs the pandas extra)."""
        from clientel.frames import to_frame

        return to_frame(self)
