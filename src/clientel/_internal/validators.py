"""attrs validators whose errors name the entity and field at fault.

Each validator raises :class:`~clientel.errors.InvalidInputError` with
``field="Entity.field"`` and the value, for example
``Segment.growth: must be finite (got nan)``.

A validator that a JSON Schema can express carries that expression as a
``__json_schema__`` mapping (see :func:`described`); the published schema of
:func:`clientel.models.json_schema` is built from it, so the rule is written once.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sized
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from clientel.errors import InvalidInputError

__all__ = [
    "FrozenMap",
    "as_mapping",
    "at_least",
    "between",
    "described",
    "enum_member",
    "finite",
    "free_text",
    "frozen_mapping",
    "identifier",
    "non_empty",
    "non_empty_items",
    "number_mapping",
    "optional",
    "str_tuple",
    "unique_ids",
    "values_between",
    "where",
]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/\-]{0,127}$")

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
E = TypeVar("E", bound=enum.Enum)


def enum_member(kind: type[E], field: str) -> Callable[[E | str], E]:
    """Converter: a member of ``kind`` from itself or its value (``"cost"``), else an error.

    An enum-valued parameter given as text is checked at construction, so a
    typo fails there, naming the field and the allowed values, not later.
    """

    def convert(value: E | str) -> E:
        if isinstance(value, kind):
            return value
        for member in kind:
            if type(value) is type(member.value) and value == member.value:
                return member
        allowed = [member.value for member in kind]
        raise InvalidInputError(f"expected one of {allowed}", field=field, value=value)

    return convert


def described(check: Validator, schema: Mapping[str, Any]) -> Validator:
    """Attach the JSON Schema fragment that expresses ``check`` (read by the schema builder)."""
    vars(check)["__json_schema__"] = MappingProxyType(dict(schema))
    return check


def _finite_bounds(**bounds: float) -> dict[str, float]:
    return {key: value for key, value in bounds.items() if math.isfinite(value)}


def where(instance: object, attribute: attrs.Attribute[Any]) -> str:
    return f"{type(instance).__name__}.{attribute.name}"


def optional(inner: Validator) -> Validator:
    """Run ``inner`` unless the value is None."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            inner(instance, attribute, value)

    schema = getattr(inner, "__json_schema__", None)  # constrains non-null values only
    return check if schema is None else described(check, schema)


