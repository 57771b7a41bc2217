"""Target segments bind the ranking, the target list and inquiry triage (2.1.4, 2.3.3, 2.3.5)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError, UnknownReferenceError
from clientel.models import BusinessUnit, Client, Inquiry, InquiryDecision, from_data, to_data
from clientel.scoring import (
    Criterion,
    ServiceTier,
    TargetList,
    rank_clients,
    select_targets,
    triage_inquiry,
)

CRIT = [Criterion(name="potential", group="attractiveness")]


def _clients(rows: list[tuple[str, float]]) -> list[Client]:
    return [Client(id=f"c{k:02d}", name=f"C{k}", segment_id=s, attributes={"potential": v})
            for k, (s, v) in enumerate(rows)]  # fmt: skip


ROWS = [("bank", 9), ("ins", 8.5), ("bank", 7), ("retail", 8), ("bank", 1), ("health", 4)]


def test_non_targets_are_excluded_before_scoring_by_default() -> None:
    r = rank_clients(_clients(ROWS), CRIT, target_segments=["bank", "health"])
    assert r.excluded == ("c01", "c03")
    assert {it.id for it in r.items} == {"c00", "c02", "c04", "c05"}
    # min-max over the target segments' clients only: 9 -> 1, 1 -> 0
    assert r.item("c00").overall == 1.0
    assert r.item("c04").overall == 0.0
    tl = select_targets(r, per_segment=5)
    assert tl.ids == ("c00", "c02", "c05", "c04")
    assert tl.reasons["c01"] == "its segment is not a target segment (left out of the ranking)"
    assert "not a target segment" in tl.explain("c03").summary


def test_non_targets_kept_with_a_flag_are_never_selected() -> None:
    r = rank_clients(_clients(ROWS), CRIT, target_segments=["bank", "health"], non_targets="flag")
    assert r.excluded == ()
    assert [it.id for it in r.items][:4] == ["c00", "c01", "c03", "c02"]
    assert not r.item("c01").target_segment
    assert "is not a target" in r.explain("c01").summary
    tl = select_targets(r, per_segment={"bank": 2, "health": 1})
    assert tl.ids == ("c00", "c02", "c05")
    assert tl.reasons == {
        "c01": "segment 'ins' is not a target segment",
        "c03": "segment 'retail' is not a target segment",
        "c04": "below segment 'bank''s 2 candidates",
    }
    with pytest.raises(InvalidInputError) as exc:
        select_targets(r, per_segment={"bank": 2, "retail": 1})
    assert exc.value.field == "per_segment['retail']"


def test_explicit_target_segments_and_a_minimum_score() -> None:
    r = rank_clients(_clients(ROWS), CRIT)  # no constraint in the ranking itself
    tl = select_targets(r, per_segment=3, target_segments=["bank"], min_score=0.5)
    assert tl.ids == ("c00", "c02")
    assert tl.reasons["c04"].startswith("score 0.000 below the minimum 0.500")
    assert tl.target_segments == ("bank",)
    assert tl.min_score == 0.5
    assert from_data(to_data(tl), TargetList) == tl


def test_tiers_sized_by_capacity_in_rank_order() -> None:
    rows = [("bank", v) for v in (10, 9, 8, 7, 6, 5, 4)]
    r = rank_clients(_clients(rows), CRIT)
    tiers = [
        ServiceTier(name="A", principle="quarterly executive review", capacity=2),
        ServiceTier(name="B", principle="half-yearly review", min_score=None, capacity=3),
        ServiceTier(name="C", principle="yearly review"),
    ]
    tl = select_targets(r, per_segment=7, tiers=tiers)
    assert [t.tier for t in tl.targets] == ["A", "A", "B", "B", "B", "C", "C"]
    # scores first, then capacity: a qualifying target of a full tier goes to the next
    scored = [ServiceTier(name="A", principle="", min_score=0.3, capacity=2),
              ServiceTier(name="B", principle="")]  # fmt: skip
    tl = select_targets(r, per_segment=7, tiers=scored)
    assert [t.tier for t in tl.targets] == ["A", "A", "B", "B", "B", "B", "B"]


@given(st.lists(st.integers(0, 1000), min_size=2, max_size=30, unique=True), st.integers(0, 5),
       st.integers(0, 5))  # fmt: skip
def test_capacities_are_never_exceeded(values: list[int], cap_a: int, cap_b: int) -> None:
    r = rank_clients(_clients([("bank", float(v)) for v in values]), CRIT)
    tiers = [
        ServiceTier(name="A", principle="", capacity=cap_a),
        ServiceTier(name="B", principle="", capacity=cap_b),
        ServiceTier(name="C", principle=""),
    ]
    tl = select_targets(r, per_segment=len(values), tiers=tiers)
    names = [t.tier for t in tl.targets]
    assert names.count("A") == min(cap_a, len(values))
    assert names.count("B") == min(cap_b, len(values) - names.count("A"))
    assert names == sorted(names)  # rank order fills A, then B, then C


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"target_segments": []}, InvalidInputError, "target_segments"),
        ({"target_segments": "bank"}, InvalidInputError, "target_segments"),
        ({"target_segments": ["bank"], "non_targets": "drop"}, InvalidInputError, "non_targets"),
        ({"target_segments": ["energy"], "segments": ["bank", "ins", "retail", "health"]},
         UnknownReferenceError, "target_segments['energy']"),
        ({"target_segments": ["energy"]}, InvalidInputError, "clients"),
    ],
)  # fmt: skip
def test_bad_target_segments_are_named(kwargs: dict[str, object], error: type, field: str) -> None:
    with pytest.raises(error) as exc:
        rank_clients(_clients(ROWS), CRIT, **kwargs)  # type: ignore[arg-type]
    assert exc.value.field == field


@pytest.mark.parametrize(
    ("tiers", "field"),
    [
        ([ServiceTier(name="A", principle=""), ServiceTier(name="B", principle="")], "tiers[0]"),
        ([ServiceTier(name="A", principle="", capacity=2)], "tiers[0]"),
        ([ServiceTier(name="A", principle="", capacity=-1), ServiceTier(name="B", principle="")],
         "tiers[0].capacity"),
        ([ServiceTier(name="A", principle="", capacity=2),
          ServiceTier(name="B", principle="", min_score=0.5), ServiceTier(name="C", principle="")],
         "tiers"),
        ([ServiceTier(name="A", principle="", min_score=0.3),
          ServiceTier(name="B", principle="", min_score=0.5), ServiceTier(name="C", principle="")],
         "tiers"),
    ],
)  # fmt: skip
def test_bad_tiers_are_named(tiers: list[ServiceTier], field: str) -> None:
    r = rank_clients(_clients(ROWS), CRIT)
    with pytest.raises(InvalidInputError) as exc:
        select_targets(r, per_segment=2, tiers=tiers)
    assert exc.value.field == field


def _unit(targets: list[str]) -> BusinessUnit:
    return BusinessUnit(id="bu", name="IT Services", group_id="grp", code="ITS", currency="EUR",
                        offerings=["cloud"], target_segment_ids=targets)  # fmt: skip


def _inquiry(client: Client) -> Inquiry:
    return Inquiry(id=f"inq-{client.id}", received_on=dt.date(2027, 3, 1),
                   company_name=client.name, segment_id=client.segment_id, offering="cloud",
                   client_id=client.id)  # fmt: skip


@given(st.lists(st.tuples(st.sampled_from(["bank", "ins", "retail", "health"]),
                          st.integers(0, 1000)), min_size=2, max_size=25, unique_by=lambda r: r[1]),
       st.sets(st.sampled_from(["bank", "ins", "retail", "health"]), min_size=1),
       st.integers(0, 4), st.sampled_from(["exclude", "flag"]))  # fmt: skip
def test_triage_and_the_target_list_agree_on_every_client(
    rows: list[tuple[str, int]], targets: set[str], n: int, policy: str
) -> None:
    clients = _clients([(s, float(v)) for s, v in rows])
    scored = [c for c in clients if policy == "flag" or c.segment_id in targets]
    assume(len(scored) >= 2 and any(c.segment_id in targets for c in clients))
    r = rank_clients(clients, CRIT, target_segments=targets, non_targets=policy)  # type: ignore[arg-type]
    tl = select_targets(r, per_segment=n)
    unit = _unit(sorted(targets))
    for c in clients:
        t = triage_inquiry(_inquiry(c), unit, targets=tl)
        assert (t.decision is InquiryDecision.PURSUE) == (c.id in tl.ids)
        if c.segment_id not in targets:
            assert any("not a target segment" in why for why in t.reasons)


def test_triage_refuses_a_list_of_other_target_segments() -> None:
    tl = select_targets(rank_clients(_clients(ROWS), CRIT, target_segments=["bank"]),
                        per_segment=1)  # fmt: skip
    with pytest.raises(InvalidInputError) as exc:
        triage_inquiry(_inquiry(_clients(ROWS)[0]), _unit(["bank", "ins"]), targets=tl)
    assert exc.value.field == "targets"
