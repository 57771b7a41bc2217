"""Value propositions per target segment and the check against step 2.1.4 (issue 29, 2.1.5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel import models as m
from clientel.errors import InvalidInputError, MissingDataError, SerializationError
from clientel.models import PropositionProblem as P
from clientel.testing import value_propositions

DATA = Path(__file__).parent / "data" / "v3"
POOL = ("s-a", "s-b", "s-c", "s-d")


def unit(
    targets: tuple[str, ...] = ("bank", "health"), offerings: tuple[str, ...] = ("cloud", "erp")
) -> m.BusinessUnit:
    return m.BusinessUnit(
        id="bu", name="IT Services", group_id="grp", code="ITS", currency="EUR",
        offerings=offerings, target_segment_ids=targets,
    )  # fmt: skip


def vp(key: str, segment: str, *offerings: str) -> m.ValueProposition:
    return m.ValueProposition(id=key, segment_id=segment, offerings=offerings)


def test_every_target_covered_gives_no_gaps() -> None:
    check = m.check_value_propositions(
        unit(), [vp("vp-1", "bank", "cloud"), vp("vp-2", "health", "erp", "cloud")]
    )
    assert check.ok
    assert check.covered == ("bank", "health")
    assert check.untargeted == ()
    assert check.summary() == "all 2 target segments have a value proposition"


def test_each_kind_of_gap_is_named() -> None:
    props = [
        vp("vp-1", "bank"),  # no offering
        vp("vp-2", "health", "cloud"),
        vp("vp-3", "health", "erp"),  # a second one for health
        vp("vp-4", "retail", "cloud"),  # not a target
        vp("vp-5", "public", "iot"),  # offers what the unit does not sell
    ]
    check = m.value_proposition_gaps(unit(("bank", "health", "public", "energy")), props)
    found = [(g.segment_id, g.problem, g.proposition_id) for g in check.gaps]
    assert found == [
        ("bank", P.NO_OFFERING, "vp-1"),
        ("health", P.DUPLICATE, "vp-3"),
        ("public", P.UNKNOWN_OFFERING, "vp-5"),
        ("energy", P.MISSING, None),
    ]
    assert check.covered == ()
    assert check.untargeted == ("vp-4",)
    assert "vp-5 offers iot, which the unit does not sell" in check.summary()


def test_the_strict_check_raises_naming_the_first_segment_with_a_gap() -> None:
    with pytest.raises(MissingDataError) as info:
        m.check_value_propositions(unit(), [vp("vp-2", "health", "erp")])
    assert info.value.field == "value_propositions[bank]"
    assert "1 target segment without a sound value proposition" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_a_unit_that_sells_nothing_listed_accepts_any_offering() -> None:
    check = m.value_proposition_gaps(unit(("bank",), ()), [vp("vp-1", "bank", "anything")])
    assert check.ok


def test_a_unit_without_targets_has_no_gaps() -> None:
    check = m.value_proposition_gaps(unit(()), [vp("vp-1", "bank", "cloud")])
    assert check.ok
    assert check.untargeted == ("vp-1",)
    assert check.to_records() == [
        {"segment_id": None, "status": "no target segments", "detail": ""}
    ]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"id": "a b"}, "ValueProposition.id"),
        ({"segment_id": ""}, "ValueProposition.segment_id"),
        ({"offerings": ["cloud", "cloud"]}, "ValueProposition.offerings"),
        ({"offerings": ["cloud", " "]}, "ValueProposition.offerings[1]"),
        ({"benefits": [""]}, "ValueProposition.benefits[0]"),
        ({"proof_points": ["ISO", "ISO"]}, "ValueProposition.proof_points"),
        ({"delivery_channels": ["\n"]}, "ValueProposition.delivery_channels[0]"),
        ({"statement": None}, "ValueProposition.statement"),
        ({"price": 1200}, "ValueProposition.price"),
    ],
)
def test_bad_propositions_are_refused_naming_the_field(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        m.ValueProposition(**({"id": "vp", "segment_id": "s"} | kwargs))
    assert info.value.field == field


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("not a unit", []), "unit"),
        ((None, []), "unit"),
        (("unit", "vp-1"), "propositions"),
        (("unit", 42), "propositions"),
        (("unit", [{"id": "vp-1"}]), "propositions[0]"),
        (
            ("unit", [vp("vp-1", "bank", "cloud"), vp("vp-1", "health", "erp")]),
            "propositions[1].id",
        ),
    ],
)
def test_bad_arguments_to_the_check_are_named(args: tuple[Any, Any], field: str) -> None:
    u = unit() if args[0] == "unit" else args[0]
    for check in (m.value_proposition_gaps, m.check_value_propositions):
        with pytest.raises(InvalidInputError) as info:
            check(u, args[1])
        assert info.value.field == field


def _expected(u: m.BusinessUnit, props: list[m.ValueProposition]) -> set[tuple[str, P, str | None]]:
    """The gaps by the rules of step 2.1.5, written out independently of the implementation."""
    out: set[tuple[str, P, str | None]] = set()
    for t in u.target_segment_ids:
        mine = [p for p in props if p.segment_id == t]
        if not mine:
            out.add((t, P.MISSING, None))
        if len(mine) > 1:
            out.add((t, P.DUPLICATE, mine[1].id))
        for p in mine:
            if len(p.offerings) == 0:
                out.add((t, P.NO_OFFERING, p.id))
            if u.offerings and set(p.offerings) - set(u.offerings):
                out.add((t, P.UNKNOWN_OFFERING, p.id))
    return out


@given(
    st.builds(
        unit,
        targets=st.lists(st.sampled_from(POOL), max_size=4, unique=True).map(tuple),
        offerings=st.lists(st.sampled_from(["cloud", "erp", "data"]), max_size=3, unique=True).map(
            tuple
        ),
    ),
    st.lists(
        value_propositions(st.sampled_from(POOL), ("cloud", "erp", "data", "iot")),
        max_size=6,
        unique_by=lambda p: p.id,
    ),
)
def test_gaps_follow_the_rules_and_partition_the_targets(
    u: m.BusinessUnit, props: list[m.ValueProposition]
) -> None:
    check = m.value_proposition_gaps(u, props)
    assert {(g.segment_id, g.problem, g.proposition_id) for g in check.gaps} == _expected(u, props)
    with_gaps = {g.segment_id for g in check.gaps}
    assert set(check.covered) | with_gaps == set(u.target_segment_ids)
    assert not set(check.covered) & with_gaps
    assert check.untargeted == tuple(
        sorted(p.id for p in props if p.segment_id not in u.target_segment_ids)
    )
    order = [u.target_segment_ids.index(g.segment_id) for g in check.gaps]
    assert order == sorted(order)  # gaps in the unit's order of its targets
    if check.ok:
        assert m.check_value_propositions(u, props) == check
    else:
        with pytest.raises(MissingDataError) as info:
            m.check_value_propositions(u, props)
        assert info.value.field == f"value_propositions[{check.gaps[0].segment_id}]"


@given(value_propositions())
def test_propositions_round_trip_as_documents(p: m.ValueProposition) -> None:
    assert m.loads(m.dumps(p), m.ValueProposition) == p
    assert m.loads(m.dumps([p]), list[m.ValueProposition]) == [p]


def test_the_stored_document_keeps_loading() -> None:
    text = (DATA / "value_proposition.json").read_text(encoding="utf-8")
    loaded = m.loads(text, m.ValueProposition)
    assert loaded.segment_id == "fin-bank"
    assert loaded.offerings == ("cloud", "managed_services", "security")
    assert m.to_document(loaded) == json.loads(text) | {"schema_version": m.SCHEMA_VERSION}


def test_a_repeated_offering_in_a_document_is_refused_with_its_path() -> None:
    doc = json.loads((DATA / "value_proposition.json").read_text(encoding="utf-8"))
    doc["data"]["offerings"] = ["cloud", "cloud"]
    with pytest.raises(SerializationError, match=r"ValueProposition\.offerings: duplicate id"):
        m.loads(json.dumps(doc), m.ValueProposition)


def test_displays(check_display: Any) -> None:
    p = vp("vp-1", "bank", "cloud", "erp", "data", "security")
    assert repr(p) == "<ValueProposition vp-1 for bank: cloud, erp, data, … 4 in all>"
    assert repr(vp("vp-2", "bank")) == "<ValueProposition vp-2 for bank: no offering yet>"
    check = m.value_proposition_gaps(unit(), [vp("vp-1", "bank")])
    for shown in (p, check, check.gaps[0]):
        check_display(shown)
    assert [r["status"] for r in check.to_records()] == ["no_offering", "missing"]
    full = m.ValueProposition(id="vp", segment_id="s", price="fixed", marketing=" ")
    assert full.levers == {"price": "fixed"}
