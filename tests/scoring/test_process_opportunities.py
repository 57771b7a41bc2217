"""Strategic options (2.1.3) and opportunity phases (2.4.5): worked examples, properties."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError, UnknownReferenceError
from clientel.models import Opportunity, OpportunityOrigin, StrategicOption, to_data
from clientel.scoring import Criterion, Direction, rank_opportunities, rank_options


def test_options_worked_example_by_hand():
    # Min-max: upside (8, 6, 1) -> (1, 5/7, 0); investment cost (6, 2, 1) -> (0, .8, 1).
    # Weighted 2:1 -> enter 2/3, deepen 10/21 + 4/15, exit 1/3.
    crit = [
        Criterion(name="upside", weight=2),
        Criterion(name="investment", weight=1, direction=Direction.COST),
    ]
    opts = [
        StrategicOption(id="enter", name="Enter", values={"upside": 8, "investment": 6}),
        StrategicOption(id="deepen", name="Deepen", values={"upside": 6, "investment": 2}),
        StrategicOption(id="exit", name="Exit", values={"upside": 1, "investment": 1}),
    ]
    r = rank_options(opts, crit)
    assert r.ids == ("deepen", "enter", "exit")
    assert r.item("deepen").score == pytest.approx(10 / 21 + 4 / 15)
    assert r.item("enter").score == pytest.approx(2 / 3)
    assert rank_options(opts[::-1], crit) == r
    with pytest.raises(UnknownReferenceError, match="'exit'"):
        rank_options([*opts[:2], StrategicOption(id="exit", name="Exit", values={})], crit)
    with pytest.raises(InvalidInputError, match="duplicate"):
        rank_options([opts[0], opts[0]], crit)


CRIT = [
    Criterion(name="margin", weight=2, group="value"),
    Criterion(name="strategic", weight=1, group="value"),
    Criterion(name="fit", weight=1, group="ease"),
]


def opp(i, margin, strategic, fit):
    return Opportunity(
        id=i,
        client_id="nordbank",
        name=i,
        origin=OpportunityOrigin.OUR_ADVANTAGE,
        attributes={"margin": margin, "strategic": strategic, "fit": fit},
    )


def test_phases_worked_example_and_custom_rule():
    # Value = (2 margin' + strategic')/3, ease = fit', min-max over (0..10) anchors.
    opps = [
        opp("cloud", 10, 10, 10),
        opp("erp", 10, 4, 0),
        opp("desk", 0, 0, 9),
        opp("iot", 1, 0, 1),
        opp("ai", 0, 10, 0),
    ]
    p = rank_opportunities(opps, CRIT)
    got = {i.id: (round(i.value, 4), round(i.ease, 4), i.phase) for i in p.items}
    assert got == {
        "cloud": (1.0, 1.0, 1),
        "erp": (round(2 / 3 + 0.4 / 3, 4), 0.0, 2),
        "desk": (0.0, 0.9, 3),
        "iot": (round(0.2 / 3, 4), 0.1, 4),
        "ai": (round(1 / 3, 4), 0.0, 4),
    }
    assert [i.id for i in p.items][:3] == ["cloud", "erp", "desk"]
    assert "high value high ease -> phase 1" in p.rule()
    phased = p.apply(opps)
    assert [o.phase for o in phased] == [1, 2, 3, 4, 4]
    # A rule that does strategic bets before quick wins.
    rule = {
        "high_value_low_ease": 1,
        "high_value_high_ease": 2,
        "low_value_high_ease": 3,
        "low_value_low_ease": 3,
    }
    q = rank_opportunities(opps, CRIT, phases=rule, cut=0.3)
    assert q.phase_of("erp") == 1
    assert q.phase_of("ai") == 1
    assert to_data(q)["phases"]["high_value_low_ease"] == 1
    with pytest.raises(InvalidInputError, match="phases"):
        rank_opportunities(opps, CRIT, phases={"high_value_high_ease": 1})
    with pytest.raises(InvalidInputError, match="group"):
        rank_opportunities(opps, [Criterion(name="margin")])


vals = st.integers(0, 10)


@given(
    st.lists(st.tuples(vals, vals, vals), min_size=1, max_size=6),
    st.integers(0, 5),
    st.sampled_from(["margin", "strategic", "fit"]),
)
def test_improving_never_lowers_rank_or_phase_order(rows, k, name):
    anchors = [opp("a-hi", 20, 20, 20), opp("a-lo", 0, 0, 0)]
    opps = [*anchors, *(opp(f"o{j}", *r) for j, r in enumerate(rows))]
    p = rank_opportunities(opps, CRIT)
    assert rank_opportunities(opps[::-1], CRIT) == p
    target = opps[2 + k % len(rows)]
    better = attrs.evolve(
        target, attributes={**target.attributes, name: target.attributes[name] + 3}
    )
    q = rank_opportunities([better if o.id == target.id else o for o in opps], CRIT)
    before = next(i for i in p.items if i.id == target.id)
    after = next(i for i in q.items if i.id == target.id)
    assert after.rank <= before.rank
    assert after.value >= before.value
    assert after.ease >= before.ease
    phases = [i.phase for i in p.items]
    assert phases == sorted(phases)
