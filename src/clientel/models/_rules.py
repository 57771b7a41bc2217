"""What a JSON document may hold: the one definition both the loader and the schema use.

Each primitive type has one :class:`Rule`: the strict structure function the
loader (:mod:`clientel.models._serialize`) registers with its cattrs converter,
and the JSON Schema fragment :func:`clientel.models.json_schema` publishes for
it. Field validators carry their own fragment (``__json_schema__``, see
:func:`fragments`), so a bound, a pattern or a non-empty rule is written once and
shows in both places. The loader never coerces: a number, ``null`` or a list
where a string is declared is an error naming its JSON path.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs

from clientel.errors import InvalidInputError
from clientel.models._currencies import ACTIVE_CURRENCIES, HISTORIC_CURRENCIES
from clientel.models._money import Money, check_currency

__all__ = [
    "AMOUNT_SCHEMA",
    "CURRENCY_SCHEMA",
    "MAX_DEPTH",
    "MAX_DOCUMENT_SIZE",
    "MAX_INT_DIGITS",
    "MAX_STRING_LENGTH",
    "NON_NEGATIVE_AMOUNT_SCHEMA",
    "RULES",
    "Rule",
    "fragments",
    "frozen",
    "json_kind",
]

#: Largest document :func:`~clientel.models.loads` reads: characters of text, or bytes.
MAX_DOCUMENT_SIZE: Final = 32 * 2**20
#: Deepest nesting of arrays and objects in a document (the envelope counts as one level).
MAX_DEPTH: Final = 64
#: Longest string (and object key), in characters.
MAX_STRING_LENGTH: Final = 100_000
#: Most digits of a JSON integer (amounts need at most 21).
MAX_INT_DIGITS: Final = 30

_INT_LIMIT: Final = 10**MAX_INT_DIGITS
# dumps writes plain digits; v1 documents written before it may hold what str(Decimal)
# gave for amounts below 10**-6 ("1E-8", "1.23E-7", "0E-7"), so that spelling still reads
_LEGACY: Final = r"[0-9](\.[0-9]{1,19})?E-([7-9]|1[0-9]|20)"
_DECIMAL: Final = rf"[0-9]{{1,21}}(\.[0-9]{{1,20}})?|{_LEGACY}"
DECIMAL_PATTERN: Final = f"^-?({_DECIMAL})$"
_ZERO: Final = r"-0{1,21}(\.0{1,20})?|-0E-([7-9]|1[0-9]|20)"
_DECIMAL_RE: Final = re.compile(DECIMAL_PATTERN, re.ASCII)
_DATE: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DATE_RE: Final = re.compile(_DATE, re.ASCII)
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_AMOUNT_LIMIT: Final = 10**21 - 1

#: An amount: a decimal string of plain ASCII digits, or a JSON integer, below 10**21.
AMOUNT_SCHEMA: Final[Mapping[str, Any]] = MappingProxyType(
    {
        "anyOf": (
            MappingProxyType({"type": "string", "pattern": DECIMAL_PATTERN}),
            MappingProxyType(
                {"type": "integer", "minimum": -_AMOUNT_LIMIT, "maximum": _AMOUNT_LIMIT}
            ),
        )
    }
)
#: An amount that is not negative (``"-0.00"`` reads as zero).
NON_NEGATIVE_AMOUNT_SCHEMA: Final[Mapping[str, Any]] = MappingProxyType(
    {
        "anyOf": (
            MappingProxyType({"type": "string", "pattern": f"^({_DECIMAL}|{_ZERO})$"}),
            MappingProxyType({"type": "integer", "minimum": 0, "maximum": _AMOUNT_LIMIT}),
        )
    }
)
#: An ISO 4217 code: active, or withdrawn (accepted when loading stored documents).
CURRENCY_SCHEMA: Final[Mapping[str, Any]] = MappingProxyType(
    {"type": "string", "enum": tuple(sorted(set(ACTIVE_CURRENCIES) | HISTORIC_CURRENCIES))}
)


def frozen(value: Any) -> Any:
    """A read-only deep copy of a schema fragment (mapping proxies and tuples)."""
    if isinstance(value, Mapping):
        return MappingProxyType({key: frozen(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(frozen(item) for item in value)
    return value


def json_kind(value: object) -> str:
    """The JSON name of a value's type, for messages (``null``, ``array``, ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a Python {type(value).__name__}"


def _fail(expected: str, value: object) -> InvalidInputError:
    return InvalidInputError(f"expected {expected}, got {json_kind(value)}")


