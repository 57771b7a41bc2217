"""attrs validators and converters for Money fields (beside :class:`Money`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import attrs

from clientel._internal.validators import where
from clientel.errors import InvalidInputError
from clientel.models._money import Money

__all__ = ["money_at_least_zero", "money_tuple", "same_currency"]


def money_at_least_zero(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A Money amount that is not negative."""
    if not isinstance(value, Money):
        raise InvalidInputError("expected Money", field=where(instance, attribute), value=value)
    if value.amount < 0:
        raise InvalidInputError(
            "must not be negative", field=where(instance, attribute), value=str(value)
        )


def same_currency(*names: str) -> Callable[[Any], None]:
    """Check, after construction, that the named Money fields share one currency."""

    def check(instance: Any) -> None:
        seen: dict[str, str] = {}
        for name in names:
            raw = getattr(instance, name)
            items = raw if isinstance(raw, tuple) else (raw,)
            for item in items:
                if isinstance(item, Money):
                    seen.setdefault(item.currency, name)
        if len(seen) > 1:
            msg = f"amounts must share one currency, got {sorted(seen)}"
            raise InvalidInputError(msg, field=f"{type(instance).__name__}.{','.join(names)}")

    return check


def money_tuple(value: Iterable[Money]) -> tuple[Money, ...]:
    """Converter: a tuple of Money from any iterable (e.g. a list)."""
    return tuple(value)
