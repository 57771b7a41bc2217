"""The client map: tiers in the legend, quadrants named, names on the first clients, no clutter."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from clientel import plots, scoring
from clientel.errors import InvalidInputError, MissingDataError


def test_tiers_colour_the_dots_and_fill_the_legend(look: Any) -> None:
    ax = plots.plot_client_map([0.9, 0.5, 0.2, 0.6], [0.7, 0.4, 0.9, 0.5], ["A", "B", "C", "B"])
    assert look.legend(ax) == ["tier A", "tier B", "tier C"]
    colours = [tuple(c.get_facecolor()[0]) for c in ax.collections]
    assert len(set(colours)) == 3
    assert [len(c.get_offsets()) for c in ax.collections] == [1, 2, 1]
    assert ax.get_xlabel() == "feasibility of serving (score)"
    assert ax.get_ylabel() == "attractiveness to us (score)"


def test_the_cut_draws_the_quadrants_and_names_them(look: Any) -> None:
    ax = plots.plot_client_map([0.9, 0.2], [0.7, 0.9], cut=0.5)
    assert look.straight(ax, True) == [0.5]
    assert look.straight(ax, False) == [0.5]
    names = {t.get_text(): t for t in ax.texts}
    assert {"pursue", "build capability", "opportunistic", "deprioritise"} <= set(names)
    renderer = look.draw(ax)
    frame = ax.get_window_extent(renderer)
    middle = ((frame.x0 + frame.x1) / 2, (frame.y0 + frame.y1) / 2)
    # each name sits in its own quadrant: pursue top right, deprioritise bottom left
    where = {
        "pursue": (True, True),
        "build capability": (False, True),
        "opportunistic": (True, False),
        "deprioritise": (False, False),
    }
    for name, (right, top) in where.items():
        box = names[name].get_window_extent(renderer)
        assert (box.x0 > middle[0]) == right, name
        assert (box.y0 > middle[1]) == top, name


def test_many_clients_with_their_names_do_not_overprint(look: Any) -> None:
    rng = np.random.default_rng(5)
    a = rng.normal(0.5, 0.05, 80)  # a dense cloud
    f = rng.normal(0.5, 0.05, 80)
    labels = [f"Client number {k}" if k < 15 else None for k in range(80)]
    ax = plots.plot_client_map(a, f, ["A"] * 40 + ["B"] * 40, labels=labels, cut=0.5)
    renderer = look.draw(ax)
    texts = look.texts(ax.figure)
    assert sum(t.get_text().startswith("Client number") for t in texts) == 15
    assert look.overlaps(texts, renderer) == []
    for t in ax.texts:
        assert look.inside(t, ax, renderer), t.get_text()


def test_the_ranking_draws_itself_with_names_of_the_first_clients(
    look: Any, clients: scoring.ClientRanking
) -> None:
    ax = clients.plot()
    top = [it.name for it in clients.items[:10]]
    shown = {t.get_text() for t in ax.texts}
    assert set(top) <= shown
    assert not {it.id for it in clients.items} & shown
    assert clients.items[10].name not in shown
    assert look.straight(ax, True) == [clients.cut]
    points = ax.collections[0].get_offsets()
    assert len(points) == len(clients.items)
    renderer = look.draw(ax)
    assert look.overlaps(look.texts(ax.figure), renderer) == []


def test_the_target_list_draws_its_tiers(look: Any, clients: scoring.ClientRanking) -> None:
    targets = scoring.select_targets(
        clients,
        per_segment=dict.fromkeys({it.segment_id for it in clients.items}, 8),
        tiers=[
            scoring.ServiceTier(name="A", principle="quarterly review", min_score=0.6),
            scoring.ServiceTier(name="B", principle="yearly review"),
        ],
    )
    ax = targets.plot(labels=5)
    assert look.legend(ax) == ["tier A", "tier B"]
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(targets.targets)
    assert {t.name for t in targets.targets[:5]} <= {t.get_text() for t in ax.texts}
    renderer = look.draw(ax)
    assert look.overlaps(look.texts(ax.figure), renderer) == []


def test_a_target_list_without_axis_scores_says_so() -> None:
    old = scoring.TargetList(
        targets=(
            scoring.TargetClient(
                id="c1", segment_id="s", rank=1, overall=0.5, tier="A", principle=""
            ),
        ),
        screened_out=(),
    )
    with pytest.raises(MissingDataError) as err:
        old.plot()
    assert err.value.field == "targets['c1'].attractiveness"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"feasibility": [0.1]}, "columns"),
        ({"tiers": ["A"]}, "tiers"),
        ({"labels": ["x"]}, "labels"),
        ({"attractiveness": [0.1, float("nan")]}, "attractiveness[1]"),
        ({"attractiveness": [], "feasibility": []}, "attractiveness"),
    ],
)
def test_bad_input_is_named(kwargs: dict[str, Any], field: str) -> None:
    args: dict[str, Any] = {"attractiveness": [0.1, 0.2], "feasibility": [0.3, 0.4]}
    args.update(kwargs)
    with pytest.raises(InvalidInputError) as err:
        plots.plot_client_map(**args)
    assert err.value.field == field


def test_a_negative_label_count_is_refused(clients: scoring.ClientRanking) -> None:
    with pytest.raises(InvalidInputError) as err:
        clients.plot(labels=-1)
    assert err.value.field == "labels"
