"""Numbering never repeats, whatever the issued list holds (issue 15).

The adversary mixes valid numbers with look-alikes: Unicode digits (Arabic-Indic,
Devanagari, fullwidth, mathematical bold), Cyrillic letters that look Latin,
Unicode dashes, leading zeros, lower case, and trailing or leading white space.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st

from clientel.errors import ClientelError, InvalidInputError
from clientel.models import NumberPattern, next_number, parse_number
from clientel.testing import number_patterns

NWIT = NumberPattern(unit="NWIT", types={"proposal": "P", "contract": "C"})
CHECKED = NumberPattern(unit="NWIT", types={"proposal": "P", "contract": "C"}, check="mod37_36")

_DIGIT_BLOCKS = (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0xFF10, 0x1D7CE, 0x1D7F6)
_CONFUSABLE = {"A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О"}
_CONFUSABLE |= {"P": "Р", "T": "Т", "X": "Х", "J": "Ј", "I": "І", "0": "О", "1": "l"}
_DASHES = ("\u2010", "\u2011", "\u2212", "\u2013", "\uff0d")
_SPACES = ("\n", "\r\n", " ", "\t", "\u200b", "\ufeff", "\u00a0", "\x00")


def _skeleton(text: str) -> str:
    """What a reader sees: compatibility-normalised, case-folded, trimmed."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


@st.composite
def _mutation(draw: st.DrawFn, number: str, pattern: NumberPattern, seq: int) -> str:
    kind = draw(st.integers(0, 7))
    positions = [i for i, ch in enumerate(number) if ch.isdigit()]
    if kind == 0 and positions:  # Unicode digits for some ASCII digits
        base = draw(st.sampled_from(_DIGIT_BLOCKS))
        chosen = draw(st.sets(st.sampled_from(positions), min_size=1))
        return "".join(chr(base + int(ch)) if i in chosen else ch for i, ch in enumerate(number))
    if kind == 1:  # Cyrillic and other look-alike letters
        spots = [i for i, ch in enumerate(number) if ch in _CONFUSABLE]
        assume(spots)
        i = draw(st.sampled_from(spots))
        return number[:i] + _CONFUSABLE[number[i]] + number[i + 1 :]
    if kind == 2 and "-" in number:
        return number.replace("-", draw(st.sampled_from(_DASHES)), 1)
    if kind == 3:  # one more leading zero on the sequence
        return pattern.template.format(
            unit=pattern.unit,
            year="2027"[-pattern.year_digits :],
            type=next(iter(pattern.types.values())),
            seq=f"0{seq:0{pattern.width}d}",
        )
    if kind == 4:
        return number.lower()
    if kind == 5:
        return number + draw(st.sampled_from(_SPACES))
    if kind == 6:
        return draw(st.sampled_from(_SPACES)) + number
    return number  # unchanged


@st.composite
def _issued(draw: st.DrawFn) -> tuple[NumberPattern, list[str], str]:
    pattern = draw(number_patterns())
    doc_type = draw(st.sampled_from(sorted(pattern.types)))
    top = 10**pattern.width - 1
    seqs = draw(st.lists(st.integers(1, top), max_size=12, unique=True))
    issued: list[str] = []
    for seq in seqs:
        t = draw(st.sampled_from(sorted(pattern.types)))
        year = draw(st.sampled_from([2026, 2027]))
        number = pattern.format(t, year, seq)
        if draw(st.booleans()):
            issued.append(number)
        if draw(st.integers(0, 3)) == 0:
            issued.append(draw(_mutation(number, pattern, seq)))
    return pattern, draw(st.permutations(issued)), doc_type


def _round_trips(pattern: NumberPattern, number: str) -> bool:
    """Independent of the scanner: ASCII, printable, parses, and formats back to itself."""
    if not (number.isascii() and number.isprintable()) or number != number.strip():
        return False
    try:
        parsed = parse_number(pattern, number)
    except InvalidInputError:
        return False
    year = 2027 if parsed.fiscal_year is None else parsed.fiscal_year
    if pattern.year_digits == 2 and parsed.fiscal_year is not None:
        year = 2000 + parsed.fiscal_year
    doc_type = parsed.doc_type or next(iter(pattern.types))
    return pattern.format(doc_type, year, parsed.sequence) == number


