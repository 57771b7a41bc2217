"""Files the command line reads and writes (private).

* :func:`read_text` reads a file (or ``-`` for stdin) as UTF-8, with or without a
  byte-order mark, and names the file and the byte when it is not UTF-8;
* :func:`parse_json` and :func:`load_document` read JSON with the models' strict
  parser and its caps, and name the file in their one-line errors;
* :func:`write_output` writes to stdout, or to a file atomically (a temporary
  file in the same folder, then :func:`os.replace`), so a failed run never leaves
  a half-written output;
* :func:`render` formats rows as an aligned table, JSON or CSV (numbers stay
  numbers in CSV, text is escaped against spreadsheet formulas).
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "CommandError",
    "UsageError",
    "brief",
    "json_kind",
    "load_document",
    "parse_json",
    "read_text",
    "render",
    "write_output",
]

_SHOWN = 60  # characters of an offending value shown in a message


class CommandError(Exception):
    """A user-facing data error: printed as one line, exit code 1."""


class UsageError(Exception):
    """Bad command-line arguments: one line and a hint, exit code 2."""

    def __init__(self, prog: str, message: str) -> None:
        self.prog = prog
        super().__init__(message)


def brief(value: Any) -> str:
    """``repr(value)`` cut to a few dozen characters, for one-line messages.

    Examples
    --------
    >>> brief("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (100 characters)"
    >>> brief("maybe")
    "'maybe'"
    """
    text = repr(value)
    if len(text) <= _SHOWN:
        return text
    size = f" ({len(value)} characters)" if isinstance(value, str) else ""
    return f"{text[:_SHOWN]}…{size}"


def _read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except IsADirectoryError:
        raise CommandError(f"cannot read {path}: it is a folder, not a file") from None
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None


def read_text(path: str) -> str:
    """The file's text, decoded as UTF-8 (a leading byte-order mark is dropped)."""
    data = _read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CommandError(
            f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); "
            "save the file as UTF-8 (in Excel: 'CSV UTF-8')"
        ) from None


def parse_json(text: str, path: str) -> Any:
    """JSON values of ``text`` (from ``path``), read by the models' strict parser.

    The same rules and caps as :func:`clientel.models.loads` (no ``NaN``, no key
    twice, :data:`~clientel.models.MAX_DEPTH`, :data:`~clientel.models.MAX_INT_DIGITS`,
    ...); an error names the file.
    """
    from clientel import models

    return _named(path, lambda: models.loads_data(text, Any))


def load_document(path: str, cls: Any) -> Any:
    """A clientel JSON document of type ``cls`` from ``path``; errors name the file."""
    from clientel import models

    text = read_text(path)
    return _named(path, lambda: models.loads(text, cls))


def _named(path: str, read: Callable[[], Any]) -> Any:
    from clientel.errors import ClientelError

    try:
        return read()
    except ClientelError as exc:
        raise CommandError(f"{path}: {exc}") from None


def json_kind(value: object) -> str:
    """The JSON name of a value's type, for messages.

    Examples
    --------
    >>> json_kind("3"), json_kind([3]), json_kind(True), json_kind(None), json_kind({})
    ('a string', 'an array', 'a boolean', 'null', 'an object')
    """
    kinds: tuple[tuple[Any, str], ...] = (
        (bool, "a boolean"),
        (int | float, "a number"),
        (str, "a string"),
        (list, "an array"),
        (dict, "an object"),
    )
    if value is None:
        return "null"
    return next((name for tp, name in kinds if isinstance(value, tp)), type(value).__name__)


def write_output(text: str, output: str | None) -> None:
    """Write ``text`` to stdout (``output`` None or ``-``) or atomically to a file."""
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(output)
    folder = path.parent
    if path.is_dir():
        raise CommandError(f"cannot write {output}: it is a folder; give a file name")
    if not folder.is_dir():
        raise CommandError(f"cannot write {output}: the folder {folder} does not exist")
    data = text.encode("utf-8")
    try:
        if path.exists() and not path.is_file():  # a device or a pipe: write through
            with path.open("wb") as stream:
                stream.write(data)
            return
        _replace(path, data)
    except OSError as exc:
        raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from None


def _replace(path: Path, data: bytes) -> None:
    """Write a temporary file beside ``path``, flush it to disk, then rename it over."""
    if path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:64]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def render(
    rows: Sequence[Mapping[str, Any]], fmt: str, columns: Sequence[str] | None = None
) -> str:
    """Rows as an aligned text table, JSON (Decimal amounts as exact strings) or CSV.

    Examples
    --------
    >>> print(render([{"id": "c1", "score": 0.25}, {"id": "c22", "score": None}], "table"), end="")
    id   score
    ---  -----
    c1   0.25
    c22  -
    """
    from clientel.export import write_csv

    cols = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        return json.dumps(list(rows), indent=2, default=str, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return write_csv(rows, columns=cols) if cols else ""
    cells = [[_fmt(r.get(c)) for c in cols] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
