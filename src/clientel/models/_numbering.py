"""Proposal, contract and project numbers from a configurable pattern (steps 2.5, 2.6.5).

A number is built from a template such as ``"{unit}-{year}-{type}{seq}"``: the
business-unit code, the fiscal year, a document-type code and a zero-padded
sequence, optionally followed by a check character. Issuing is pure: the next
number is computed from the numbers already issued, which the caller passes in;
there is no hidden counter. Numbers parse back into their parts.

Numbers are ASCII: digits are ``0``-``9`` only (no Arabic-Indic, fullwidth or
other Unicode digits), the whole string must match (no trailing newline or
space), so each (year, type, sequence) has exactly one spelling and a look-alike
of an issued number is refused rather than counted as a new one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from clientel._internal.validators import frozen_mapping
from clientel.errors import InvalidInputError, NoSolutionError
from clientel.models._periods import FiscalYear

__all__ = ["NumberPattern", "ParsedNumber", "mod37_36_check", "next_number", "parse_number"]

_ALPHABET: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_FIELDS: Final = ("unit", "year", "type", "seq")
_CODE = re.compile(r"[A-Z0-9]{1,12}", re.ASCII)
_CHECKS: Final = ("mod37_36",)
_SEPARATORS: Final = "-/._ "


def mod37_36_check(text: str) -> str:
    """Check character of ``text`` by ISO/IEC 7064 MOD 37,36 (hybrid system).

    Only digits and upper-case letters count; separators such as ``-`` are skipped.

    Parameters
    ----------
    text : str
        The number to protect, e.g. ``"A1-2425G-ABC1234002"``.

    Returns
    -------
    str
        One character, ``0``-``9`` or ``A``-``Z``.

    Notes
    -----
    With :math:`M = 36`, start with :math:`p = M`; for each character of value
    :math:`a` (0-9, then A=10 ... Z=35) set :math:`s = (p + a) \\bmod M` (0 read as
    :math:`M`) and :math:`p = 2s \\bmod (M + 1)`. The check character has the value
    :math:`(M + 1 - p) \\bmod M`. It detects every single-character error and
    every transposition of adjacent characters.

    References
    ----------
    ISO/IEC 7064:2003, *Check character systems*, MOD 37,36.
    IFPI, *Global Release Identifier (GRid) Standard*, v2.1, 2004: worked
    example ``A1-2425G-ABC1234002-M``.

    Examples
    --------
    >>> mod37_36_check("A1-2425G-ABC1234002")
    'M'
    """
    p = 36
    for char in text:
        if char in _SEPARATORS:
            continue
        value = _ALPHABET.find(char)
        if value < 0:
            msg = "expected digits and upper-case letters A-Z"
            raise InvalidInputError(msg, field="text", value=char)
        s = (p + value) % 36 or 36
        p = (2 * s) % 37
    return _ALPHABET[(37 - p) % 36]


def _check_template(instance: NumberPattern, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.isascii() or not value.isprintable():
        msg = "expected a template of printable ASCII characters"
        raise InvalidInputError(msg, field="NumberPattern.template", value=value)
    names = re.findall(r"{(\w*)}", value)
    unknown = sorted(set(names) - set(_FIELDS))
    if unknown or names.count("seq") != 1 or len(names) != len(set(names)):
        msg = "expected {seq} once and at most one each of {unit}, {year}, {type}"
        raise InvalidInputError(msg, field="NumberPattern.template", value=value)
    if re.search(r"[{}]", re.sub(r"{\w*}", "", value)):
        raise InvalidInputError("unbalanced brace", field="NumberPattern.template", value=value)


def _check_types(
    instance: NumberPattern, attribute: attrs.Attribute[Mapping[str, str]], value: Any
) -> None:
    if not value:
        raise InvalidInputError("expected at least one document type", field="NumberPattern.types")
    for name, code in value.items():
        if not isinstance(name, str):
            msg = "document type names must be strings"
            raise InvalidInputError(msg, field="NumberPattern.types", value=name)
        if not isinstance(code, str) or not _CODE.fullmatch(code):
            msg = f"code for {name!r} must be 1-12 upper-case letters or digits"
            raise InvalidInputError(msg, field="NumberPattern.types", value=code)
    codes = list(value.values())
    if len(set(codes)) != len(codes):
        raise InvalidInputError("two document types share a code", field="NumberPattern.types")


@attrs.frozen(kw_only=True)
class ParsedNumber:
    """The parts of a document number.

    ``fiscal_year`` is as written (two digits for a 2-digit pattern) and is
    ``None`` when the template has no ``{year}``; ``doc_type`` is ``None`` when it
    has no ``{type}`` (then all types share one sequence).
    """

    unit: str
    fiscal_year: int | None
    doc_type: str | None
    sequence: int


@attrs.frozen(kw_only=True)
class NumberPattern:
    """How a business unit numbers its proposals, contracts and projects (2.5, 2.6.5).

    Parameters
    ----------
    unit : str
        Business-unit code, upper-case letters and digits (``"NWIT"``).
    types : mapping of str to str
        Document type -> code, e.g. ``{"proposal": "P", "contract": "C", "project": "J"}``.
    template : str
        Layout with the placeholders ``{unit}``, ``{year}``, ``{type}`` and ``{seq}``
        (``{seq}`` is required, the others optional); other characters are literal.
    width : int
        Digits of the zero-padded sequence (1 to 9); the sequence runs from 1 to
        ``10**width - 1``.
    year_digits : int
        4 (``2027``) or 2 (``27``) digits of the fiscal year.
    check : str, optional
        ``"mod37_36"`` appends an ISO/IEC 7064 MOD 37,36 check character computed
        over the whole number; ``None`` (default) appends nothing.

    Examples
    --------
    >>> pattern = NumberPattern(unit="NWIT", types={"proposal": "P", "contract": "C"},
    ...                         check="mod37_36")
    >>> pattern.format("contract", 2027, 42)
    'NWIT-2027-C0042-F'
    """

    unit: str = attrs.field()
    types: Mapping[str, str] = attrs.field(converter=frozen_mapping, validator=_check_types)
    template: str = attrs.field(default="{unit}-{year}-{type}{seq}", validator=_check_template)
    width: int = 4
    year_digits: int = 4
    check: str | None = None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.unit, str) or not _CODE.fullmatch(self.unit):
            msg = "expected 1-12 upper-case letters or digits"
            raise InvalidInputError(msg, field="NumberPattern.unit", value=self.unit)
        width = self.width
        if isinstance(width, bool) or not isinstance(width, int) or not 1 <= width <= 9:
            msg = "expected a whole number 1 to 9"
            raise InvalidInputError(msg, field="NumberPattern.width", value=self.width)
        digits = self.year_digits
        if isinstance(digits, bool) or not isinstance(digits, int) or digits not in (2, 4):
            msg = "expected 2 or 4"
            raise InvalidInputError(msg, field="NumberPattern.year_digits", value=self.year_digits)
        if self.check is not None and (
            not isinstance(self.check, str) or self.check not in _CHECKS
        ):
            msg = f"expected one of {list(_CHECKS)} or None"
            raise InvalidInputError(msg, field="NumberPattern.check", value=self.check)
        if self.check:
            literal = re.sub(r"{\w+}", "", self.template)
            if any(c not in _ALPHABET and c not in _SEPARATORS for c in literal):
                msg = f"with a check character, literals must be A-Z, 0-9 or {_SEPARATORS!r}"
                raise InvalidInputError(msg, field="NumberPattern.template", value=self.template)

    @property
    def _regex(self) -> re.Pattern[str]:
        return self._compile(named=True)

    def _compile(
        self, *, named: bool = False, fixed: Mapping[str, str] | None = None, flags: int = 0
    ) -> re.Pattern[str]:
        """The number's regex: named groups, or (for bulk scans) the body and the check
        character captured, optionally with ``year``/``type`` fixed and a non-zero ``seq``."""
        fix = fixed or {}
        codes = "|".join(re.escape(c) for c in self.types.values())
        groups = {
            "unit": re.escape(self.unit),
            "year": re.escape(fix["year"]) if "year" in fix else f"[0-9]{{{self.year_digits}}}",
            "type": re.escape(fix["type"]) if "type" in fix else f"(?:{codes})",
            "seq": f"[0-9]{{{self.width}}}"
            if named
            else f"(?!0{{{self.width}}})[0-9]{{{self.width}}}",
        }
        if named:
            groups = {k: f"(?P<{k}>{v})" for k, v in groups.items()}
        elif fixed is not None:
            groups["seq"] = f"({groups['seq']})"
        parts = re.split(r"({\w+})", self.template)
        body = "".join(groups[p[1:-1]] if p.startswith("{") else re.escape(p) for p in parts)
        flags |= re.ASCII
        if named:  # used with fullmatch: the whole string, no trailing newline
            check = r"-(?P<check>[0-9A-Z])" if self.check else ""
            return re.compile(f"{body}{check}", flags)
        # bulk scans over numbers joined by newlines (none contains one: checked first)
        if fixed is not None:
            check = r"-[0-9A-Z]" if self.check else ""
            return re.compile(f"^{body}{check}$", flags)
        check = r"-([0-9A-Z])" if self.check else "()"
        return re.compile(f"^({body}){check}$", flags)

    def format(self, doc_type: str, fiscal_year: int | FiscalYear, sequence: int) -> str:
        """The number for ``sequence`` of ``doc_type`` in ``fiscal_year``."""
        code = self.types.get(doc_type) if isinstance(doc_type, str) else None
        if code is None:
            msg = f"expected one of {sorted(self.types)}"
            raise InvalidInputError(msg, field="doc_type", value=doc_type)
        year = fiscal_year.year if isinstance(fiscal_year, FiscalYear) else fiscal_year
        if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
            raise InvalidInputError("expected a year 1-9999", field="fiscal_year", value=year)
        top = 10**self.width - 1
        if isinstance(sequence, bool) or not isinstance(sequence, int) or not 1 <= sequence <= top:
            msg = f"expected 1 to {top} for a {self.width}-digit sequence"
            raise InvalidInputError(msg, field="sequence", value=sequence)
        text = self.template.format(
            unit=self.unit,
            year=f"{year % 10**self.year_digits:0{self.year_digits}d}",
            type=code,
            seq=f"{sequence:0{self.width}d}",
        )
        return f"{text}-{mod37_36_check(text)}" if self.check else text


def parse_number(pattern: NumberPattern, number: str) -> ParsedNumber:
    """Split a document number into unit, fiscal year, document type and sequence.

    Parameters
    ----------
    pattern : NumberPattern
        How the unit numbers its documents.
    number : str
        A number issued under ``pattern``.

    Returns
    -------
    ParsedNumber
        Its unit, fiscal year, document type and sequence.

    Raises
    ------
    InvalidInputError
        The number does not follow ``pattern`` as a whole string of ASCII
        characters, its sequence is zero, or its check character is wrong.

    Examples
    --------
    >>> pattern = NumberPattern(unit="NWIT", types={"proposal": "P", "contract": "C"})
    >>> parse_number(pattern, "NWIT-2027-P0007")
    ParsedNumber(unit='NWIT', fiscal_year=2027, doc_type='proposal', sequence=7)
    """
    match = pattern._regex.fullmatch(number) if isinstance(number, str) else None
    if match is None:
        example = pattern.format(next(iter(pattern.types)), 2027, 1)
        msg = f"does not follow the pattern {pattern.template!r} (e.g. {example!r})"
        raise InvalidInputError(msg, field="number", value=number)
    found = match.groupdict()
    if pattern.check and mod37_36_check(number[: match.start("check") - 1]) != found["check"]:
        raise InvalidInputError("wrong check character", field="number", value=number)
    sequence = int(found["seq"])
    if sequence == 0:
        raise InvalidInputError("sequence 0 is never issued", field="number", value=number)
    by_code = {code: name for name, code in pattern.types.items()}
    type_code = found.get("type")
    return ParsedNumber(
        unit=pattern.unit,
        fiscal_year=int(found["year"]) if found.get("year") else None,
        doc_type=by_code[type_code] if type_code else None,
        sequence=sequence,
    )


def next_number(
    pattern: NumberPattern,
    issued: Iterable[str],
    *,
    doc_type: str,
    fiscal_year: int | FiscalYear,
) -> str:
    """The next number of ``doc_type`` in ``fiscal_year``, given the numbers already issued.

    Pure: the same ``issued`` gives the same answer. Sequences restart at 1 for
    each fiscal year and document type; a number is never reused, so after a gap
    (a cancelled number) the sequence continues from the highest issued one
    (compared as numbers). Every issued number must follow the pattern exactly
    (ASCII digits, whole string), so a look-alike such as ``NWIT-2027-P٠٠٠٩``
    (Arabic-Indic digits) or one with a trailing newline is refused, never skipped.

    Parameters
    ----------
    pattern : NumberPattern
        How the unit numbers its documents.
    issued : iterable of str
        Every number issued under ``pattern`` so far, any order.
    doc_type : str
        One of the pattern's document types, e.g. ``"proposal"``.
    fiscal_year : int or FiscalYear
        The fiscal year the number is issued in.

    Returns
    -------
    str
        The next free number, formatted by ``pattern``.

    Raises
    ------
    InvalidInputError
        A malformed or duplicate number in ``issued`` (named by its position),
        or ``issued`` not an iterable of strings.
    NoSolutionError
        The sequence for that year and type is exhausted (widen the pattern).

    Examples
    --------
    Two proposals already went out this year; the third gets number 3:

    >>> pattern = NumberPattern(unit="NWIT", types={"proposal": "P", "contract": "C"})
    >>> next_number(pattern, ["NWIT-2027-P0001", "NWIT-2027-P0002", "NWIT-2026-P0031"],
    ...             doc_type="proposal", fiscal_year=2027)
    'NWIT-2027-P0003'
    """
    wanted = pattern.format(doc_type, fiscal_year, 1)
    regex = pattern._regex
    key = regex.fullmatch(wanted)
    if key is None:  # pragma: no cover - format() always follows its own pattern
        raise InvalidInputError("pattern does not parse its own numbers", field="pattern")
    if isinstance(issued, str | bytes) or not isinstance(issued, Iterable):
        msg = "expected an iterable of numbers (a list of strings)"
        raise InvalidInputError(msg, field="issued", value=type(issued).__name__)
    numbers = list(issued)
    if not _all_valid(pattern, numbers):  # slow path: name the first fault
        for i, number in enumerate(numbers):
            try:
                parse_number(pattern, number)
            except InvalidInputError as exc:
                raise InvalidInputError(exc.message, field=f"issued[{i}]", value=number) from None
    # Valid numbers have one spelling each (ASCII, fixed widths, whole-string match), so
    # equal strings are exactly equal (year, type, sequence) keys.
    if len(set(numbers)) != len(numbers):
        seen: dict[str, int] = {}
        for i, number in enumerate(numbers):
            if number in seen:
                msg = f"issued twice (same as issued[{seen[number]}])"
                raise InvalidInputError(msg, field=f"issued[{i}]", value=number)
            seen[number] = i
    fixed = {g: key.group(g) for g in ("year", "type") if f"{{{g}}}" in pattern.template}
    scan = pattern._compile(fixed=fixed, flags=re.MULTILINE)
    top = max(map(int, scan.findall("\n".join(numbers))), default=0)  # numeric comparison
    if top >= 10**pattern.width - 1:
        msg = f"all {top} {doc_type} numbers of {fiscal_year} are issued; widen the pattern"
        raise NoSolutionError(msg)
    return pattern.format(doc_type, fiscal_year, top + 1)


def _all_valid(pattern: NumberPattern, numbers: list[str]) -> bool:
    """Every number follows the pattern, has a non-zero sequence and the right check
    character: one regex scan over all numbers joined by newlines, then vectorised checks."""
    try:
        text = "\n".join(numbers)
    except TypeError:  # a number that is not a string
        return False
    if text.count("\n") != max(len(numbers) - 1, 0):
        return False
    found = pattern._compile(flags=re.MULTILINE).findall(text)
    if len(found) != len(numbers):
        return False
    if pattern.check and found:
        from clientel.models import kernels  # numpy on first use: importing models stays light

        bodies, given = zip(*found, strict=True)
        return bool(kernels.mod37_36_check(bodies).tolist() == list(given))
    return True
