"""The nine-box as a general manager reads it: grid on any scale, named cells, sizes, names."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from clientel import plots, scoring
from clientel.errors import CurrencyMismatchError, InvalidInputError
from clientel.models import Money, Segment

NAMES = ["Banking", "Retail", "Insurance", "Public sector", "Health"]
ATTRACTIVENESS = [4.2, 2.1, 3.0, 3.0, 3.0]
STRENGTH = [3.9, 1.8, 4.4, 3.0, 3.0]
SIZES = [1.5e9, 0.3e9, 0.9e9, 1.1e9, 0.6e9]


@pytest.mark.parametrize(
    ("scale", "cuts", "expected"),
    [
        # the guide's 1-5 ratings with the default cuts: thirds of 1..5, computed here
        ((1.0, 5.0), None, [1 + 4 / 3, 1 + 8 / 3]),
        ((1.0, 5.0), (2.0, 4.0), [2.0, 4.0]),
        ((0.0, 1.0), None, [1 / 3, 2 / 3]),
        ((0.0, 100.0), (40.0, 70.0), [40.0, 70.0]),
    ],
)
def test_the_grid_lines_sit_at_the_cuts_inside_the_axes(
    look: Any, scale: tuple[float, float], cuts: Any, expected: list[float]
) -> None:
    lo, hi = scale
    span = hi - lo
    a = [lo + 0.9 * span, lo + 0.1 * span]
    s = [lo + 0.8 * span, lo + 0.2 * span]
    ax = plots.plot_nine_box(["A", "B"], a, s, scale=scale, cuts=cuts)
    for limits in (ax.get_xlim(), ax.get_ylim()):  # the scale and a margin of 4 % each side
        assert limits == pytest.approx((lo - 0.04 * span, hi + 0.04 * span))
    assert list(ax.get_xticks()) == pytest.approx([lo, *expected, hi])
    for vertical in (True, False):
        lines = look.straight(ax, vertical)
        assert lines == pytest.approx(expected)
        assert all(lo < x < hi for x in lines)
    # the bubbles are where the scores are, on the drawn scale
    assert ax.collections[0].get_offsets().tolist() == [[s[0], a[0]], [s[1], a[1]]]


def test_each_cell_is_named_with_the_recommendation_rank_segments_gives(look: Any) -> None:
    ax = plots.plot_nine_box(NAMES, ATTRACTIVENESS, STRENGTH, SIZES, currency="EUR")
    edges = [-np.inf, 1 + 4 / 3, 1 + 8 / 3, np.inf]
    centres = [1 + 2 / 3, 3.0, 5 - 2 / 3]
    words = {"invest / grow", "selective", "harvest / divest"}
    cell_texts = [t for t in ax.texts if t.get_text() in words]
    assert len(cell_texts) == 9
    for text in cell_texts:
        x, y = text.get_position()
        centre_x = next(centres[k] for k in range(3) if edges[k] <= x < edges[k + 1])
        centre_y = next(centres[k] for k in range(3) if edges[k] < y <= edges[k + 1])
        seg = Segment(id="s", name="S", factors={"a": centre_y, "s": centre_x})
        cell = scoring.rank_segments([seg], attractiveness={"a": 1}, strength={"s": 1}).cells[0]
        assert text.get_text() == cell.recommendation.replace("/", " / ")


def test_bubble_areas_are_proportional_to_size_and_the_legend_says_so(look: Any) -> None:
    ax = plots.plot_nine_box(NAMES, ATTRACTIVENESS, STRENGTH, SIZES, currency="EUR")
    areas = ax.collections[0].get_sizes()
    assert areas / areas.max() == pytest.approx(np.array(SIZES) / max(SIZES))
    legend = ax.get_legend()
    assert legend.get_title().get_text() == "market size (EUR)"
    assert look.legend(ax) == ["50 M", "200 M", "1 bn"]
    # a legend bubble of 200 M has the area a 200 M segment would have
    per_unit = areas.max() / max(SIZES)
    handle_areas = [h.get_markersize() ** 2 for h in legend.legend_handles]
    assert handle_areas == pytest.approx([per_unit * v for v in (5e7, 2e8, 1e9)])


def test_sizes_not_known_are_hollow_and_named_in_the_legend(look: Any) -> None:
    ax = plots.plot_nine_box(["A", "B"], [4, 2], [4, 2], [1e6, float("nan")], currency="EUR")
    assert look.legend(ax)[-1] == "not known"
    hollow = ax.collections[1]
    assert hollow.get_offsets().tolist() == [[2.0, 2.0]]
    assert (hollow.get_facecolor()[:, 3] == 0).all()


def test_segments_on_one_spot_get_labels_that_do_not_overprint(look: Any) -> None:
    names = [f"Segment {k}" for k in range(6)]
    ax = plots.plot_nine_box(names, [3.0] * 6, [3.0] * 6, [1e6] * 6)
    renderer = look.draw(ax)
    texts = look.texts(ax.figure)
    assert {t.get_text() for t in texts} >= set(names)
    assert look.overlaps(texts, renderer) == []
    for t in ax.texts:
        assert look.inside(t, ax, renderer), t.get_text()


def test_names_are_shown_and_the_axes_name_the_scale(look: Any) -> None:
    ax = plots.plot_nine_box(NAMES, ATTRACTIVENESS, STRENGTH, SIZES, currency="EUR")
    shown = {t.get_text() for t in ax.texts}
    assert set(NAMES) <= shown
    assert ax.get_xlabel() == "competitive strength (score 1–5)"
    assert ax.get_ylabel() == "industry attractiveness (score 1–5)"
    renderer = look.draw(ax)
    assert look.overlaps(look.texts(ax.figure), renderer) == []


def test_the_portfolio_draws_itself_by_name_with_its_scale_and_currency(
    look: Any, portfolio: scoring.SegmentPortfolio
) -> None:
    ax = portfolio.plot()
    names = [c.name for c in portfolio.cells]
    assert all(names)
    shown = {t.get_text() for t in ax.texts}
    assert set(names) <= shown
    assert not {c.id for c in portfolio.cells} & shown
    assert ax.get_legend().get_title().get_text() == "market size (EUR)"
    assert look.straight(ax, True) == pytest.approx(list(portfolio.cuts))
    points = ax.collections[0].get_offsets().tolist()
    assert points == [[c.strength, c.attractiveness] for c in portfolio.cells]
    renderer = look.draw(ax)
    assert look.overlaps(look.texts(ax.figure), renderer) == []


def test_a_portfolio_in_two_currencies_is_refused() -> None:
    segments = [
        Segment(id="a", name="A", size=Money(1, "EUR"), factors={"x": 2, "y": 3}),
        Segment(id="b", name="B", size=Money(1, "CHF"), factors={"x": 4, "y": 1}),
    ]
    pf = scoring.rank_segments(segments, attractiveness={"x": 1}, strength={"y": 1})
    with pytest.raises(CurrencyMismatchError) as err:
        pf.plot()
    assert err.value.field == "cells.size"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"attractiveness": [0.5, 3]}, "attractiveness['A']"),
        ({"strength": [3, 6]}, "strength['B']"),
        ({"cuts": (4.0, 2.0)}, "cuts"),
        ({"cuts": (1.0, 3.0)}, "cuts"),
        ({"scale": (5.0, 1.0)}, "scale"),
        ({"sizes": [1.0, -1.0]}, "sizes"),
        ({"sizes": [1.0]}, "sizes"),
        ({"names": ["A"]}, "columns"),
    ],
)
def test_bad_input_is_named(kwargs: dict[str, Any], field: str) -> None:
    args: dict[str, Any] = {"names": ["A", "B"], "attractiveness": [2, 3], "strength": [3, 4]}
    args.update(kwargs)
    with pytest.raises(InvalidInputError) as err:
        plots.plot_nine_box(**args)
    assert err.value.field == field
