"""The rules only the loader checks are the ones docs/reliability.md lists (issue 15)."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import attrs

from clientel import models as m

RULES = "x-clientel-loader-rules"  # the schema's annotation of what only the loader checks

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reliability.md"
NOT_STORED = {m.Money, m.FiscalYear, m.ParsedNumber, m.UntrustedDocument}  # Money: its own
# rule; FiscalYear, ParsedNumber: values; UntrustedDocument: what a read gives, never stored


def _entities() -> set[type]:
    seen: set[type] = set()

    def walk(tp: Any) -> None:
        for arg in typing.get_args(tp):
            walk(arg)
        if isinstance(tp, type) and attrs.has(tp) and tp not in seen:
            seen.add(tp)
            for hint in typing.get_type_hints(tp).values():
                walk(hint)

    for name in m.__all__:
        walk(getattr(m, name))
    return seen - NOT_STORED


def _listed() -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("These rules are **not**")[1].split("A schema-valid document")[0]
    return [" ".join(item.split()) for item in section.split("\n  - ")[1:]]


def test_every_rule_outside_the_schema_is_listed() -> None:
    items = _listed()
    missing = []
    for cls in sorted(_entities(), key=lambda c: c.__name__):
        name = m.document_type(cls)
        for rule in m.json_schema(cls)["$defs"][name].get(RULES, []):
            if rule == "(across fields)":
                listed = any(f"`{name}`" in i for i in items)
            else:
                listed = any(
                    f"`{name}.{rule}`" in i or (f"`{name}`" in i and f"`{rule}`" in i)
                    for i in items
                )
            if not listed:
                missing.append(f"{name}: {rule}")
    assert not missing, f"rules not in the schema and not listed in {PAGE.name}: {missing}"


def test_listed_entities_exist() -> None:
    names = {c.__name__ for c in _entities()}
    for item in _listed():
        first = item.split("`")[1].split(".")[0]
        assert first in names, item


def test_post_init_rules_are_annotated_in_the_schema() -> None:
    for cls in _entities():
        if "__attrs_post_init__" in vars(cls):
            rules = m.json_schema(cls)["$defs"][m.document_type(cls)][RULES]
            assert "(across fields)" in rules