def structure_str(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise _fail("a string", value)
    if len(value) > MAX_STRING_LENGTH:
        msg = f"string longer than MAX_STRING_LENGTH = {MAX_STRING_LENGTH} characters"
        raise InvalidInputError(msg)
    if not value.isascii() and _SURROGATE.search(value):
        raise InvalidInputError("a lone surrogate is not a Unicode character")
    return value


def structure_bool(value: Any, _: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail("true or false", value)
    return value


def structure_int(value: Any, _: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail("an integer", value)
    if not -_INT_LIMIT < value < _INT_LIMIT:
        raise InvalidInputError(f"integer with more than MAX_INT_DIGITS = {MAX_INT_DIGITS} digits")
    return value


def structure_float(value: Any, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail("a number", value)
    if isinstance(value, int) and not -_INT_LIMIT < value < _INT_LIMIT:
        raise InvalidInputError(f"integer with more than MAX_INT_DIGITS = {MAX_INT_DIGITS} digits")
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise InvalidInputError("expected a finite number")
    return number


def structure_decimal(value: Any, _: Any) -> Decimal:
    if not isinstance(value, str):
        raise _fail("a decimal string such as '12.50'", value)
    if not _DECIMAL_RE.fullmatch(value):
        msg = "expected plain ASCII digits such as '12.50' (at most 21 + 20 digits)"
        raise InvalidInputError(msg)
    number = Decimal(value)
    if int(number.as_tuple().exponent) < -20:  # "1.5E-20": a legacy spelling, 21 places
        raise InvalidInputError("at most 20 decimal places")
    return number


def structure_date(value: Any, _: Any) -> dt.date:
    if not isinstance(value, str):
        raise _fail("an ISO 8601 date string such as '2026-03-31'", value)
    if not _DATE_RE.fullmatch(value):
        raise InvalidInputError("expected an ISO 8601 date YYYY-MM-DD such as '2026-03-31'")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(f"no such date: {value}") from None


def structure_amount(value: Any) -> Decimal | int:
    if isinstance(value, str):
        return structure_decimal(value, Decimal)
    if isinstance(value, int) and not isinstance(value, bool):
        if not -_AMOUNT_LIMIT <= value <= _AMOUNT_LIMIT:
            raise InvalidInputError("amount too large (below 10**21)")
        return value
    if isinstance(value, float):
        msg = "expected a decimal string such as '12.50' or an integer, not a float (lossy)"
        raise InvalidInputError(msg)
    raise _fail("a decimal string such as '12.50' or an integer", value)


def structure_money(value: Any, _: Any) -> Money:
    if not isinstance(value, dict):
        raise _fail("an object {'amount': '<decimal>', 'currency': '<ISO 4217>'}", value)
    if set(value) != {"amount", "currency"}:
        msg = f"expected exactly the keys 'amount' and 'currency', got {sorted(value)}"
        raise InvalidInputError(msg)
    amount = structure_amount(value["amount"])
    currency = check_currency(structure_str(value["currency"], str))
    return Money(amount, currency)


@attrs.frozen
class Rule:
    """How the loader reads one type and how the schema describes it."""

    structure: Callable[[Any, Any], Any]
    schema: Mapping[str, Any] = attrs.field(converter=frozen)


_MONEY_SCHEMA: Final = frozen(
    {
        "type": "object",
        "description": "An exact amount in an ISO 4217 currency",
        "properties": {"amount": AMOUNT_SCHEMA, "currency": CURRENCY_SCHEMA},
        "required": ["amount", "currency"],
        "additionalProperties": False,
    }
)

#: The primitive types of documents: one strict reader and one schema fragment each.
RULES: Final[Mapping[type, Rule]] = MappingProxyType(
    {
        str: Rule(structure_str, {"type": "string", "maxLength": MAX_STRING_LENGTH}),
        bool: Rule(structure_bool, {"type": "boolean"}),
        int: Rule(
            structure_int,
            {"type": "integer", "minimum": 1 - _INT_LIMIT, "maximum": _INT_LIMIT - 1},
        ),
        float: Rule(structure_float, {"type": "number"}),
        Decimal: Rule(structure_decimal, {"type": "string", "pattern": DECIMAL_PATTERN}),
        dt.date: Rule(structure_date, {"type": "string", "pattern": _DATE, "format": "date"}),
        Money: Rule(structure_money, _MONEY_SCHEMA),
    }
)


def fragments(validator: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """Schema fragments of a field validator, and the names of rules that have none.

    A validator describes itself with a ``__json_schema__`` mapping; attrs'
    ``and_`` and ``optional`` combinators and ``matches_re`` are looked through.
    A validator without a description is a rule only the loader checks (listed
    in the reliability notes).
    """
    if validator is None:
        return [], []
    inner = getattr(validator, "_validators", None)  # attrs.validators.and_
    if inner is not None:
        found: list[dict[str, Any]] = []
        missing: list[str] = []
        for item in inner:
            more, unknown = fragments(item)
            found += more
            missing += unknown
        return found, missing
    described = getattr(validator, "__json_schema__", None)
    if described is not None:
        return [dict(described)], []
    pattern = getattr(validator, "pattern", None)  # attrs.validators.matches_re
    if isinstance(pattern, re.Pattern):
        return [{"pattern": pattern.pattern}], []
    name = getattr(validator, "__name__", None) or type(validator).__name__
    return [], [name]
