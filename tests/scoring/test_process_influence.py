"""Influencer priorities and channel choice (steps 2.2.3-2.2.4)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.models import (
    Channel,
    ChannelKind,
    DecisionLevel,
    Influencer,
    InfluencerKind,
    Money,
    to_data,
)
from clientel.scoring import Criterion, rank_channels, rank_influencers


def inf(i, power, interest, acc=3, segs=("banking",), **criteria):
    return Influencer(id=i, name=i, kind=InfluencerKind.OTHER, influence=power, interest=interest,
                      accessibility=acc, segment_ids=segs, criteria=criteria)  # fmt: skip


def test_mendelow_grid_worked_example_with_median_cuts():
    """Mendelow (1991), the power/interest matrix as Johnson and Scholes label it: high power
    and interest -> key players; high power, low interest -> keep satisfied; low power, high
    interest -> keep informed; low and low -> minimal effort. Power (5, 4, 2, 1, 4) has median
    4, interest (5, 1, 4, 1, 5) median 4, worked by hand below."""
    items = [
        inf("a", 5, 5, acc=1),
        inf("b", 4, 1, acc=5),
        inf("c", 2, 4, acc=4),
        inf("d", 1, 1, acc=2),
        inf("e", 4, 5, acc=4),
        inf("x", 9, 9, segs=("retail",)),
    ]
    p = rank_influencers(items, segment_id="banking")
    assert (p.power_cut, p.interest_cut) == (4, 4)
    assert p.grid() == {
        "key players": ("e", "a"),  # within the quadrant, easier access first (4 before 1)
        "keep satisfied": ("b",),
        "keep informed": ("c",),
        "minimal effort": ("d",),
    }
    assert [i.id for i in p.items] == ["e", "a", "b", "c", "d"]
    assert p.explain("b").summary.endswith("keep satisfied")
    assert to_data(p)["items"][0]["quadrant"] == "key players"
    with pytest.raises(InvalidInputError, match="influencers"):
        rank_influencers(items, segment_id="energy")


def test_target_segments_filter_or_weight_the_influencers():
    items = [
        inf("bank-assoc", 5, 5, segs=("banking",)),
        inf("retail-council", 5, 5, segs=("retail",)),
        inf("cio-magazine", 4, 4, segs=()),  # no segment recorded: influences every segment
        inf("health-it", 4, 5, segs=("health", "retail")),
    ]
    p = rank_influencers(items, target_segments=["banking", "health"])
    assert p.excluded == ("retail-council",)
    assert {i.id for i in p.items} == {"bank-assoc", "cio-magazine", "health-it"}
    w = rank_influencers(items, target_segments={"banking": 2.0, "health": 1.0, "retail": 0.0})
    assert w.excluded == ("retail-council",)
    # relevance: the highest weight among its segments over the highest weight (2)
    assert w.item("health-it").relevance == 0.5
    assert w.item("health-it").power == 4 * 0.5
    assert w.item("cio-magazine").relevance == 1
    assert "relevance 0.5" in str(w.explain("health-it"))
    bad_weights = [
        ({"banking": -1.0}, "target_segments['banking']"),
        ({"banking": 0.0}, "target_segments"),
        ("banking", "target_segments"),
    ]
    for bad, field in bad_weights:
        with pytest.raises(InvalidInputError) as exc:
            rank_influencers(items, target_segments=bad)  # type: ignore[arg-type]
        assert exc.value.field == field


def test_the_stored_influence_criteria_give_the_power():
    crit = [
        Criterion(name="members", weight=2, bounds=(0, 100)),
        Criterion(name="media_reach", weight=1, bounds=(0, 10)),
    ]
    items = [
        inf("assoc", 1, 5, members=100, media_reach=4),
        inf("paper", 5, 5, members=0, media_reach=10),
    ]
    p = rank_influencers(items, power_criteria=crit)
    # fixed-scale score: (2 x 100/100 + 1 x 4/10) / 3 = 0.8 and (0 + 1 x 1) / 3 = 1/3
    assert p.item("assoc").power == pytest.approx(0.8)
    assert p.item("paper").power == pytest.approx(1 / 3)
    assert p.power_source == "influence criteria"
    with pytest.raises(UnknownReferenceError) as exc:
        rank_influencers([inf("assoc", 1, 5, members=100)], power_criteria=crit)
    assert exc.value.field == "influencers['assoc'].criteria.media_reach"


def test_interest_is_needed():
    no_interest = Influencer(id="reg", name="Regulator", kind=InfluencerKind.GOVERNMENT_BODY,
                             influence=5, accessibility=1)  # fmt: skip
    with pytest.raises(MissingDataError) as exc:
        rank_influencers([no_interest])
    assert exc.value.field == "influencers['reg'].interest"


@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 5)), min_size=1,
             max_size=7),
    st.randoms(),
)  # fmt: skip
def test_mendelow_order_free_and_monotone(rows, rnd):
    items = [inf(f"i{k}", a, b, acc=c) for k, (a, b, c) in enumerate(rows)]
    p = rank_influencers(items, power_cut=3, interest_cut=3)
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert rank_influencers(shuffled, power_cut=3, interest_cut=3) == p
    quadrants = ["key players", "keep satisfied", "keep informed", "minimal effort"]
    keys = [(quadrants.index(i.quadrant), -i.accessibility) for i in p.items]
    assert keys == sorted(keys)  # by quadrant, then easier access first
    for i in p.items:
        highs = [(True, True), (True, False), (False, True), (False, False)]
        assert i.quadrant == quadrants[highs.index((i.power >= 3, i.interest >= 3))]
    a, b, c = rows[0]
    easier = rank_influencers([inf("i0", a, b, acc=c + 1), *items[1:]], power_cut=3,
                              interest_cut=3)  # fmt: skip
    assert easier.item("i0").rank <= p.item("i0").rank


def chan(i, cost, reach, **suit):
    return Channel(
        id=i, name=i, kind=ChannelKind.OTHER, cost=Money(cost, "EUR"), reach=reach, suitability=suit
    )


def test_channel_worked_example_by_hand():
    ch = [
        chan("dinner", 5000, 50, board=1.0, operational=0.1),  # 0.01 per EUR
        chan("webinar", 2000, 200, board=0.1, operational=0.8),  # 0.1 per EUR
        chan("article", 1000, 100, board=0.5, executive=0.9),  # 0.1 per EUR
    ]
    c = rank_channels(
        ch,
        levels=[DecisionLevel.BOARD, DecisionLevel.EXECUTIVE, DecisionLevel.OPERATIONAL],
        targets={"nordbank": [DecisionLevel.BOARD, DecisionLevel.OPERATIONAL]},
    )
    # Board: dinner 1.0 * sqrt(0.1) = 0.316, article 0.5, webinar 0.1 -> article.
    board = [s for s in c.scores if s.level == "board"]
    assert [s.channel for s in board] == ["article", "dinner", "webinar"]
    assert board[1].score == pytest.approx(math.sqrt(0.1))
    assert c.best(DecisionLevel.EXECUTIVE) == "article"
    assert c.best(DecisionLevel.OPERATIONAL) == "webinar"
    assert [(t.level, t.channel) for t in c.per_target] == [
        ("board", "article"),
        ("operational", "webinar"),
    ]
    # Suitability alone: dinner wins the board.
    assert rank_channels(ch, efficiency_weight=0).best(DecisionLevel.BOARD) == "dinner"
    assert to_data(c)["per_target"][0]["target"] == "nordbank"
    assert c.explain(DecisionLevel.BOARD, 1).notes[0].startswith("1. article")
    assert c.explain(DecisionLevel.BOARD, 1)[0].criterion == "article"


def test_channel_bad_input():
    no_cost = Channel(id="pr", name="PR", kind=ChannelKind.OTHER, reach=5)
    with pytest.raises(MissingDataError, match="'pr'"):
        rank_channels([no_cost])
    assert rank_channels([no_cost], efficiency_weight=0).best(DecisionLevel.BOARD) == "pr"
    with pytest.raises(InvalidInputError, match="cost"):
        rank_channels([chan("free", 0, 10, board=1)])
    with pytest.raises(UnknownReferenceError, match="nordbank"):
        rank_channels(
            [chan("a", 1, 1)],
            levels=[DecisionLevel.BOARD],
            targets={"nordbank": [DecisionLevel.EXECUTIVE]},
        )
