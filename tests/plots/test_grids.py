"""Rank-acceptability heat map and influencer grid: names on the axes, quadrants named."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from clientel import plots, scoring
from clientel.errors import InvalidInputError
from clientel.models import Influencer, InfluencerKind

# ---------------------------------------------------------------- rank acceptability

MATRIX = [[0.70, 0.25, 0.05], [0.25, 0.60, 0.15], [0.05, 0.15, 0.80]]
NAMES = ["Nordbank", "Vista Retail", "Helvetia Health"]


def test_the_heat_map_names_rows_axes_and_colour_bar(look: Any) -> None:
    ax = plots.plot_rank_acceptability(NAMES, MATRIX, item_label="client")
    assert [t.get_text() for t in ax.get_yticklabels()] == NAMES
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("rank", "client")
    bar = next(a for a in ax.figure.axes if a is not ax)
    assert bar.get_ylabel() == "probability of the rank"
    # every cell carries its percentage, at its own row and rank
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text()
             for t in ax.texts}  # fmt: skip
    assert cells == {(i, r): f"{p:.0%}" for (i, r), p in np.ndenumerate(MATRIX)}
    renderer = look.draw(ax)
    assert look.overlaps(look.texts(ax.figure), renderer) == []


def test_cumulative_acceptability_says_rank_or_better(look: Any) -> None:
    cumulative = np.cumsum(MATRIX, axis=1)
    ax = plots.plot_rank_acceptability(NAMES, cumulative, cumulative=True, max_rank=2)
    assert ax.get_xlabel() == "rank or better"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2"]
    bar = next(a for a in ax.figure.axes if a is not ax)
    assert bar.get_ylabel() == "P(rank ≤ k)"


def test_a_large_map_leaves_the_cells_unwritten(look: Any) -> None:
    m = 30
    ax = plots.plot_rank_acceptability([f"c{k}" for k in range(m)], np.eye(m))
    assert len(ax.texts) == 0
    renderer = look.draw(ax)
    assert look.overlaps(look.texts(ax.figure), renderer) == []


@pytest.mark.parametrize(
    ("matrix", "kwargs", "field"),
    [
        ([[0.5, 0.5]], {}, "acceptability"),
        ([[0.5, 0.5], [0.5, 1.5], [0, 1]], {}, "acceptability"),
        ([[0.5, 0.5], [0.5, np.nan], [0, 1]], {}, "acceptability"),
        (MATRIX, {"max_rank": 0}, "max_rank"),
    ],
)
def test_heat_map_bad_input_is_named(matrix: Any, kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as err:
        plots.plot_rank_acceptability(NAMES, matrix, **kwargs)
    assert err.value.field == field


def test_the_heat_map_takes_the_result_itself_with_names_for_its_rows(look: Any) -> None:
    X = [[9.0, 2.0], [6.0, 6.0], [2.0, 9.0], [1.0, 1.0]]
    result = scoring.kernels.acceptability(X, [0.5, 0.5], samples=2_000, seed=3)
    ax = plots.plot_rank_acceptability(result, labels={"1": "Nordbank", "3": "Vista"}, top=3)
    # rows of a result without ids are numbered from 1; named where labels say so
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Nordbank", "2", "Vista"]
    image = ax.images[0].get_array()
    assert np.allclose(image, result.acceptability[:3])  # the result's own cells, top 3 rows
    renderer = look.draw(ax)
    assert look.overlaps(look.texts(ax.figure), renderer) == []


def test_a_rankings_acceptability_is_drawn_best_first_under_client_names(look: Any) -> None:
    rows = {f"c{k}": {"value": float(10 - k), "ease": float(k % 3)} for k in range(6)}
    crit = [scoring.Criterion(name="value", weight=3), scoring.Criterion(name="ease", weight=1)]
    ranking = scoring.score_alternatives(rows, crit)
    result = ranking.acceptability(samples=500, seed=2, ranks=4)
    names = {i: f"Client {i[1:]}" for i in rows}
    ax = plots.plot_rank_acceptability(result, labels=names, top=3, item_label="client")
    best = list(ranking.ids[:3])  # the result's rows follow the ranking: best first
    assert list(result.ids[:3]) == best
    assert [t.get_text() for t in ax.get_yticklabels()] == [names[i] for i in best]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3", "4"]
    assert ax.get_ylabel() == "client"
    renderer = look.draw(ax)
    assert look.overlaps(look.texts(ax.figure), renderer) == []


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: plots.plot_rank_acceptability(NAMES, MATRIX, labels={"a": "b"}), "labels"),
        (lambda: plots.plot_rank_acceptability(NAMES, MATRIX, top=0), "top"),
    ],
)
def test_heat_map_bad_labels_or_top_are_named(call: Any, field: str) -> None:
    with pytest.raises(InvalidInputError) as err:
        call()
    assert err.value.field == field


# ---------------------------------------------------------------- influencer grid


def test_the_grid_names_its_quadrants_and_its_axes(look: Any) -> None:
    ax = plots.plot_influencer_grid(["Regulator", "Trade paper"], [5, 2], [1, 5])
    shown = {t.get_text() for t in ax.texts}
    assert {"key players", "keep satisfied", "keep informed", "minimal effort"} <= shown
    assert look.straight(ax, True) == [3.0]
    assert look.straight(ax, False) == [3.0]
    assert ax.get_xlabel() == "interest in what we do"
    assert ax.get_ylabel() == "power over our clients' choices"
    corner = {t.get_text(): t.get_position() for t in ax.texts}
    # keep satisfied: high power (top), low interest (left)
    assert corner["keep satisfied"][1] > 0.5 > corner["keep satisfied"][0]


def test_equal_ratings_are_all_visible_and_labelled_apart(look: Any) -> None:
    names = ["Bankers' Association", "CIO forum", "Regulator", "Trade paper", "Analyst"]
    ax = plots.plot_influencer_grid(names, [5, 5, 5, 5, 2], [4, 4, 4, 4, 5])
    points = ax.collections[0].get_offsets()
    assert len({tuple(p) for p in points.tolist()}) == 5  # no marker hides another
    assert np.abs(points[:4] - [4, 5]).max() < 0.15  # each stays near its rating
    renderer = look.draw(ax)
    texts = look.texts(ax.figure)
    assert set(names) <= {t.get_text() for t in texts}
    assert look.overlaps(texts, renderer) == []


def test_the_ranking_draws_names_in_engagement_order_not_ids(look: Any) -> None:
    influencers = [
        Influencer(id=f"inf-{k}", name=f"Body {k}", kind=InfluencerKind.MEDIA,
                   influence=1 + k % 3, interest=1 + k % 2, accessibility=1 + k % 4)
        for k in range(8)
    ]  # fmt: skip
    priorities = scoring.rank_influencers(influencers)
    ax = priorities.plot()
    shown = {t.get_text() for t in ax.texts}
    assert {f"{i.rank}. {i.name}" for i in priorities.items} <= shown
    assert all(i.name == f"Body {i.id[4:]}" for i in priorities.items)
    assert not {i.id for i in influencers} & {s.split(". ")[-1] for s in shown}
    assert look.straight(ax, True) == [priorities.interest_cut]
    assert look.straight(ax, False) == [priorities.power_cut]
    renderer = look.draw(ax)
    assert look.overlaps(look.texts(ax.figure), renderer) == []


def test_ranks_must_match_the_names() -> None:
    with pytest.raises(InvalidInputError) as err:
        plots.plot_influencer_grid(["a", "b"], [1, 2], [2, 1], ranks=[1])
    assert err.value.field == "ranks"
