"""JSON Schema (draft 2020-12) of the documents written by :func:`clientel.models.dumps`."""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from clientel.errors import InvalidInputError
from clientel.models._money import Money
from clientel.models._serialize import SCHEMA_VERSION, document_type

__all__ = ["json_schema"]

_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        return {}
    if tp is type(None):
        return {"type": "null"}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_type_schema(a, defs) for a in args]}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is str:
        return {"type": "string"}
    if tp is Decimal:
        return {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}
    if tp is dt.date:
        return {"type": "string", "format": "date"}
    if tp is Money:
        defs.setdefault(
            "Money",
            {
                "type": "object",
                "properties": {
                    "amount": {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"},
                    "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                },
                "required": ["amount", "currency"],
                "additionalProperties": False,
            },
        )
        return {"$ref": "#/$defs/Money"}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [member.value for member in tp]}
    if origin in (tuple, list) or origin is typing.Sequence:
        item = args[0] if args else Any
        return {"type": "array", "items": _type_schema(item, defs)}
    if origin in (dict, Mapping) or origin is typing.Mapping:
        value = args[1] if len(args) == 2 else Any
        return {"type": "object", "additionalProperties": _type_schema(value, defs)}
    if isinstance(tp, type) and attrs.has(tp):
        _class_schema(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    msg = f"no JSON Schema mapping for {tp!r}"
    raise InvalidInputError(msg, field="type")


def _class_schema(cls: type, defs: dict[str, Any]) -> None:
    name = cls.__name__
    if name in defs:
        return
    defs[name] = {}  # placeholder against recursion
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        props[field.name] = _type_schema(hints[field.name], defs)
        if field.default is attrs.NOTHING:
            required.append(field.name)
    doc = (cls.__doc__ or "").strip().splitlines()
    defs[name] = {
        "type": "object",
        "description": doc[0] if doc else name,
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }


def _alias_name(alias: Any) -> str:
    args = ", ".join(
        document_type(a) if isinstance(a, type) else str(a) for a in typing.get_args(alias)
    )
    return f"{typing.get_origin(alias).__name__}[{args}]"


def json_schema(cls: type | Any) -> dict[str, Any]:
    """JSON Schema of a document holding ``cls`` (an entity type or ``list[Entity]``).

    Examples
    --------
    >>> from clientel.models import Segment
    >>> schema = json_schema(Segment)
    >>> schema["properties"]["schema_version"]
    {'const': 1}
    >>> schema["$defs"]["Segment"]["required"]
    ['id', 'name']
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
            "type": {"type": "string"},
            "data": data,
        },
        "required": ["schema_version", "data"],
        "additionalProperties": False,
        "$defs": defs,
    }
