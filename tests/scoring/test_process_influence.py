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
from clientel.scoring import rank_channels, rank_influencers


def inf(i, infl, acc, segs=("banking",)):
    return Influencer(
        id=i, name=i, kind=InfluencerKind.OTHER, influence=infl, accessibility=acc, segment_ids=segs
    )


def test_influencer_worked_example_with_median_cuts():
    # Influence (5, 4, 2, 1) median 3; access (2, 5, 4, 1) median 3.
    # Scores (2 infl + acc)/3: a 4, b 13/3, c 8/3, d 1.
    items = [
        inf("a", 5, 2),
        inf("b", 4, 5),
        inf("c", 2, 4),
        inf("d", 1, 1),
        inf("x", 9, 9, ("retail",)),
    ]
    p = rank_influencers(items, segment_id="banking")
    assert [i.id for i in p.items] == ["b", "a", "c", "d"]
    assert p.items[0].score == pytest.approx(13 / 3)
    assert p.grid() == {
        "engage closely": ("b",),
        "keep satisfied": ("a",),
        "keep informed": ("c",),
        "monitor": ("d",),
    }
    assert p.explain("a").summary.endswith("keep satisfied")
    assert to_data(p)["items"][0]["cell"] == "engage closely"
    with pytest.raises(InvalidInputError, match="influencers"):
        rank_influencers(items, segment_id="energy")


@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=7), st.randoms()
)
def test_influencer_order_free_and_monotone(rows, rnd):
    items = [inf(f"i{k}", a, b) for k, (a, b) in enumerate(rows)]
    p = rank_influencers(items, influence_cut=3, access_cut=3)
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert rank_influencers(shuffled, influence_cut=3, access_cut=3) == p
    scores = [i.score for i in p.items]
    assert scores == sorted(scores, reverse=True)
    boosted = [inf("i0", rows[0][0] + 1, rows[0][1]), *items[1:]]
    q = rank_influencers(boosted, influence_cut=3, access_cut=3)
    rank = {i.id: i.rank for i in p.items}
    assert {i.id: i.rank for i in q.items}["i0"] <= rank["i0"]


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
