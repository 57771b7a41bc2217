"""attrs validators and converters for Money fields (beside :class:`Money`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Final

import attrs

from clientel._internal.validators import described, where
from clientel.errors import CurrencyMismatchError, InvalidInputError
from clientel.models._money import Money, check_currency
from clientel.models._rules import CURRENCY_SCHEMA, NON_NEGATIVE_AMOUNT_SCHEMA, frozen

__all__ = [
    "amounts_at_least_zero",
    "as_money",
    "currency_code",
    "money_at_least_zero",
    "money_tuple",
    "one_currency",
    "same_currency",
]


def currency_code(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An ISO 4217 code (active; withdrawn ones only while loading stored documents)."""
    check_currency(value, field=where(instance, attribute))


described(currency_code, CURRENCY_SCHEMA)


def money_at_least_zero(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A Money amount that is not negative."""
    _check_amount(value, where(instance, attribute))


def amounts_at_least_zero(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A tuple of Money amounts, none negative (the bad one named by its position)."""
    for i, item in enumerate(value):
        _check_amount(item, f"{where(instance, attribute)}[{i}]")


_NOT_NEGATIVE: Final = frozen({"properties": {"amount": NON_NEGATIVE_AMOUNT_SCHEMA}})
described(money_at_least_zero, _NOT_NEGATIVE)
described(amounts_at_least_zero, {"items": _NOT_NEGATIVE})


def as_money(value: Any, field: str) -> Money:
    """``value`` if it is Money, else :class:`InvalidInputError` naming ``field``."""
    if not isinstance(value, Money):
        msg = "expected Money (an amount with its currency)"
        raise InvalidInputError(msg, field=field, value=type(value).__name__)
    return value


def _check_amount(value: Any, field: str) -> None:
    as_money(value, field)
    if value.amount < 0:
        raise InvalidInputError("must not be negative", field=field, value=str(value))


def one_currency(amounts: Iterable[Money | None], field: str) -> None:
    """Raise :class:`CurrencyMismatchError` unless the amounts (None skipped) share one currency."""
    currencies = sorted({m.currency for m in amounts if m is not None})
    if len(currencies) > 1:
        msg = f"amounts must share one currency, got {currencies}"
        raise CurrencyMismatchError(msg, field=field)


def same_currency(*names: str) -> Callable[[Any], None]:
    """Check, after construction, that the named Money fields (or tuples) share one currency."""

    def check(instance: Any) -> None:
        amounts: list[Money | None] = []
        for name in names:
            raw = getattr(instance, name)
            amounts.extend(raw if isinstance(raw, tuple) else (raw,))
        one_currency(amounts, f"{type(instance).__name__}.{','.join(names)}")

    return check


def money_tuple(value: Iterable[Money]) -> tuple[Money, ...]:
    """Converter: a tuple of Money from any iterable (e.g. a list)."""
    return tuple(value)
