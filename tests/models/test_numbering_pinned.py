"""Document numbers: every error names its field and value, limits are inclusive (issue 31).

Written against the survivors of a mutation run (docs/quality.md): each error test pins
the exception class and its whole text (``field: message (got value)``). Expected numbers
are spelled out from the template by hand, and check characters come from the ISO/IEC
7064 MOD 37,36 definition computed in tests/models/test_numbering.py's way (the residue
after body and check is 1), not from clientel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from clientel.errors import InvalidInputError, NoSolutionError
from clientel.models import (
    FiscalYear,
    NumberPattern,
    ParsedNumber,
    mod37_36_check,
    next_number,
    parse_number,
)

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
NWIT = NumberPattern(unit="NWIT", types={"proposal": "P", "contract": "C"})
CHECKED = NumberPattern(unit="NWIT", types={"proposal": "P", "contract": "C"}, check="mod37_36")


def _check(text: str) -> str:
    """MOD 37,36 by its defining property (ISO/IEC 7064): the residue after the check is 1."""
    p = 36
    for a in (ALPHABET.index(ch) for ch in text if ch in ALPHABET):
        p = (2 * ((p + a) % 36 or 36)) % 37
    (c,) = [c for c in range(36) if (p + c) % 36 == 1]
    return ALPHABET[c]


def _error(call: Callable[[], object]) -> BaseException:
    with pytest.raises(Exception) as info:
        call()
    return info.value


def _pattern(**kwargs: object) -> NumberPattern:
    args: dict[str, object] = {"unit": "NWIT", "types": {"proposal": "P"}}
    args.update(kwargs)
    return NumberPattern(**args)  # type: ignore[arg-type]


TEMPLATE = "NumberPattern.template"
ERRORS: list[tuple[str, Callable[[], object], type[BaseException], str]] = [
    ("check text", lambda: mod37_36_check("AB-c"), InvalidInputError,
     "text: expected digits and upper-case letters A-Z (got 'c')"),
    ("template type", lambda: _pattern(template=5), InvalidInputError,
     f"{TEMPLATE}: expected a template of printable ASCII characters (got 5)"),
    ("template unicode", lambda: _pattern(template="{seq}é"), InvalidInputError,
     f"{TEMPLATE}: expected a template of printable ASCII characters (got '{{seq}}é')"),
    ("template tab", lambda: _pattern(template="{seq}\t"), InvalidInputError,
     f"{TEMPLATE}: expected a template of printable ASCII characters (got '{{seq}}\\t')"),
    ("template unknown", lambda: _pattern(template="{seq}{day}"), InvalidInputError,
     f"{TEMPLATE}: expected {{seq}} once and at most one each of {{unit}}, {{year}}, {{type}} "
     "(got '{seq}{day}')"),
    ("template no seq", lambda: _pattern(template="{unit}"), InvalidInputError,
     f"{TEMPLATE}: expected {{seq}} once and at most one each of {{unit}}, {{year}}, {{type}} "
     "(got '{unit}')"),
    ("template two seq", lambda: _pattern(template="{seq}{seq}"), InvalidInputError,
     f"{TEMPLATE}: expected {{seq}} once and at most one each of {{unit}}, {{year}}, {{type}} "
     "(got '{seq}{seq}')"),
    ("template two units", lambda: _pattern(template="{unit}{unit}{seq}"), InvalidInputError,
     f"{TEMPLATE}: expected {{seq}} once and at most one each of {{unit}}, {{year}}, {{type}} "
     "(got '{unit}{unit}{seq}')"),
    ("template brace", lambda: _pattern(template="{seq}}"), InvalidInputError,
     f"{TEMPLATE}: unbalanced brace (got '{{seq}}}}')"),
    ("template open brace", lambda: _pattern(template="{{seq}"), InvalidInputError,
     f"{TEMPLATE}: unbalanced brace (got '{{{{seq}}')"),
    ("no types", lambda: _pattern(types={}), InvalidInputError,
     "NumberPattern.types: expected at least one document type"),
    ("type name", lambda: _pattern(types={1: "P"}), InvalidInputError,
     "NumberPattern.types: document type names must be strings (got 1)"),
    ("type code", lambda: _pattern(types={"proposal": "p"}), InvalidInputError,
     "NumberPattern.types: code for 'proposal' must be 1-12 upper-case letters or digits "
     "(got 'p')"),
    ("type code long", lambda: _pattern(types={"proposal": "P" * 13}), InvalidInputError,
     "NumberPattern.types: code for 'proposal' must be 1-12 upper-case letters or digits "
     f"(got '{'P' * 13}')"),
    ("type code number", lambda: _pattern(types={"proposal": 7}), InvalidInputError,
     "NumberPattern.types: code for 'proposal' must be 1-12 upper-case letters or digits "
     "(got 7)"),
    ("shared code", lambda: _pattern(types={"proposal": "P", "project": "P"}), InvalidInputError,
     "NumberPattern.types: two document types share a code"),
    ("unit", lambda: _pattern(unit="nwit"), InvalidInputError,
     "NumberPattern.unit: expected 1-12 upper-case letters or digits (got 'nwit')"),
    ("unit type", lambda: _pattern(unit=7), InvalidInputError,
     "NumberPattern.unit: expected 1-12 upper-case letters or digits (got 7)"),
    ("width 0", lambda: _pattern(width=0), InvalidInputError,
     "NumberPattern.width: expected a whole number 1 to 9 (got 0)"),
    ("width 10", lambda: _pattern(width=10), InvalidInputError,
     "NumberPattern.width: expected a whole number 1 to 9 (got 10)"),
    ("width bool", lambda: _pattern(width=True), InvalidInputError,
     "NumberPattern.width: expected a whole number 1 to 9 (got True)"),
    ("width float", lambda: _pattern(width=4.0), InvalidInputError,
     "NumberPattern.width: expected a whole number 1 to 9 (got 4.0)"),
    ("year digits", lambda: _pattern(year_digits=3), InvalidInputError,
     "NumberPattern.year_digits: expected 2 or 4 (got 3)"),
    ("year digits bool", lambda: _pattern(year_digits=True), InvalidInputError,
     "NumberPattern.year_digits: expected 2 or 4 (got True)"),
    ("year digits float", lambda: _pattern(year_digits=2.0), InvalidInputError,
     "NumberPattern.year_digits: expected 2 or 4 (got 2.0)"),
    ("check", lambda: _pattern(check="luhn"), InvalidInputError,
     "NumberPattern.check: expected one of ['mod37_36'] or None (got 'luhn')"),
    ("check type", lambda: _pattern(check=1), InvalidInputError,
     "NumberPattern.check: expected one of ['mod37_36'] or None (got 1)"),
    ("check literal", lambda: _pattern(template="{unit}#{seq}", check="mod37_36"),
     InvalidInputError,
     f"{TEMPLATE}: with a check character, literals must be A-Z, 0-9 or '-/._ ' "
     "(got '{unit}#{seq}')"),
    ("doc type", lambda: NWIT.format("offer", 2027, 1), InvalidInputError,
     "doc_type: expected one of ['contract', 'proposal'] (got 'offer')"),
    ("doc type not text", lambda: NWIT.format(["proposal"], 2027, 1), InvalidInputError,
     "doc_type: expected one of ['contract', 'proposal'] (got ['proposal'])"),
    ("year 0", lambda: NWIT.format("proposal", 0, 1), InvalidInputError,
     "fiscal_year: expected a year 1-9999 (got 0)"),
    ("year 10000", lambda: NWIT.format("proposal", 10000, 1), InvalidInputError,
     "fiscal_year: expected a year 1-9999 (got 10000)"),
    ("year bool", lambda: NWIT.format("proposal", True, 1), InvalidInputError,
     "fiscal_year: expected a year 1-9999 (got True)"),
    ("year text", lambda: NWIT.format("proposal", "2027", 1), InvalidInputError,
     "fiscal_year: expected a year 1-9999 (got '2027')"),
    ("sequence 0", lambda: NWIT.format("proposal", 2027, 0), InvalidInputError,
     "sequence: expected 1 to 9999 for a 4-digit sequence (got 0)"),
    ("sequence top", lambda: NWIT.format("proposal", 2027, 10000), InvalidInputError,
     "sequence: expected 1 to 9999 for a 4-digit sequence (got 10000)"),
    ("sequence bool", lambda: NWIT.format("proposal", 2027, True), InvalidInputError,
     "sequence: expected 1 to 9999 for a 4-digit sequence (got True)"),
    ("sequence float", lambda: NWIT.format("proposal", 2027, 1.0), InvalidInputError,
     "sequence: expected 1 to 9999 for a 4-digit sequence (got 1.0)"),
    ("parse", lambda: parse_number(NWIT, "NWIT-2027-X0001"), InvalidInputError,
     "number: does not follow the pattern '{unit}-{year}-{type}{seq}' (e.g. 'NWIT-2027-P0001') "
     "(got 'NWIT-2027-X0001')"),
    ("parse newline", lambda: parse_number(NWIT, "NWIT-2027-P0001\n"), InvalidInputError,
     "number: does not follow the pattern '{unit}-{year}-{type}{seq}' (e.g. 'NWIT-2027-P0001') "
     "(got 'NWIT-2027-P0001\\n')"),
    ("parse not text", lambda: parse_number(NWIT, 1), InvalidInputError,
     "number: does not follow the pattern '{unit}-{year}-{type}{seq}' (e.g. 'NWIT-2027-P0001') "
     "(got 1)"),
    ("parse zero", lambda: parse_number(NWIT, "NWIT-2027-P0000"), InvalidInputError,
     "number: sequence 0 is never issued (got 'NWIT-2027-P0000')"),
    ("parse check", lambda: parse_number(CHECKED, "NWIT-2027-C0042-G"), InvalidInputError,
     "number: wrong check character (got 'NWIT-2027-C0042-G')"),
    ("issued text", lambda: next_number(NWIT, "NWIT-2027-P0001", doc_type="proposal",
                                        fiscal_year=2027), InvalidInputError,
     "issued: expected an iterable of numbers (a list of strings) (got 'str')"),
    ("issued number", lambda: next_number(NWIT, 5, doc_type="proposal", fiscal_year=2027),
     InvalidInputError, "issued: expected an iterable of numbers (a list of strings) (got 'int')"),
    ("issued bad", lambda: next_number(NWIT, ["NWIT-2027-P0001", "NWIT-2027-P001"],
                                       doc_type="proposal", fiscal_year=2027), InvalidInputError,
     "issued[1]: does not follow the pattern '{unit}-{year}-{type}{seq}' "
     "(e.g. 'NWIT-2027-P0001') (got 'NWIT-2027-P001')"),
    ("issued twice", lambda: next_number(NWIT, ["NWIT-2027-P0001", "NWIT-2026-P0001",
                                                "NWIT-2027-P0001"],
                                         doc_type="proposal", fiscal_year=2027),
     InvalidInputError, "issued[2]: issued twice (same as issued[0]) (got 'NWIT-2027-P0001')"),
    ("exhausted", lambda: next_number(_pattern(width=1), [f"NWIT-2027-P{i}" for i in range(1, 10)],
                                      doc_type="proposal", fiscal_year=2027), NoSolutionError,
     "all 9 proposal numbers of 2027 are issued; widen the pattern"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("call", "kind", "text"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_errors_name_field_value_and_what_was_expected(
    call: Callable[[], object], kind: type[BaseException], text: str, raises_exactly: Any
) -> None:
    raises_exactly(call, kind, text)


def test_error_field_attributes() -> None:
    err = _error(lambda: next_number(NWIT, ["x", "NWIT-2027-P0001"], doc_type="proposal",
                                     fiscal_year=2027))  # fmt: skip
    assert isinstance(err, InvalidInputError)
    assert (err.field, err.value) == ("issued[0]", "x")


def test_limits_are_inclusive() -> None:
    assert _pattern(width=1).format("proposal", 2027, 9) == "NWIT-2027-P9"
    assert _pattern(width=9).format("proposal", 2027, 999_999_999) == "NWIT-2027-P999999999"
    assert NWIT.format("proposal", 1, 1) == "NWIT-0001-P0001"
    assert NWIT.format("proposal", 9999, 9999) == "NWIT-9999-P9999"
    assert _pattern(types={"proposal": "P" * 12}).format("proposal", 2027, 1) == (
        "NWIT-2027-" + "P" * 12 + "0001"
    )
    assert _pattern(unit="N" * 12).format("proposal", 2027, 1) == "N" * 12 + "-2027-P0001"
    # eight numbers issued: the ninth (and last) of a one-digit sequence is still free
    issued = [f"NWIT-2027-P{i}" for i in range(1, 9)]
    assert next_number(_pattern(width=1), issued, doc_type="proposal", fiscal_year=2027) == (
        "NWIT-2027-P9"
    )


def test_years_sequences_and_types_as_written() -> None:
    short = _pattern(year_digits=2, types={"proposal": "P", "contract": "C"})
    assert short.format("contract", 2027, 42) == "NWIT-27-C0042"
    assert short.format("contract", FiscalYear(2031), 7) == "NWIT-31-C0007"
    assert parse_number(short, "NWIT-27-C0042") == ParsedNumber(
        unit="NWIT", fiscal_year=27, doc_type="contract", sequence=42
    )
    bare = _pattern(template="{seq}")
    assert parse_number(bare, "0042") == ParsedNumber(
        unit="NWIT", fiscal_year=None, doc_type=None, sequence=42
    )
    # Without {type} all types share one sequence; without {year} all years do.
    shared = _pattern(template="{unit}/{seq}", types={"proposal": "P", "contract": "C"})
    assert next_number(shared, ["NWIT/0004", "NWIT/0002"], doc_type="contract",
                       fiscal_year=2027) == "NWIT/0005"  # fmt: skip
    yearly = _pattern(template="{unit}{year}{seq}")
    assert next_number(yearly, ["NWIT20270009", "NWIT20260010"], doc_type="proposal",
                       fiscal_year=2027) == "NWIT20270010"  # fmt: skip
    assert next_number(NWIT, [], doc_type="contract", fiscal_year=2027) == "NWIT-2027-C0001"
    # A single issued number of another type or year does not move the sequence.
    assert next_number(NWIT, ["NWIT-2027-C0005"], doc_type="proposal", fiscal_year=2027) == (
        "NWIT-2027-P0001"
    )
    # Sequences compare as numbers: 0010 is after 0009.
    assert next_number(NWIT, ["NWIT-2027-P0010", "NWIT-2027-P0009"], doc_type="proposal",
                       fiscal_year=2027) == "NWIT-2027-P0011"  # fmt: skip


def test_check_characters_by_definition() -> None:
    body = "NWIT-2027-C0042"
    assert CHECKED.format("contract", 2027, 42) == f"{body}-{_check(body)}"
    number = f"{body}-{_check(body)}"
    assert parse_number(CHECKED, number).sequence == 42
    issued = [CHECKED.format("contract", 2027, s) for s in (1, 2, 3)]
    body4 = "NWIT-2027-C0004"
    assert next_number(CHECKED, issued, doc_type="contract", fiscal_year=2027) == (
        f"{body4}-{_check(body4)}"
    )
    # separators are skipped, every other character counts
    assert mod37_36_check("A-1/2.3_4 5") == _check("A12345")
    assert mod37_36_check("") == _check("")
    # a wrong check character in the issued list is named by position
    bad = [*issued[:2], issued[2][:-1] + ("0" if issued[2][-1] != "0" else "1")]
    err = _error(lambda: next_number(CHECKED, bad, doc_type="contract", fiscal_year=2027))
    assert str(err) == f"issued[2]: wrong check character (got {bad[2]!r})"
    literal = _pattern(template="{unit}.{seq} X", check="mod37_36")
    text = "NWIT.0001 X"
    assert literal.format("proposal", 2027, 1) == f"{text}-{_check(text)}"


@pytest.mark.parametrize("issued", [["NWIT-2027-P0001\n"], ["NWIT-2027-P0001\nNWIT-2027-P0002"]])
def test_a_single_number_with_a_line_break_is_refused(issued: list[str]) -> None:
    # The bulk check joins the numbers with line breaks; one number holding a line break
    # must still be refused by position, not read as one or two valid numbers.
    err = _error(lambda: next_number(NWIT, issued, doc_type="proposal", fiscal_year=2027))
    assert isinstance(err, InvalidInputError)
    assert (err.field, err.value) == ("issued[0]", issued[0])
