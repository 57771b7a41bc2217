"""JSON Schema (draft 2020-12) of the documents written by :func:`clientel.models.dumps`.

Generated from the definitions the loader uses: the primitive rules of
:mod:`clientel.models._rules` (the same objects the converter registers) and
the ``__json_schema__`` fragments of the field validators. What the loader
accepts validates against this schema, and whatever the schema refuses the
loader refuses too; the loader checks more (cross-field rules, limits), and
those rules are listed in the reliability notes (docs/reliability.md).
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from clientel.errors import InvalidInputError
from clientel.models._arrays import array_schema, is_ndarray
from clientel.models._money import Money
from clientel.models._rules import RULES, fragments
from clientel.models._serialize import SCHEMA_VERSION, document_type, expected_tags

__all__ = ["LOADER_RULES", "field_rules", "json_schema"]

_DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: Annotation keyword naming the fields (and "(across fields)") with rules the loader checks
#: beyond this schema; they are explained in docs/reliability.md.
LOADER_RULES = "x-clientel-loader-rules"


def _plain(value: Any) -> Any:
    """A deep copy made of dicts and lists only (fragments may be read-only mappings)."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema the loader's strict structure hook for ``tp`` enforces."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        return {}
    if tp is type(None):
        return {"type": "null"}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_type_schema(a, defs) for a in args]}
    if is_ndarray(tp):
        return array_schema(tp)
    if tp is Money:
        defs.setdefault("Money", _plain(RULES[Money].schema))
        return {"$ref": "#/$defs/Money"}
    if tp in RULES:
        return dict(_plain(RULES[tp].schema))
    if origin is typing.Literal:
        return {"enum": list(args)}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [member.value for member in tp]}
    if origin in (tuple, list) or origin is typing.Sequence or origin is Sequence:
        item = args[0] if args else Any
        return {"type": "array", "items": _type_schema(item, defs)}
    if origin in (dict, Mapping) or origin is typing.Mapping:
        value = args[1] if len(args) == 2 else Any
        keys = _plain(RULES[str].schema)
        del keys["type"]
        return {
            "type": "object",
            "propertyNames": keys,
            "additionalProperties": _type_schema(value, defs),
        }
    if isinstance(tp, type) and attrs.has(tp):
        _class_schema(tp, defs)
        return {"$ref": f"#/$defs/{document_type(tp)}"}
    msg = f"no JSON Schema mapping for {tp!r}"
    raise InvalidInputError(msg, field="type")


def _with(base: dict[str, Any], extra: list[dict[str, Any]]) -> dict[str, Any]:
    """``base`` constrained by the validators' fragments (merged where no keyword clashes)."""
    out = dict(base)
    rest = []
    for fragment in extra:
        if set(fragment) & set(out):
            rest.append(fragment)
        else:
            out.update(fragment)
    return {"allOf": [out, *rest]} if rest else out


def field_rules(
    cls: type,
) -> Iterator[tuple[attrs.Attribute[Any], list[dict[str, Any]], list[str]]]:
    """Each init field of ``cls`` with its validators' schema fragments and the names of
    the validators no schema fragment expresses (rules only the loader checks)."""
    for field in attrs.fields(cls):
        if field.init:
            found, missing = fragments(field.validator)
            yield field, [_plain(f) for f in found], missing


def _class_schema(cls: type, defs: dict[str, Any]) -> None:
    name = document_type(cls)
    if name in defs:
        return
    defs[name] = {}  # placeholder against recursion
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    required: list[str] = []
    loader_only: list[str] = []
    for field, extra, unexpressed in field_rules(cls):
        key = field.alias or field.name
        props[key] = _with(_type_schema(hints[field.name], defs), extra)
        if field.default is attrs.NOTHING:
            required.append(key)
        if unexpressed:
            loader_only.append(key)
    if "__attrs_post_init__" in vars(cls):
        loader_only.append("(across fields)")
    doc = (cls.__doc__ or "").strip().splitlines()
    defs[name] = {
        "type": "object",
        "description": doc[0] if doc else name,
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }
    if loader_only:  # an annotation: validators ignore it, readers learn what else is checked
        defs[name][LOADER_RULES] = loader_only


def _alias_name(alias: Any) -> str:
    args = ", ".join(
        document_type(a) if isinstance(a, type) else str(a) for a in typing.get_args(alias)
    )
    return f"{typing.get_origin(alias).__name__}[{args}]"


def _tag_schema(cls: Any) -> dict[str, Any]:
    tags = expected_tags(cls)
    if tags is None:
        return {"type": "string"}
    if len(tags) == 1:
        return {"const": next(iter(tags))}
    return {"enum": sorted(tags)}


def json_schema(cls: type | Any) -> dict[str, Any]:
    """JSON Schema of a document holding ``cls`` (an entity type or ``list[Entity]``).

    Generated from the rules the loader applies: whatever :func:`loads` accepts
    validates against it, and whatever it refuses :func:`loads` refuses too. The
    loader checks more (rules across fields, limits); each entity's definition
    names the fields with such rules in the annotation ``x-clientel-loader-rules``
    (ignored by validators), explained in the reliability notes.

    Returns
    -------
    dict
        The JSON Schema (draft 2020-12) as a dictionary, ready for ``json.dumps``.

    Examples
    --------
    >>> from clientel.models import Period, Segment
    >>> schema = json_schema(Segment)
    >>> schema["properties"]["schema_version"], schema["properties"]["type"]
    ({'const': 6}, {'const': 'Segment'})
    >>> schema["$defs"]["Segment"]["required"]
    ['id', 'name']
    >>> json_schema(Period)["$defs"]["Period"]["x-clientel-loader-rules"]
    ['(across fields)']
    """
    defs: dict[str, Any] = {}
    data = _type_schema(cls, defs)
    name = document_type(cls) if isinstance(cls, type) else _alias_name(cls)
    return {
        "$schema": _DRAFT,
        "title": f"clientel document: {name}",
        "type": "object",
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "type": _tag_schema(cls),
            "data": data,
        },
        "required": ["schema_version", "data"],
        "additionalProperties": False,
        "$defs": defs,
    }
