"""The package's one cattrs converter: JSON-compatible data and JSON documents.

Conventions (schema version 1):

* ``Decimal`` as a string (``"1234.50"``), never a float;
* :class:`~clientel.models.Money` as ``{"amount": "1234.50", "currency": "EUR"}``;
* dates as ISO 8601 strings (``"2026-03-31"``);
* enums by value; tuples as lists; ``None`` as ``null``;
* unknown fields are rejected.

A *document* wraps data in an envelope that names the schema version and the
type: ``{"schema_version": 1, "type": "Client", "data": {...}}``. The type tag
is part of the stored format, not of the Python API (see :func:`document_type`):
renaming a class does not change it. Reading a
document from a newer major schema version raises
:class:`~clientel.errors.SchemaVersionError`; older versions are migrated step
by step by :data:`MIGRATIONS`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final, TypeVar

import cattrs
from cattrs.errors import ForbiddenExtraKeysError

from clientel.errors import ClientelError, SchemaVersionError, SerializationError
from clientel.models._money import Money, reading_stored

__all__ = [
    "SCHEMA_VERSION",
    "document_type",
    "dumps",
    "from_data",
    "from_document",
    "loads",
    "to_data",
    "to_document",
]

T = TypeVar("T")

#: Version of the JSON layout, independent of the package version. Bumped only
#: when a stored document would no longer load; each bump adds a migration.
SCHEMA_VERSION: Final = 1

#: ``MIGRATIONS[v]`` turns a version-``v`` document's ``data`` into version ``v + 1``.
#: Keyed by type name so that a migration touches only the types that changed.
MIGRATIONS: Final[dict[int, Callable[[str, Any], Any]]] = {}


def _structure_decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise SerializationError("expected a decimal string such as '12.50'")
    return Decimal(value)


def _structure_date(value: Any, _: type) -> dt.date:
    if not isinstance(value, str):
        raise SerializationError("expected an ISO 8601 date string such as '2026-03-31'")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SerializationError(f"not an ISO 8601 date: {value!r}") from None


def _structure_money(value: Any, _: type) -> Money:
    if not isinstance(value, dict) or set(value) != {"amount", "currency"}:
        raise SerializationError("expected {'amount': '<decimal>', 'currency': '<ISO 4217>'}")
    amount = value["amount"]
    if isinstance(amount, float):
        raise SerializationError("Money.amount must be a string or integer, not a float")
    return Money(amount, value["currency"])


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_unstructure_hook(Decimal, lambda d: f"{d:f}")
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(
        Money, lambda m: {"amount": f"{m.amount:f}", "currency": m.currency}
    )
    conv.register_structure_hook(Money, _structure_money)
    return conv


_CONVERTER: Final = _make_converter()


def _format_exception(exc: BaseException, type_: type | None) -> str:
    if isinstance(exc, ClientelError):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        return f"unknown field(s) {sorted(exc.extra_fields)}"
    if isinstance(exc, ValueError | TypeError) and type_ is not None:
        name = getattr(type_, "__name__", repr(type_))
        return f"invalid value for type, expected {name}"
    return f"invalid value ({exc})"


def to_data(obj: Any) -> Any:
    """Turn an entity, result, or a list/dict of them into JSON-compatible data.

    Examples
    --------
    >>> from clientel.models import Money
    >>> to_data(Money("12.50", "EUR"))
    {'amount': '12.50', 'currency': 'EUR'}
    """
    return _CONVERTER.unstructure(obj)


def from_data(data: Any, cls: type[T]) -> T:
    """Build ``cls`` (an entity type, or e.g. ``list[Client]``) from JSON-compatible data.

    Raises
    ------
    SerializationError
        With one line per problem, each with the path to the bad value, for
        example ``"$[3].segment_id: required field missing"``.

    Examples
    --------
    >>> from clientel.models import Money
    >>> from_data({"amount": "12.50", "currency": "EUR"}, Money)
    Money('12.50', 'EUR')
    >>> from_data([{"amount": 1.5, "currency": "EUR"}], list[Money])
    Traceback (most recent call last):
    ...
    clientel.errors.SerializationError: cannot read list[Money]: $[0]: Money.amount must be ...
    """
    try:
        with reading_stored():
            return _CONVERTER.structure(data, cls)
    except (cattrs.BaseValidationError, ClientelError, ValueError, TypeError, KeyError) as exc:
        lines = _describe(exc)
        name = getattr(cls, "__name__", None) or str(cls)
        if hasattr(cls, "__args__"):
            name = str(cls).replace("clientel.models.", "").replace("typing.", "")
            name = _strip_modules(name)
        raise SerializationError(f"cannot read {name}", errors=lines) from exc


def _strip_modules(text: str) -> str:
    import re

    return re.sub(r"\b(?:[a-z_]+\.)+([A-Z]\w*)", r"\1", text)


def _describe(exc: BaseException) -> list[str]:
    if isinstance(exc, cattrs.BaseValidationError):
        raw = cattrs.transform_error(exc, path="$", format_exception=_format_exception)
        out = []
        for line in raw:
            message, _, path = line.rpartition(" @ ")
            out.append(f"{path}: {message}" if path else line)
        return out
    return [f"$: {_format_exception(exc, None)}"]


def document_type(cls: type) -> str:
    """The ``type`` tag that documents of ``cls`` carry.

    The tag is the name the class had when its documents were first written. A
    class renamed later keeps its old tag in a ``_document_type`` class
    attribute, so the JSON an app stored keeps its meaning; a test pins the tag
    of every public class.

    Examples
    --------
    >>> from clientel.models import Client
    >>> document_type(Client)
    'Client'
    """
    tag = vars(cls).get("_document_type")
    return tag if isinstance(tag, str) else cls.__name__


def to_document(obj: Any) -> dict[str, Any]:
    """Wrap ``obj`` in a versioned envelope (``schema_version``, ``type``, ``data``)."""
    if isinstance(obj, list | tuple):
        names = {document_type(type(item)) for item in obj}
        type_name = f"list[{names.pop()}]" if len(names) == 1 else "list"
    else:
        type_name = document_type(type(obj))
    return {"schema_version": SCHEMA_VERSION, "type": type_name, "data": to_data(obj)}


def from_document(doc: Any, cls: type[T]) -> T:
    """Read a document made by :func:`to_document`, migrating older schema versions.

    Raises
    ------
    SchemaVersionError
        When the document's schema version is newer than this release reads.
    SerializationError
        When the envelope or the data does not fit ``cls``.
    """
    if not isinstance(doc, dict) or not {"schema_version", "data"} <= set(doc):
        raise SerializationError(
            "not a clientel document", errors=["$: expected keys 'schema_version' and 'data'"]
        )
    version = doc["schema_version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SerializationError(
            "bad envelope", errors=[f"$.schema_version: expected an integer >= 1, got {version!r}"]
        )
    if version > SCHEMA_VERSION:
        msg = (
            f"document has schema version {version}, this clientel reads up to "
            f"{SCHEMA_VERSION}; upgrade clientel"
        )
        raise SchemaVersionError(msg)
    data = doc["data"]
    type_name = str(doc.get("type", ""))
    for step in range(version, SCHEMA_VERSION):
        data = MIGRATIONS[step](type_name, data)
    return from_data(data, cls)


def dumps(obj: Any, *, indent: int | None = None) -> str:
    """JSON text of ``obj`` as a versioned document (keys sorted, stable output).

    Examples
    --------
    >>> from clientel.models import Money
    >>> dumps(Money("5", "EUR"))
    '{"data": {"amount": "5", "currency": "EUR"}, "schema_version": 1, "type": "Money"}'
    """
    return json.dumps(to_document(obj), indent=indent, sort_keys=True, ensure_ascii=False)


def loads(text: str | bytes, cls: type[T]) -> T:
    """Read JSON text written by :func:`dumps` into ``cls``.

    Examples
    --------
    >>> from clientel.models import Money
    >>> loads(dumps(Money("5", "EUR")), Money)
    Money('5', 'EUR')
    >>> loads('{"schema_version": 9, "data": {}}', Money)
    Traceback (most recent call last):
    ...
    clientel.errors.SchemaVersionError: document has schema version 9, ...
    """
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SerializationError(
            "not valid JSON", errors=[f"line {exc.lineno}: {exc.msg}"]
        ) from exc
    return from_document(doc, cls)