def identifier(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A non-empty id: letters, digits and ``_.:/-``, at most 128 characters."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        msg = "expected an id of letters, digits and _.:/- (1 to 128 characters)"
        raise InvalidInputError(msg, field=where(instance, attribute), value=value)


described(identifier, {"pattern": _ID.pattern})


def non_empty(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A string or collection that is not empty (strings: not only white space)."""
    if not isinstance(value, str | Sized):
        msg = "expected text or a collection"
        raise InvalidInputError(msg, field=where(instance, attribute), value=value)
    empty = not value.strip() if isinstance(value, str) else len(value) == 0
    if empty:
        raise InvalidInputError("must not be empty", field=where(instance, attribute), value=value)


# str.strip() and the regex \S agree on what white space is (str.isspace)
described(non_empty, {"pattern": r"\S", "minItems": 1, "minProperties": 1})


def free_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A string, possibly empty (for free-text fields: ``None`` or a number is refused)."""
    if not isinstance(value, str):
        raise InvalidInputError("expected text", field=where(instance, attribute), value=value)


described(free_text, {})  # the loader's string rule already says it


def finite(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A finite real number (not NaN, not infinite, not bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInputError(
            "expected a finite number", field=where(instance, attribute), value=value
        )


described(finite, {})  # JSON numbers are finite: the type says it all


def at_least(low: float) -> Validator:
    """A finite number ``>= low``."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        finite(instance, attribute, value)
        if value < low:
            msg = f"must be at least {low}"
            raise InvalidInputError(msg, field=where(instance, attribute), value=value)

    return described(check, _finite_bounds(minimum=low))


def between(low: float, high: float) -> Validator:
    """A finite number in the closed interval ``[low, high]``."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        finite(instance, attribute, value)
        if not low <= value <= high:
            msg = f"must be between {low} and {high}"
            raise InvalidInputError(msg, field=where(instance, attribute), value=value)

    return described(check, _finite_bounds(minimum=low, maximum=high))


def values_between(
    low: float = -math.inf, high: float = math.inf, *, allow_none: bool = False
) -> Validator:
    """Every value of a mapping is a finite number in ``[low, high]`` (or None if allowed)."""
    word = "a finite number or None" if allow_none else "a finite number"
    if math.isinf(low) and math.isinf(high):
        msg = f"expected {word}"
    elif math.isinf(high):
        msg = f"expected {word} of at least {low}"
    else:
        msg = f"expected {word} between {low} and {high}"

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Mapping[str, Any]) -> None:
        for key, item in value.items():
            if item is None and allow_none:
                continue
            ok = not isinstance(item, bool) and isinstance(item, int | float)
            if not ok or not math.isfinite(item) or not low <= item <= high:
                place = f"{where(instance, attribute)}[{key!r}]"
                raise InvalidInputError(msg, field=place, value=item)

    values = {"type": ["number", "null"] if allow_none else "number"}
    return described(
        check, {"additionalProperties": values | _finite_bounds(minimum=low, maximum=high)}
    )


def number_mapping(
    low: float = -math.inf, high: float = math.inf, *, allow_none: bool = False
) -> Any:
    """Field: a read-only mapping of names to finite numbers in ``[low, high]``, empty by default.

    For values on named criteria or measures, e.g. ``Client.attributes``;
    ``allow_none`` lets a value be ``None`` (known to be missing). Declare the
    field with its type, ``attributes: Mapping[str, float | None] =
    number_mapping(allow_none=True)``: the annotation is what type checkers see.
    """
    return attrs.field(
        factory=dict,
        converter=frozen_mapping,
        validator=values_between(low, high, allow_none=allow_none),
    )


def unique_ids(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A tuple of entities (with ``.id``) or strings without duplicates."""
    seen: set[str] = set()
    for item in value:
        key = item if isinstance(item, str) else item.id
        if key in seen:
            msg = "duplicate id"
            raise InvalidInputError(msg, field=where(instance, attribute), value=key)
        seen.add(key)


def non_empty_items(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Every item of a tuple of strings has text (not empty, not only white space)."""
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            msg = "expected text in every item"
            raise InvalidInputError(msg, field=f"{where(instance, attribute)}[{i}]", value=item)


described(non_empty_items, {"items": {"pattern": r"\S"}})


def _is_mapping(value: object) -> bool:
    return isinstance(value, Mapping)


class FrozenMap(Mapping[str, Any]):
    """A read-only mapping that pickles (unlike ``types.MappingProxyType``).

    Examples
    --------
    >>> import pickle
    >>> m = FrozenMap({"x": 1})
    >>> pickle.loads(pickle.dumps(m)) == {"x": 1}, m
    (True, {'x': 1})
    """

    __slots__ = ("_data",)
    _data: dict[str, Any]

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        object.__setattr__(self, "_data", dict(data or {}))

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return repr(self._data)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("FrozenMap is read-only")

    def __reduce__(self) -> tuple[type[FrozenMap], tuple[dict[str, Any]]]:
        return (FrozenMap, (self._data,))


def as_mapping(value: Any, field: str) -> Mapping[str, Any]:
    """``value`` if it is a mapping with text keys, else an error naming ``field``."""
    if not _is_mapping(value):
        msg = "expected a mapping (a dict of names to values)"
        raise InvalidInputError(msg, field=field, value=type(value).__name__)
    odd = next((k for k in value if not isinstance(k, str)), None)
    if odd is not None:
        raise InvalidInputError("expected text keys", field=field, value=odd)
    return value  # type: ignore[no-any-return]


def frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """Converter: a read-only, picklable copy of a mapping (``None`` becomes empty)."""
    if value is not None and not _is_mapping(value):  # a list or string given at run time
        msg = "expected a mapping (a dict)"
        raise InvalidInputError(msg, value=type(value).__name__)
    return FrozenMap(value)


def str_tuple(value: Any) -> tuple[str, ...]:
    """Converter: a tuple from any iterable of strings (a lone string is one item)."""
    if isinstance(value, str):
        return (value,)
    return tuple(value)
