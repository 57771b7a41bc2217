"""The package's one cattrs converter: JSON-compatible data and JSON documents.

Conventions (schema version 6):

* ``Decimal`` as a string of plain ASCII digits (``"1234.50"``, ``"0.00000001"``),
  never a float and never exponent notation;
* :class:`~clientel.models.Money` as ``{"amount": "1234.50", "currency": "EUR"}``
  (an amount may also be a JSON integer; the currency is an ISO 4217 code);
* dates as ISO 8601 strings (``"2026-03-31"``);
* enums by value; tuples as lists; ``None`` as ``null``;
* numpy arrays (the columns of results and fitted scorers) as nested lists,
  NaN as ``null`` and infinities as ``"inf"`` / ``"-inf"`` (see
  :mod:`clientel.models._arrays`);
* unknown fields are rejected, and nothing is coerced: ``null``, a number or a
  list where a string is declared is an error naming its path.

A *document* wraps data in an envelope that names the schema version and the
type: ``{"schema_version": 6, "type": "Client", "data": {...}}``. The type tag
is part of the stored format, not of the Python API (see :func:`document_type`):
renaming a class does not change it; a document of another type than the one
asked for is refused (:class:`~clientel.errors.DocumentTypeError`). Reading a
document from a newer major schema version raises
:class:`~clientel.errors.SchemaVersionError`; older versions are migrated step
by step by :data:`MIGRATIONS`. :func:`loads_data` reads a raw payload (the
``data`` part alone) with the same rules and limits.

The readers are total: whatever the input, they return the value or raise a
:class:`~clientel.errors.SerializationError`. Documents above the caps
:data:`MAX_DOCUMENT_SIZE`, :data:`MAX_DEPTH`, :data:`MAX_STRING_LENGTH` or
:data:`MAX_INT_DIGITS` raise :class:`~clientel.errors.DocumentLimitError`.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import typing
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, TypeVar

import attrs
import cattrs
from cattrs.cols import (
    homogenous_tuple_structure_factory,
    is_mapping,
    is_sequence,
    list_structure_factory,
    mapping_structure_factory,
)
from cattrs.errors import ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn

from clientel.errors import (
    ClientelError,
    DocumentLimitError,
    DocumentTypeError,
    InvalidInputError,
    SchemaVersionError,
    SerializationError,
)
from clientel.models._arrays import is_ndarray, structure_array, unstructure_array
from clientel.models._contract_migration import add_contract_life
from clientel.models._migrations import upgrade_v1, upgrade_v2, upgrade_v4
from clientel.models._money import Money, reading_stored
from clientel.models._rules import (
    MAX_DEPTH,
    MAX_DOCUMENT_SIZE,
    MAX_INT_DIGITS,
    MAX_STRING_LENGTH,
    RULES,
    json_kind,
)
from clientel.models._upgrades import upgrade_v3

__all__ = [
    "MAX_DEPTH",
    "MAX_DOCUMENT_SIZE",
    "MAX_INT_DIGITS",
    "MAX_STRING_LENGTH",
    "SCHEMA_VERSION",
    "check_type",
    "document_data",
    "document_type",
    "dumps",
    "expected_tags",
    "from_data",
    "from_document",
    "loads",
    "loads_data",
    "parse",
    "to_data",
    "to_document",
    "type_label",
    "upgrade_document",
]

T = TypeVar("T")

#: Version of the JSON layout, independent of the package version. Bumped when a
#: stored document would no longer load, or when documents gain fields an earlier
#: release would refuse (its reader rejects unknown fields: with the bump it says
#: "upgrade clientel" instead); each bump adds a migration.
SCHEMA_VERSION: Final = 6

#: ``MIGRATIONS[v]`` turns a version-``v`` document's ``data`` into version ``v + 1``.
#: Keyed by type name so that a migration touches only the types that changed
#: (version 2: the authority engine; version 3: the opportunity pipeline; see ``_migrations``;
#: version 4: issue 14's rules, see ``_upgrades``; version 5: quote lines, ``_migrations``;
#: version 6: contract life after signing, see ``_contract_migration``).
MIGRATIONS: Final[Mapping[int, Callable[[str, Any], Any]]] = MappingProxyType(
    {1: upgrade_v1, 2: upgrade_v2, 3: upgrade_v3, 4: upgrade_v4, 5: add_contract_life}
)

_ENVELOPE: Final = frozenset({"schema_version", "type", "data"})


# -- strict structuring: containers and entities check their JSON shape first ---------------
def _is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, enum.Enum)


def _structure_enum(value: Any, tp: type[enum.Enum]) -> enum.Enum:
    for member in tp:
        if type(value) is type(member.value) and value == member.value:
            return member
    allowed = [member.value for member in tp]
    raise InvalidInputError(f"expected one of {allowed}, got {_shown(value)}")


def _shown(value: Any) -> str:
    return repr(value)[:60] if isinstance(value, str | int | float) else json_kind(value)


def _is_entity(tp: Any) -> bool:
    return isinstance(tp, type) and attrs.has(tp) and tp not in RULES


def _entity_hook(tp: type, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    inner: Callable[[Any, Any], Any] = make_dict_structure_fn(tp, conv)

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            raise InvalidInputError(f"expected an object, got {json_kind(value)}")
        return inner(value, tp)

    return structure


def _is_tuple(tp: Any) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _array_hook(tp: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    factory = homogenous_tuple_structure_factory if _is_tuple(tp) else list_structure_factory
    inner: Callable[[Any, Any], Any] = factory(tp, conv)

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise InvalidInputError(f"expected an array, got {json_kind(value)}")
        return inner(value, tp)

    return structure


def _object_hook(tp: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    inner = mapping_structure_factory(tp, conv)

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            raise InvalidInputError(f"expected an object, got {json_kind(value)}")
        return inner(value, tp)

    return structure


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for tp, rule in RULES.items():
        conv.register_structure_hook(tp, rule.structure)
    conv.register_structure_hook_func(_is_enum, _structure_enum)
    conv.register_structure_hook_factory(lambda tp: is_sequence(tp) or _is_tuple(tp), _array_hook)
    conv.register_structure_hook_factory(is_mapping, _object_hook)
    conv.register_structure_hook_factory(_is_entity, _entity_hook)
    conv.register_unstructure_hook(Decimal, lambda d: f"{d:f}")
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_unstructure_hook(
        Money, lambda m: {"amount": f"{m.amount:f}", "currency": m.currency}
    )
    conv.register_structure_hook_func(is_ndarray, structure_array)
    conv.register_unstructure_hook_func(is_ndarray, unstructure_array)
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

    Parameters
    ----------
    obj : entity, result, or list or dict of them
        What to turn into data; plain JSON values pass through.

    Returns
    -------
    object
        Dicts, lists, strings, numbers, booleans and ``None`` only (Decimals and
        dates as strings), ready for :func:`json.dumps`.

    Examples
    --------
    >>> from clientel.models import Money
    >>> to_data(Money("12.50", "EUR"))
    {'amount': '12.50', 'currency': 'EUR'}
    """
    return _CONVERTER.unstructure(obj)


