"""CSV export against formula injection.

Source read for the triggers: OWASP, "CSV Injection" (www-community, pages/attacks/
CSV_Injection.md, read with the search tool): remediate by ensuring that no cell begins
with ``=``, ``+``, ``-``, ``@``, tab (0x09), carriage return (0x0D) or line feed (0x0A),
and take care of field separators and quotes, since an attacker could use them to start
a new cell; alternatively wrap each cell in double quotes and prepend a single quote.
The OWASP ASVS requirement 1.2.10 (read the same way) adds the null character. Issue 16
adds what spreadsheets fold or skip: fullwidth and small look-alikes of the triggers,
leading whitespace and zero-width prefixes. The expected escapes below are written by
hand from those rules, not taken from clientel's output.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError
from clientel.export import escape_cell, needs_escape, write_csv
from clientel.sample import load_sample

OWASP = ["=1+2", "+1", "-1+2", "@SUM(A1:A2)", "\t=1", "\r=1", "\n=1", "\0=1"]
LOOK_ALIKES = [
    "\uff1d1+2",  # fullwidth equals
    "\uff0bcmd",  # fullwidth plus
    "\uff0d1",  # fullwidth hyphen-minus
    "\uff20SUM(A1)",  # fullwidth commercial at
    "\ufe66HYPERLINK()",  # small equals
    "\ufe62x",  # small plus
    "\ufe63x",  # small hyphen-minus
    "\ufe6bx",  # small commercial at
    "\u207c1",  # superscript equals
    "\u22121",  # minus sign
    "\u2013x",  # en dash
]
BLANK_PREFIXES = [
    " =1+2",  # a space
    "   @SUM(A1)",
    "\u00a0=1",  # no-break space
    "\u3000=1",  # ideographic space
    "\u200b=1",  # zero-width space
    "\u200c\u200d+1",  # zero-width non-joiner and joiner
    "\u2060-1",  # word joiner
    "\ufeff=1",  # zero-width no-break space (byte-order mark)
    "\u00ad=1",  # soft hyphen
    " \u200b \uff1d1",  # blanks, then a fullwidth trigger
]
SAFE = ["Nordbank", " Vista", "c-018", "Equinox = partners", "'quoted", "", "  ", "100 %", "a-b"]


@pytest.mark.parametrize("text", OWASP + LOOK_ALIKES + BLANK_PREFIXES)
def test_formula_cells_get_a_leading_quote(text: str) -> None:
    assert needs_escape(text)
    assert escape_cell(text) == "'" + text
    out = write_csv([{"name": text, "score": -1.5}])
    row = next(iter(csv.DictReader(io.StringIO(out))))
    assert row["name"] == "'" + text
    assert row["score"] == "-1.5"  # numbers are never escaped


@pytest.mark.parametrize("text", SAFE)
def test_plain_text_is_left_alone(text: str) -> None:
    assert not needs_escape(text)
    assert escape_cell(text) == text


def test_numbers_stay_numbers_and_text_is_quoted() -> None:
    rows = [
        {
            "amount": Decimal("-40000.00"),
            "count": np.int64(-3),
            "share": np.float64(-0.25),
            "n": -7,
            "flag": True,
            "note": "a;=1+2",
            "empty": None,
        }
    ]
    out = write_csv(rows)
    header, line = out.split("\r\n")[:2]
    assert header == '"amount","count","share","n","flag","note","empty"'
    # numbers bare (a spreadsheet reads them as numbers), text quoted so that the ";" cannot
    # start a new cell in a semicolon-splitting spreadsheet
    assert line == '-40000.00,-3,-0.25,-7,"true","a;=1+2",""'


def _first_visible(text: str) -> str:
    for char in text:
        # blanks, controls, format characters (zero-width, soft hyphen) and lone combining
        # marks show nothing before the first character a spreadsheet reads
        category = unicodedata.category(char)
        if not (char.isspace() or category in {"Cc", "Cf", "Mn", "Me"} or category[0] == "Z"):
            return char
    return ""


@given(st.text(max_size=12))
def test_property_no_cell_reaches_a_spreadsheet_as_a_formula(text: str) -> None:
    written = write_csv([{"cell": text}])
    (back,) = [row["cell"] for row in csv.DictReader(io.StringIO(written, newline=""))]
    assert back in (text, "'" + text)
    first = _first_visible(text)
    folded = unicodedata.normalize("NFKC", first)[:1]
    dangerous = text[:1] in "\t\r\n\0" and text != ""
    dangerous |= folded in "=+-@" and folded != ""
    dangerous |= first != "" and unicodedata.category(first) == "Pd"
    if dangerous:
        assert back == "'" + text


def test_sample_export_keeps_formula_names_as_text() -> None:
    rows = [{"id": c.id, "name": c.name} for c in load_sample().clients]
    out = write_csv(rows)
    assert "\n=Equinox Partners" not in out
    assert ',"=Equinox Partners' not in out
    assert ',"\'=Equinox Partners"\r\n' in out
    with pytest.raises(InvalidInputError, match=r"rows\[0\]"):
        write_csv([{"a": 1, "b": 2}], columns=["a"])
    with pytest.raises(InvalidInputError, match="columns"):
        write_csv([])


def test_write_csv_to_a_path_and_a_stream(tmp_path: object) -> None:
    from pathlib import Path

    target = Path(str(tmp_path)) / "out.csv"
    text = write_csv([{"a": "=x"}], target)
    assert target.read_bytes().decode("utf-8") == text
    stream = io.StringIO()
    write_csv([{"a": 1}], stream)
    assert stream.getvalue() == '"a"\r\n1\r\n'
