"""One protocol for every entity ranking, and a columnar Ranking built on access."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from clientel import models as m
from clientel import scoring as sc
from clientel.errors import UnknownReferenceError
from clientel.models import (
    Channel,
    ChannelKind,
    Client,
    DecisionLevel,
    Influencer,
    InfluencerKind,
    Opportunity,
    OpportunityOrigin,
    Segment,
    StrategicOption,
)
from clientel.sample import load_sample


def _every_entity_ranking() -> dict[str, Any]:
    crit = [
        sc.Criterion(name="potential", weight=2, group="attractiveness"),
        sc.Criterion(name="relationship", weight=1, group="feasibility"),
    ]
    clients = [
        Client(
            id=f"c{i}",
            name=f"C{i}",
            segment_id="bank",
            attributes={"potential": float(i % 4), "relationship": float(7 - i)},
        )
        for i in range(6)
    ]
    opps = [
        Opportunity(
            id=f"o{i}",
            client_id="c1",
            name=f"o{i}",
            origin=OpportunityOrigin.CLIENT_IT_NEED,
            attributes={"margin": float(i), "fit": float(5 - i % 3)},
        )
        for i in range(5)
    ]
    value = [sc.Criterion(name="margin", group="value"), sc.Criterion(name="fit", group="ease")]
    options = [
        StrategicOption(
            id=f"s{i}", name=f"S{i}", values={"potential": i, "relationship": 3 - i * i % 3}
        )
        for i in range(3)
    ]
    segments = [
        Segment(id=f"g{i}", name=f"G{i}", factors={"growth": 1 + i, "share": 5 - i})
        for i in range(4)
    ]
    influencers = [
        Influencer(
            id=f"i{i}",
            name=f"I{i}",
            kind=InfluencerKind.MEDIA,
            influence=float(i),
            interest=float(4 - i),
            accessibility=float(4 - i),
        )
        for i in range(4)
    ]
    channels = [
        Channel(id=f"ch{i}", name=f"Ch{i}", kind=ChannelKind.OTHER, suitability={"board": 0.2 * i})
        for i in range(4)
    ]
    return {
        "score_alternatives": sc.score_alternatives(
            {c.id: c.attributes for c in clients}, crit, method="topsis"
        ),
        "rank_clients": sc.rank_clients(clients, crit),
        "rank_opportunities": sc.rank_opportunities(opps, value),
        "rank_options": sc.rank_options(options, crit),
        "rank_segments": sc.rank_segments(
            segments, attractiveness={"growth": 1}, strength={"share": 1}
        ),
        "rank_influencers": sc.rank_influencers(influencers),
        "rank_channels": sc.rank_channels(channels, efficiency_weight=0).for_level(
            DecisionLevel.BOARD
        ),
    }


NAMES = [
    "rank_channels",
    "rank_clients",
    "rank_influencers",
    "rank_opportunities",
    "rank_options",
    "rank_segments",
    "score_alternatives",
]


def test_the_list_covers_every_ranking() -> None:
    assert sorted(_every_entity_ranking()) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_every_entity_ranking_is_ranked(name: str) -> None:
    r = _every_entity_ranking()[name]
    assert isinstance(r, sc.Ranked)
    assert len(r.ids) == len(r.items) == len(r.to_records())
    for k, id_ in enumerate(r.ids):
        assert r.item(id_) == r.items[k]
        e = r.explain(id_)
        assert e.subject == id_
    with pytest.raises(UnknownReferenceError) as exc:
        r.item("no-such-id")
    assert exc.value.field == "id"


def test_items_are_built_on_access_in_rank_order() -> None:
    clients = load_sample().clients
    crit = [
        sc.Criterion(name="revenue_potential", weight=3),
        sc.Criterion(name="relationship", weight=2, missing=sc.MissingPolicy.BOUNDS),
    ]
    r = sc.score_alternatives({c.id: c.attributes for c in clients}, crit, method="topsis")
    items = r.items
    assert isinstance(items, sc.RankedItems)
    assert len(items) == len(r) == 300
    assert [it.id for it in items[:5]] == list(r.ids[:5])
    assert items[-1].id == r.ids[-1]
    assert [it.rank for it in items] == sorted(it.rank for it in items)
    assert r.item(r.ids[42]) == items[42]
    record = r.to_records()[42]
    assert record["id"] == r.ids[42]
    assert record["score"] == items[42].score


def test_to_frame_is_the_records_as_columns() -> None:
    pytest.importorskip("pandas")
    clients = load_sample().clients
    crit = [sc.Criterion(name="revenue_potential", weight=3), sc.Criterion(name="growth", weight=1)]
    r = sc.score_alternatives({c.id: c.attributes for c in clients}, crit, method="vikor")
    frame = r.to_frame()
    records = r.to_records()
    assert list(frame.columns) == list(records[0])
    assert frame["id"].tolist() == list(r.ids)
    np.testing.assert_array_equal(frame["score"].to_numpy(), [x["score"] for x in records])
    np.testing.assert_array_equal(
        frame["contribution.growth"].to_numpy(), [x["contribution.growth"] for x in records]
    )


def test_columnar_ranking_round_trips_and_keeps_a_short_repr() -> None:
    rng = np.random.default_rng(11)
    X = rng.uniform(1, 9, size=(2000, 3))
    X[rng.random(2000) < 0.05, 1] = np.nan
    crit = [
        sc.Criterion(name="a"),
        sc.Criterion(name="b", missing=sc.MissingPolicy.BOUNDS),
        sc.Criterion(name="c", direction=sc.Direction.COST),
    ]
    r = sc.score_alternatives(X, crit, ids=[f"x{i}" for i in range(2000)], method="weighted_sum")
    again = m.loads(m.dumps(r), sc.Ranking)
    assert again == r
    assert again.item("x7") == r.item("x7")
    assert len(repr(r)) < 120
    assert r._repr_html_().count("<tr>") == 21


def test_explain_is_constant_time_after_the_first_call() -> None:
    """explain(id) reads one row and the cached column means: no pass over the items."""
    n = 50_000
    X = np.random.default_rng(2).uniform(1, 9, size=(n, 4))
    crit = [sc.Criterion(name=f"k{j}") for j in range(4)]
    r = sc.score_alternatives(X, crit, ids=[f"r{i}" for i in range(n)], method="weighted_sum")
    first = r.explain("r1")
    assert "means" in r._cache
    assert "index" in r._cache
    assert r.explain("r1") == first
    total = sum(f.effect for f in r.explain("r9"))
    assert total == pytest.approx(r.item("r9").score - float(np.mean(r.scores)), abs=1e-12)