@given(_issued())
def test_next_number_never_returns_an_issued_number(
    case: tuple[NumberPattern, list[str], str],
) -> None:
    pattern, issued, doc_type = case
    try:
        number = next_number(pattern, issued, doc_type=doc_type, fiscal_year=2027)
    except ClientelError:
        event("refused")
        return  # refused (malformed, look-alike, duplicate or exhausted): never a repeat
    event("issued a number")
    assert all(_round_trips(pattern, n) for n in issued), "a look-alike was accepted"
    assert number not in issued
    assert _skeleton(number) not in {_skeleton(n) for n in issued}
    mine = parse_number(pattern, number)
    same = [parse_number(pattern, n) for n in issued]
    same = [p for p in same if (p.fiscal_year, p.doc_type) == (mine.fiscal_year, mine.doc_type)]
    assert mine.sequence == max((p.sequence for p in same), default=0) + 1


@given(_issued())
def test_look_alikes_are_refused_by_position(case: tuple[NumberPattern, list[str], str]) -> None:
    pattern, issued, doc_type = case
    bad = [i for i, n in enumerate(issued) if not _round_trips(pattern, n)]
    if not bad:
        return
    with pytest.raises(InvalidInputError) as info:
        next_number(pattern, issued, doc_type=doc_type, fiscal_year=2027)
    assert info.value.field is not None
    assert info.value.field.startswith("issued[")


def test_the_issue_example_is_refused() -> None:
    issued = [f"NWIT-2027-P{i:04d}" for i in range(1, 51)] + ["NWIT-2027-P٠٠٠٩"]
    with pytest.raises(InvalidInputError) as info:
        next_number(NWIT, issued, doc_type="proposal", fiscal_year=2027)
    assert info.value.field == "issued[50]"
    assert next_number(NWIT, issued[:-1], doc_type="proposal", fiscal_year=2027) == (
        "NWIT-2027-P0051"
    )


@pytest.mark.parametrize(
    "text",
    [
        "NWIT-2027-P0007\n",
        "NWIT-2027-P０００７",
        "NWIT-2027-P٠٠٠٧",
        " NWIT-2027-P0007",
        "NWIT-2027-Р0007",  # Cyrillic Er
        "NWIT\u20102027-P0007",
        "nwit-2027-p0007",
        "NWIT-2027-P00007",
    ],
)
def test_parse_number_is_ascii_and_whole_string(text: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        parse_number(NWIT, text)
    assert info.value.field == "number"


@pytest.mark.parametrize(
    "text",
    ["NWIT-2027-P０００７-X", "NWIT-2027-P٠٠٠٧-Q", "NWIT-2027-P0007-Ｍ", "NWIT-2027-P0007-M\n"],
)
def test_check_characters_never_raise_unicode_errors(text: str) -> None:
    with pytest.raises(InvalidInputError):
        parse_number(CHECKED, text)
    with pytest.raises(InvalidInputError):
        next_number(CHECKED, [text], doc_type="proposal", fiscal_year=2027)


def test_sequences_compare_as_numbers() -> None:
    issued = ["NWIT-2027-P0009", "NWIT-2027-P0010", "NWIT-2027-P0002"]
    assert next_number(NWIT, issued, doc_type="proposal", fiscal_year=2027) == "NWIT-2027-P0011"


@pytest.mark.parametrize("issued", [None, "NWIT-2027-P0001", 7, [None], [7], [b"NWIT-2027-P0001"]])
def test_issued_must_be_an_iterable_of_strings(issued: object) -> None:
    with pytest.raises(InvalidInputError):
        next_number(NWIT, issued, doc_type="proposal", fiscal_year=2027)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"types": ["P"]},
        {"types": {1: "P"}},
        {"types": {"proposal": "p"}},
        {"template": 7},
        {"template": "{unit}\n{seq}"},
        {"year_digits": 2.0},
        {"year_digits": True},
        {"width": 10},
        {"check": ["mod37_36"]},
        {"unit": "nw"},
    ],
)
def test_bad_patterns_are_refused_at_construction(kwargs: dict[str, object]) -> None:
    args: dict[str, object] = {"unit": "NWIT", "types": {"proposal": "P"}} | kwargs
    with pytest.raises(InvalidInputError):
        NumberPattern(**args)  # type: ignore[arg-type]


def test_unknown_document_types_are_named() -> None:
    for doc_type in ("offer", ["proposal"], None):
        with pytest.raises(InvalidInputError) as info:
            next_number(NWIT, [], doc_type=doc_type, fiscal_year=2027)  # type: ignore[arg-type]
        assert info.value.field == "doc_type"
