"""CSV export that a spreadsheet cannot turn into a formula.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is run as a formula by Excel, LibreOffice and Google Sheets ("CSV injection",
OWASP). :func:`write_csv` prefixes such text cells with a single quote, which
spreadsheets show as text; numbers are written as numbers and never escaped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from clientel.errors import InvalidInputError

__all__ = ["escape_cell", "write_csv"]

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    """Escape one cell: text starting with a formula trigger gets a leading ``'``.

    Examples
    --------
    >>> escape_cell("=Equinox Partners"), escape_cell("Nordbank"), escape_cell(-5)
    ("'=Equinox Partners", 'Nordbank', -5)
    """
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return value
    return escape_cell(str(value))


def write_csv(
    rows: Iterable[Mapping[str, Any]],
    target: str | Path | IO[str] | None = None,
    *,
    columns: Sequence[str] | None = None,
) -> str:
    r"""Write rows (mappings) as CSV with a header; returns the text.

    Parameters
    ----------
    rows : iterable of mapping
        One mapping per row; missing keys become empty cells.
    target : path or text file, optional
        Where to write; the text is returned either way.
    columns : sequence of str, optional
        Column order; defaults to the keys of the first row.

    Examples
    --------
    >>> write_csv([{"id": "c-018", "name": "=Equinox Partners", "score": 0.75}])
    "id,name,score\r\nc-018,'=Equinox Partners,0.75\r\n"
    """
    materialised = list(rows)
    cols = list(columns) if columns is not None else list(materialised[0]) if materialised else []
    if not cols:
        raise InvalidInputError("no columns to write", field="columns")
    buf = io.StringIO()
    writer = csv.writer(buf)  # RFC 4180: CRLF line ends, so a CR inside a cell gets quoted
    writer.writerow([escape_cell(c) for c in cols])
    for i, row in enumerate(materialised):
        unknown = set(row) - set(cols)
        if unknown:
            msg = f"keys not in columns: {sorted(unknown)}"
            raise InvalidInputError(msg, field=f"rows[{i}]")
        writer.writerow([_cell(row.get(c)) for c in cols])
    text = buf.getvalue()
    if isinstance(target, str | Path):
        Path(target).write_text(text, encoding="utf-8", newline="")
    elif target is not None:
        target.write(text)
    return text
