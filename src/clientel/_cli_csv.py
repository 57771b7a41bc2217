"""CSV tables the command line reads (private).

What a spreadsheet or a CRM exports is read as it comes: with or without a
byte-order mark (decoded by :func:`clientel._cli_io.read_text`), delimited by
commas, semicolons or tabs (sniffed from the header line), numbers with a
decimal point or, with ``decimal_comma``, a decimal comma (``1.234,5``).
Everything else is strict: a row with too few or too many cells, a missing
column, a number that is not one, a yes/no cell that is neither and a cell
longer than :data:`clientel.models.MAX_STRING_LENGTH` are errors naming the
file, the line and the column.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from clientel.errors import InvalidInputError, LimitExceededError, UnknownReferenceError
from clientel.models import MAX_STRING_LENGTH

__all__ = ["BOOLEANS", "DELIMITERS", "Table", "read_table", "sniff"]

#: Delimiters tried on the header line, in this order of preference on a tie.
DELIMITERS = (",", ";", "\t")
#: The only words read as yes/no (case and surrounding spaces do not matter).
BOOLEANS = MappingProxyType(
    {
        "true": True,
        "false": False,
        "yes": True,
        "no": False,
        "1": True,
        "0": False,
        "won": True,
        "lost": False,
    }
)
_EXPONENT = r"(?:[eE][+-]?\d+)?"
_POINT = re.compile(rf"[+-]?(?:\d+(?:\.\d*)?|\.\d+){_EXPONENT}", re.ASCII)
_COMMA = re.compile(rf"[+-]?(?:\d{{1,3}}(?:\.\d{{3}})+|\d+)(?:,\d+)?{_EXPONENT}", re.ASCII)
_SHOWN = 60


def sniff(header: str) -> str:
    """The delimiter of a header line: the most frequent of ``, ; tab`` outside quotes.

    Examples
    --------
    >>> sniff("id;name;it_budget"), sniff("id,name"), sniff('"a;b",c'), sniff("id")
    (';', ',', ',', ',')
    """
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=counts.__getitem__)
    return best if counts[best] else ","


def _bad(message: str, field: str, cell: str) -> InvalidInputError:
    shown = cell if len(cell) <= _SHOWN else f"{cell[:_SHOWN]}… ({len(cell)} characters)"
    return InvalidInputError(message, field=field, value=shown)


@attrs.frozen(kw_only=True)
class Table:
    """A CSV file's header and rows, each row with its line number in the file."""

    path: str
    columns: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]
    decimal_comma: bool = False

    def where(self, line: int, column: str) -> str:
        """``file:line:column``, the field named by errors about one cell."""
        return f"{self.path}:{line}:{column}"

    def require(self, names: Iterable[str]) -> None:
        """Raise naming every column of ``names`` that the header lacks."""
        absent = [n for n in names if n not in self.columns]
        if absent:
            have = ", ".join(self.columns)
            missing = ", ".join(repr(n) for n in absent)
            word = "column" if len(absent) == 1 else "columns"
            msg = f"no {word} {missing} in the header (it has: {have})"
            raise UnknownReferenceError(msg, field=self.path)

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        return iter(self.rows)

    def number(self, line: int, column: str, cell: str) -> float | None:
        """A finite float, or None for an empty cell."""
        text = cell.strip()
        if not text:
            return None
        value = float(self._plain(line, column, text))
        if not math.isfinite(value):
            raise _bad("a number too large for a float", self.where(line, column), text)
        return value

    def amount(self, line: int, column: str, cell: str) -> Decimal | None:
        """An exact decimal amount (as written), or None for an empty cell."""
        text = cell.strip()
        return Decimal(self._plain(line, column, text)) if text else None

    def _plain(self, line: int, column: str, text: str) -> str:
        if self.decimal_comma:
            if _COMMA.fullmatch(text):
                return text.replace(".", "").replace(",", ".")
            expected = "a number with a decimal comma, such as 1234,5 or 1.234,5"
        else:
            if _POINT.fullmatch(text):
                return text
            expected = "a number such as 1234.5"
            if _COMMA.fullmatch(text):
                expected += " (for a decimal comma pass --decimal-comma)"
        raise _bad(f"expected {expected}", self.where(line, column), text)

    def boolean(self, line: int, column: str, cell: str) -> bool:
        """True or False from one of :data:`BOOLEANS`; anything else is an error."""
        value = BOOLEANS.get(cell.strip().lower())
        if value is None:
            expected = "expected true/false, yes/no, 1/0 or won/lost"
            raise _bad(expected, self.where(line, column), cell)
        return value


def read_table(path: str, text: str, *, decimal_comma: bool = False) -> Table:
    """Read CSV text (from ``path``) into a :class:`Table`; blank lines are skipped.

    Raises
    ------
    InvalidInputError
        No header, a header naming a column twice or not at all, a row whose
        number of cells differs from the header's, or text that is not CSV
        (an unclosed quote).
    LimitExceededError
        A cell longer than :data:`clientel.models.MAX_STRING_LENGTH`.

    Examples
    --------
    >>> table = read_table("deals.csv", "id;price\\r\\nd1;1.234,5\\r\\n", decimal_comma=True)
    >>> table.columns, [(line, table.number(line, "price", row["price"])) for line, row in table]
    (('id', 'price'), [(2, 1234.5)])
    """
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff(first), strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        columns = _header(path, next(reader, []))
        for cells in reader:
            if all(not cell.strip() for cell in cells):
                continue
            if len(cells) != len(columns):
                msg = f"{len(cells)} cells, but the header has {len(columns)} columns"
                raise InvalidInputError(msg, field=f"{path}:{reader.line_num}")
            _check_lengths(path, reader.line_num, columns, cells)
            rows.append((reader.line_num, dict(zip(columns, cells, strict=True))))
    except csv.Error as exc:
        if "field limit" in str(exc):  # the reader's own cap (131,072) is above ours
            raise _too_long(f"{path}:{reader.line_num}") from None
        msg = f"not readable as CSV: {exc}"
        raise InvalidInputError(msg, field=f"{path}:{reader.line_num}") from None
    if not rows:
        raise InvalidInputError("no rows (a header line, then one row per line)", field=path)
    return Table(path=path, columns=columns, rows=tuple(rows), decimal_comma=decimal_comma)


def _too_long(field: str) -> LimitExceededError:
    msg = f"a cell longer than MAX_STRING_LENGTH = {MAX_STRING_LENGTH} characters"
    return LimitExceededError(
        msg, limit="MAX_STRING_LENGTH", maximum=MAX_STRING_LENGTH, field=field
    )


def _check_lengths(path: str, line: int, columns: tuple[str, ...], cells: list[str]) -> None:
    for column, cell in zip(columns, cells, strict=True):
        if len(cell) > MAX_STRING_LENGTH:
            raise _too_long(f"{path}:{line}:{column}")


def _header(path: str, cells: list[str]) -> tuple[str, ...]:
    _check_lengths(path, 1, tuple(f"column {i + 1}" for i in range(len(cells))), cells)
    columns = tuple(cell.strip() for cell in cells)
    if not any(columns):
        raise InvalidInputError("no header line (column names) at the top", field=path)
    if "" in columns:
        position = columns.index("") + 1
        raise InvalidInputError(f"column {position} of the header has no name", field=path)
    seen: set[str] = set()
    for name in columns:
        if name in seen:
            shown: Any = name if len(name) <= _SHOWN else name[:_SHOWN] + "…"
            raise InvalidInputError(f"the header names column {shown!r} twice", field=path)
        seen.add(name)
    return columns