def from_data(data: Any, cls: type[T]) -> T:
    """Build ``cls`` (an entity type, or e.g. ``list[Client]``) from JSON-compatible data.

    The explicit reader for a raw payload without the envelope (already parsed;
    :func:`loads_data` reads one from JSON text). Strict: nothing is coerced.

    Parameters
    ----------
    data : object
        Parsed JSON (dicts, lists, strings, numbers, booleans and ``None``).
    cls : type
        The type asked for, e.g. ``Client`` or ``list[Client]``.

    Returns
    -------
    object
        An instance of ``cls``.

    Raises
    ------
    InvalidInputError
        ``cls`` is not a type (``field="cls"``).
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
    clientel.errors.SerializationError: cannot read list[Money]: $[0]: expected a decimal ...
    """
    check_type(cls)
    try:
        with reading_stored():
            return _CONVERTER.structure(data, cls)
    except (cattrs.BaseValidationError, ClientelError, ValueError, TypeError, KeyError) as exc:
        lines = _describe(exc)
        raise SerializationError(f"cannot read {type_label(cls)}", errors=lines) from exc


def check_type(cls: Any) -> None:
    """Refuse what is not a type to read into (``cls`` of the readers), naming ``cls``."""
    if not isinstance(cls, type) and typing.get_origin(cls) is None:
        shown = type(cls).__name__
        msg = f"expected a type to read into, such as Client or list[Client], got a {shown}"
        raise InvalidInputError(msg, field="cls")


