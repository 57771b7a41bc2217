"""Table rows of planning results: fields as plain values, Money as a float and a currency."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from clientel.models import Money

__all__ = ["fields_row"]


def fields_row(obj: Any) -> dict[str, Any]:
    """One row of an attrs result: Money as floats plus one ``currency`` column (when any),
    mappings as dicts (``to_frame`` spreads them into dotted columns), other values as they are."""
    row: dict[str, Any] = {}
    currencies = []
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if isinstance(value, Money):
            currencies.append(value.currency)
            value = value.to_float()
        elif isinstance(value, Mapping):
            value = dict(value)
        row[field.name] = value
    if currencies:
        row["currency"] = currencies[0]
    return row
