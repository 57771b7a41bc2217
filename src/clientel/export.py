"""CSV export that a spreadsheet cannot turn into a formula.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``,
``-`` or ``@`` as a formula, and so they do after a tab, a carriage return or a
line feed ("CSV injection": OWASP, *CSV Injection*, owasp.org/www-community/
attacks/CSV_Injection, lists ``= + - @``, tab, CR and LF; the OWASP ASVS 1.2.10
adds the null character). Spreadsheets also fold look-alikes (the fullwidth
``＝`` and ``＋``, the small ``﹦``, the minus sign ``−``) and skip blanks and
invisible characters before them. :func:`write_csv` therefore

* prefixes a text cell with a single quote (which spreadsheets show as text)
  when its first visible character, after any spaces, zero-width or other
  invisible characters, is a trigger or folds to one (Unicode NFKC), or is any
  dash or minus sign; a cell starting with a tab, CR, LF or NUL always is;
* quotes every text cell, so a ``;`` or ``,`` inside one cannot start a new
  cell in a spreadsheet that splits on it (OWASP's second precaution);
* writes numbers (int, float, Decimal, numpy numbers) as numbers, never
  escaped: ``-40000.00`` stays a negative amount.
"""

from __future__ import annotations

import csv
import io
import numbers
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from clientel.errors import InvalidInputError

__all__ = ["escape_cell", "needs_escape", "write_csv"]

_TRIGGERS = frozenset("=+-@")
_ALWAYS = frozenset("\t\r\n\0")
_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})
_MINUS = "\u2212"


def needs_escape(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (see the module notes).

    Parameters
    ----------
    text : str
        One cell's text.

    Returns
    -------
    bool
        True when the first character that is not a space or an invisible mark
        starts a formula (``=``, ``+``, ``-``, ``@``, their full-width forms, any
        dash or the minus sign), or the text starts with a tab, a line break or NUL.

    Examples
    --------
    >>> [needs_escape(t) for t in ["=1+1", "＝1+1", " \u200b@SUM(A1)", "−5", "Nordbank", " Vista"]]
    [True, True, True, True, False, False]
    """
    if text[:1] in _ALWAYS:
        return True
    for char in text:
        if unicodedata.category(char) == "Pd" or char == _MINUS:
            return True
        if unicodedata.normalize("NFKC", char)[:1] in _TRIGGERS:
            return True
        if not (char.isspace() or unicodedata.category(char) in _INVISIBLE):
            return False
    return False


def escape_cell(value: Any) -> Any:
    """Escape one cell: text a spreadsheet would run as a formula gets a leading ``'``.

    Parameters
    ----------
    value : object
        One cell; only text is ever changed.

    Returns
    -------
    object
        ``value`` with a leading ``'`` when it is text that :func:`needs_escape`;
        otherwise ``value`` itself.

    Examples
    --------
    >>> escape_cell("=Equinox Partners"), escape_cell("Nordbank"), escape_cell(-5)
    ("'=Equinox Partners", 'Nordbank', -5)
    """
    if isinstance(value, str) and needs_escape(value):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | numbers.Real):
        return value
    return escape_cell(str(value))


def write_csv(
    rows: Iterable[Mapping[str, Any]],
    target: str | Path | IO[str] | None = None,
    *,
    columns: Sequence[str] | None = None,
) -> str:
    r"""Write rows (mappings) as CSV with a header; returns the text.

    Text cells are quoted and escaped against formulas; numbers are written
    as numbers.

    Parameters
    ----------
    rows : iterable of mapping
        One mapping per row; missing keys become empty cells.
    target : path or text file, optional
        Where to write; the text is returned either way.
    columns : sequence of str, optional
        Column order; defaults to the keys of the first row.

    Returns
    -------
    str
        The CSV text (lines end in ``\r\n``), also written to ``target`` if given.

    Raises
    ------
    InvalidInputError
        No columns, or a row with a key that is not a column.

    Examples
    --------
    >>> write_csv([{"id": "c-018", "name": "=Equinox Partners", "balance": -40000.5}])
    '"id","name","balance"\r\n"c-018","\'=Equinox Partners",-40000.5\r\n'
    """
    materialised = list(rows)
    cols = list(columns) if columns is not None else list(materialised[0]) if materialised else []
    if not cols:
        raise InvalidInputError("no columns to write", field="columns")
    buf = io.StringIO()
    # RFC 4180 (CRLF line ends, so a CR inside a cell gets quoted); every text cell quoted
    writer = csv.writer(buf, quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([escape_cell(str(c)) for c in cols])
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