def type_label(cls: Any) -> str:
    """A readable name of a type asked for: ``Client``, ``list[Client]``."""
    name = getattr(cls, "__name__", None) or str(cls)
    if hasattr(cls, "__args__"):
        name = str(cls).replace("clientel.models.", "").replace("typing.", "")
        name = re.sub(r"\b(?:[a-z_]+\.)+([A-Z]\w*)", r"\1", name)
    return name


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

    Returns
    -------
    str
        The tag, e.g. ``"Client"``; ``cls`` is an entity or result type.

    Examples
    --------
    >>> from clientel.models import Client
    >>> document_type(Client)
    'Client'
    """
    tag = vars(cls).get("_document_type")
    return tag if isinstance(tag, str) else cls.__name__


def expected_tags(cls: Any) -> frozenset[str] | None:
    """The ``type`` tags a document read as ``cls`` may carry (``None``: not checked).

    ``list[Client]`` documents are tagged ``"list[Client]"``, or ``"list"`` when
    :func:`to_document` wrote an empty or mixed list.
    """
    if isinstance(cls, type):
        return frozenset({document_type(cls)})
    args = typing.get_args(cls)
    if typing.get_origin(cls) in (list, tuple, Sequence) and args and isinstance(args[0], type):
        return frozenset({f"list[{document_type(args[0])}]", "list"})
    return None


def _retired_tags(cls: Any) -> frozenset[str]:
    """Tags of classes merged into ``cls`` that only older documents carry (``_retired_tags``).

    When a class is merged into another (issue 13: ``SigningLimit`` into
    ``AuthorityRule``), the migration turns its old documents into the new
    class's data; the new class lists the old tag so that those documents are
    read as it.
    """
    inner = typing.get_args(cls)[0] if typing.get_args(cls) else cls
    old = vars(inner).get("_retired_tags", ()) if isinstance(inner, type) else ()
    return frozenset(f"list[{t}]" if inner is not cls else t for t in old)


def to_document(obj: Any) -> dict[str, Any]:
    """Wrap ``obj`` in a versioned envelope (``schema_version``, ``type``, ``data``).

    Parameters
    ----------
    obj : entity, result, or list of them
        What to wrap; a list of one type is tagged ``list[<type>]``.

    Returns
    -------
    dict
        ``{"schema_version": ..., "type": ..., "data": ...}`` where ``data`` is
        :func:`to_data` of ``obj``.

    Examples
    --------
    >>> from clientel.models import Money
    >>> doc = to_document([Money("5", "EUR"), Money("7.50", "EUR")])
    >>> doc["type"], doc["data"][1]
    ('list[Money]', {'amount': '7.50', 'currency': 'EUR'})
    >>> doc["schema_version"] == SCHEMA_VERSION
    True
    """
    if isinstance(obj, list | tuple):
        names = {document_type(type(item)) for item in obj}
        type_name = f"list[{names.pop()}]" if len(names) == 1 else "list"
    else:
        type_name = document_type(type(obj))
    return {"schema_version": SCHEMA_VERSION, "type": type_name, "data": to_data(obj)}


def _envelope_error(line: str) -> SerializationError:
    return SerializationError("not a clientel document", errors=[line])


def _envelope(doc: Any) -> tuple[int, str | None]:
    """The schema version and type tag of a document, after checking its envelope."""
    if not isinstance(doc, dict) or not {"schema_version", "data"} <= set(doc):
        hint = "; for a payload without the envelope use loads_data() or from_data()"
        raise _envelope_error(f"$: expected keys 'schema_version' and 'data'{hint}")
    extra = sorted(set(doc) - _ENVELOPE)
    if extra:
        raise _envelope_error(f"$: unknown field(s) {extra}")
    version = doc["schema_version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        line = f"$.schema_version: expected an integer >= 1, got {_shown(version)}"
        raise SerializationError("bad envelope", errors=[line])
    if version > SCHEMA_VERSION:
        msg = (
            f"document has schema version {version}, this clientel reads up to "
            f"{SCHEMA_VERSION}; upgrade clientel"
        )
        raise SchemaVersionError(msg)
    type_name = doc.get("type")
    if "type" in doc and not isinstance(type_name, str):
        line = f"$.type: expected a string, got {json_kind(type_name)}"
        raise SerializationError("bad envelope", errors=[line])
    return version, type_name


def _migrated(doc: dict[str, Any], version: int, type_name: str | None) -> Any:
    data = doc["data"]
    for step in range(version, SCHEMA_VERSION):
        data = MIGRATIONS[step](type_name or "", data)
    return data


def upgrade_document(doc: Any) -> dict[str, Any]:
    """A stored document at the current schema version: its data migrated, nothing read yet.

    For checking or rewriting stored documents in bulk (the JSON Schema of
    :func:`json_schema` describes the current version); :func:`from_document`
    migrates the same way before reading.

    Parameters
    ----------
    doc : dict
        A parsed document at any schema version this release reads.

    Returns
    -------
    dict
        The same document at the current schema version (``type`` kept if present).

    Raises
    ------
    SchemaVersionError
        When the document's schema version is newer than this release reads.
    SerializationError
        When the envelope is not a clientel document's, or a migration refuses
        the data (e.g. a schema-1 signing chain, computed under rules that changed).

    Examples
    --------
    >>> old = {"schema_version": 1, "type": "Signature",
    ...        "data": {"signer_id": "p-gm", "role": "bu_gm", "on": "2027-03-10"}}
    >>> upgrade_document(old)["data"]["legacy"], upgrade_document(old)["schema_version"]
    (True, 6)
    """
    version, type_name = _envelope(doc)
    upgraded = {"schema_version": SCHEMA_VERSION, "data": _migrated(doc, version, type_name)}
    return upgraded | ({"type": type_name} if "type" in doc else {})


def from_document(doc: Any, cls: type[T]) -> T:
    """Read a document made by :func:`to_document`, migrating older schema versions.

    Parameters
    ----------
    doc : dict
        A parsed document: ``schema_version``, ``type`` and ``data`` keys.
    cls : type
        The type asked for, e.g. ``Client`` or ``list[Client]``.

    Returns
    -------
    object
        An instance of ``cls``, read from the data migrated to the current schema.

    Raises
    ------
    InvalidInputError
        ``cls`` is not a type (``field="cls"``).
    DocumentTypeError
        When the document records another type than ``cls`` (one line naming both).
    SchemaVersionError
        When the document's schema version is newer than this release reads.
    SerializationError
        When the envelope or the data does not fit ``cls``.

    Examples
    --------
    >>> from clientel.models import Money
    >>> doc = to_document(Money("5", "EUR"))
    >>> from_document(doc, Money)
    Money('5', 'EUR')
    >>> from_document({**doc, "type": "Client"}, Money)
    Traceback (most recent call last):
    ...
    clientel.errors.DocumentTypeError: the document holds a Client, not a Money
    """
    return from_data(document_data(doc, cls), cls)


def document_data(doc: Any, cls: Any) -> Any:
    """The ``data`` of a document of ``cls``, migrated to the current schema, not read yet.

    Checks the envelope and the type tag (:class:`DocumentTypeError`), refuses
    a newer schema (:class:`SchemaVersionError`) and runs the migrations; shared
    by :func:`from_document` and :func:`clientel.models.loads_untrusted`.
    """
    check_type(cls)
    version, type_name = _envelope(doc)
    tags = expected_tags(cls)
    if tags is not None and version < SCHEMA_VERSION:
        tags = tags | _retired_tags(cls)
    if tags is not None and isinstance(type_name, str) and type_name not in tags:
        raise DocumentTypeError(expected=min(tags, key=len, default=""), found=type_name[:80])
    return _migrated(doc, version, type_name)


def dumps(obj: Any, *, indent: int | None = None) -> str:
    """JSON text of ``obj`` as a versioned document (keys sorted, stable output).

    Parameters
    ----------
    obj : entity, result, or list of them
        What to write (see :func:`to_document`).
    indent : int, optional
        Spaces per nesting level; ``None`` (default) writes one line.

    Returns
    -------
    str
        The JSON text of the document.

    Examples
    --------
    >>> from clientel.models import Money
    >>> dumps(Money("5", "EUR"))
    '{"data": {"amount": "5", "currency": "EUR"}, "schema_version": 6, "type": "Money"}'
    """
    return json.dumps(to_document(obj), indent=indent, sort_keys=True, ensure_ascii=False)


# -- reading JSON text: limits first, then strict JSON ------------------------------------------
def _limit(message: str, name: str, maximum: int) -> DocumentLimitError:
    return DocumentLimitError(f"{message} ({name} = {maximum})", limit=name, maximum=maximum)


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _limit("an integer has too many digits", "MAX_INT_DIGITS", MAX_INT_DIGITS)
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise SerializationError("not valid JSON", errors=[f"number out of range: {text[:40]}"])
    return value


def _refuse_constant(name: str) -> Any:
    raise SerializationError("not valid JSON", errors=[f"{name} is not a JSON value"])


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        counts = Counter(key for key, _ in pairs)
        twice = next(key for key, _ in pairs if counts[key] > 1)
        line = f"the key {twice[:60]!r} appears twice in one object"
        raise SerializationError("not valid JSON", errors=[line])
    return out


def _check_depth(doc: Any) -> None:
    stack = [(doc, 1)] if isinstance(doc, dict | list) else []
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        if depth > MAX_DEPTH:
            raise _limit("nested too deeply", "MAX_DEPTH", MAX_DEPTH)
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def parse(text: Any, max_size: int) -> Any:
    """Strict JSON within the limits (no NaN, no duplicate keys), or SerializationError."""
    if not isinstance(text, str | bytes | bytearray):
        msg = f"expected JSON text (str or bytes), got {type(text).__name__}"
        raise SerializationError(msg)
    if len(text) > max_size:
        raise _limit("document too large", "MAX_DOCUMENT_SIZE", max_size)
    try:
        doc = json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_refuse_constant,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as exc:
        raise SerializationError(
            "not valid JSON", errors=[f"line {exc.lineno}: {exc.msg}"]
        ) from exc
    except UnicodeDecodeError as exc:
        raise SerializationError("not valid JSON", errors=[f"not UTF-8: {exc.reason}"]) from exc
    except RecursionError:
        raise _limit("nested too deeply", "MAX_DEPTH", MAX_DEPTH) from None
    _check_depth(doc)
    return doc


def loads(text: str | bytes, cls: type[T], *, max_size: int = MAX_DOCUMENT_SIZE) -> T:
    """Read JSON text written by :func:`dumps` into ``cls``.

    Total: whatever ``text`` holds, the result is a ``cls`` or an exception from
    :mod:`clientel.errors`.

    Parameters
    ----------
    text : str or bytes
        The document (UTF-8 when bytes).
    cls : type
        The type asked for, e.g. ``RFP`` or ``list[Client]``; a document that
        records another type is refused.
    max_size : int
        Largest accepted text, in characters (or bytes); :data:`MAX_DOCUMENT_SIZE`
        (32 MiB) by default.

    Returns
    -------
    object
        An instance of ``cls``, migrated from an older schema version if need be.

    Raises
    ------
    InvalidInputError
        ``cls`` is not a type (``field="cls"``).
    DocumentLimitError
        Above ``max_size``, nested deeper than :data:`MAX_DEPTH`, a string longer
        than :data:`MAX_STRING_LENGTH` or an integer with more than
        :data:`MAX_INT_DIGITS` digits.
    DocumentTypeError
        The document holds another type than ``cls``.
    SchemaVersionError
        A newer schema version than this release reads.
    SerializationError
        Invalid JSON (including ``NaN``, ``Infinity`` and a key twice in one
        object), a bad envelope, or data that does not fit ``cls``, with the
        path of each problem.

    Examples
    --------
    >>> from clientel.models import Money, RFP
    >>> loads(dumps(Money("5", "EUR")), Money)
    Money('5', 'EUR')
    >>> loads('{"schema_version": 9, "data": {}}', Money)
    Traceback (most recent call last):
    ...
    clientel.errors.SchemaVersionError: document has schema version 9, ...
    >>> loads(dumps(Money("5", "EUR")), RFP)
    Traceback (most recent call last):
    ...
    clientel.errors.DocumentTypeError: the document holds a Money, not a RFP
    """
    return from_document(parse(text, max_size), cls)


def loads_data(text: str | bytes, cls: type[T], *, max_size: int = MAX_DOCUMENT_SIZE) -> T:
    """Read a raw JSON payload (no envelope, e.g. from an API) into ``cls``.

    The same strict rules and limits as :func:`loads`; :func:`from_data` does
    the same for data already parsed.

    Parameters
    ----------
    text : str or bytes
        The JSON payload (UTF-8 when bytes), without the document envelope.
    cls : type
        The type asked for, e.g. ``Client`` or ``list[Client]``.
    max_size : int
        Largest accepted text, in characters (or bytes); :data:`MAX_DOCUMENT_SIZE`
        (32 MiB) by default.

    Returns
    -------
    object
        An instance of ``cls``.

    Raises
    ------
    InvalidInputError
        ``cls`` is not a type (``field="cls"``).
    DocumentLimitError
        Above ``max_size`` or past one of the document limits (as :func:`loads`).
    SerializationError
        Invalid JSON or data that does not fit ``cls``, with the path of each
        problem.

    Examples
    --------
    >>> from clientel.models import Money
    >>> loads_data('{"amount": "5.00", "currency": "EUR"}', Money)
    Money('5.00', 'EUR')
    >>> loads_data('{"amount": null, "currency": "EUR"}', Money)
    Traceback (most recent call last):
    ...
    clientel.errors.SerializationError: cannot read Money: $: expected a decimal string ...
    """
    return from_data(parse(text, max_size), cls)
