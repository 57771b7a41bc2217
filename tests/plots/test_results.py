"""Results draw their own charts, matplotlib loads only then, every chart reads in plain words."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest

from clientel import planning, plots, pricing, scoring
from clientel.models import Influencer, InfluencerKind, Money

eur = lambda x: Money(x, "EUR")  # noqa: E731


def _model(v: dict[str, Any]) -> Any:
    m = v["volume"] * (1 - v["cost_ratio"])
    return np.column_stack([np.full_like(m, -0.4), m, m, m])


def _results(portfolio: Any, clients: Any) -> dict[str, Any]:
    influencers = [
        Influencer(
            id=f"i{k}",
            name=f"Body {k}",
            kind=InfluencerKind.MEDIA,
            influence=k,
            interest=6 - k,
            accessibility=k,
        )
        for k in range(1, 5)
    ]
    band = pricing.PriceBand(floor=eur(90), target=eur(100), stretch=eur(110), method="percentile",
                             n=12, segment_path=["all"], segment_used="all")  # fmt: skip
    impact = planning.option_impact(
        "opt", [eur(20), eur(30)], [eur(18), eur(24)], 0.08, first_year=2027
    )
    tornado = planning.tornado(
        _model,
        {"volume": 1.0, "cost_ratio": 0.75},
        {"volume": 0.7, "cost_ratio": 0.9},
        {"volume": 1.2, "cost_ratio": 0.7},
        rate=0.08,
        currency="EUR",
    )
    targets = scoring.select_targets(
        clients, per_segment=dict.fromkeys({it.segment_id for it in clients.items}, 3)
    )
    return {
        "segment portfolio": portfolio,
        "client ranking": clients,
        "target list": targets,
        "influencer priorities": scoring.rank_influencers(influencers),
        "price band": band,
        "financial impact": impact,
        "tornado": tornado,
    }


TITLES = {
    "segment portfolio": "Segment portfolio: where to invest",
    "client ranking": "Clients: attractiveness against feasibility",
    "target list": "Target clients by tier",
    "influencer priorities": "Influencers: whom to engage and how",
    "price band": "Price band: what to quote",
    "financial impact": "Financial impact of opt by year",
    "tornado": "What moves the NPV",
}


@pytest.mark.parametrize("name", sorted(TITLES))
def test_results_draw_their_chart_on_new_or_given_axes(
    name: str, look: Any, portfolio: Any, clients: Any, tmp_path: Path
) -> None:
    result = _results(portfolio, clients)[name]
    drawn = result.plot()
    assert drawn.get_title() == TITLES[name]
    renderer = look.draw(drawn)
    texts = look.texts(drawn.figure)
    assert look.overlaps(texts, renderer) == []
    for text in texts:  # nothing cut off at the figure's edge
        assert look.inside(text, drawn.figure, renderer), text.get_text()
    drawn.figure.savefig(tmp_path / "chart.png")
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    _fig, ax = plt.subplots()
    assert result.plot(ax=ax) is ax


def _every_chart() -> dict[str, Any]:
    return {
        "nine box": lambda ax=None: plots.plot_nine_box(["A", "B"], [4, 2], [3, 2], [5, 1], ax=ax),
        "client map": lambda ax=None: plots.plot_client_map(
            [0.9, 0.5], [0.7, 0.4], ["A", "B"], ax=ax
        ),
        "influencer grid": lambda ax=None: plots.plot_influencer_grid(
            ["BdB", "CIO"], [5, 2], [2, 4], ax=ax
        ),
        "price band": lambda ax=None: plots.plot_price_band(
            [90, 100, 110], [0.8, 0.5, 0.2], [8, 10, 6], floor=95, target=100, stretch=105, ax=ax
        ),
        "financial impact": lambda ax=None: plots.plot_financial_impact(
            [2027, 2028], [10, 12], [7, 8], ax=ax
        ),
        "tornado": lambda ax=None: plots.plot_tornado(
            ["price", "volume"], [80, 90], [120, 105], 100, ax=ax
        ),
        "rank acceptability": lambda ax=None: plots.plot_rank_acceptability(
            ["a", "b"], [[0.7, 0.3], [0.3, 0.7]], ax=ax
        ),
    }


@pytest.mark.parametrize("name", sorted(_every_chart()))
def test_titles_are_plain_words_without_step_numbers(name: str, look: Any) -> None:
    ax = _every_chart()[name]()
    title = ax.get_title()
    assert title
    assert not re.search(r"\d\.\d", title), title  # no "(2.5.4)"
    assert ax.get_xlabel()


@pytest.mark.parametrize("name", sorted(_every_chart()))
def test_every_chart_draws_on_the_axes_it_is_given(name: str, look: Any) -> None:
    fig, ax = plt.subplots()
    assert _every_chart()[name](ax) is ax
    assert ax.figure is fig


def test_charts_use_the_colour_blind_safe_palette(look: Any, portfolio: Any) -> None:
    # Okabe and Ito's colours (Wong, Nature Methods 8, 441, 2011), as published
    okabe_ito = {
        "#000000", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7",
    }  # fmt: skip
    from matplotlib.colors import to_hex

    ax = plots.plot_financial_impact([2027, 2028], [10, 12], [7, 8])
    assert {to_hex(p.get_facecolor()) for p in ax.patches} <= okabe_ito
    ax = plots.plot_client_map([0.9, 0.5, 0.1], [0.7, 0.4, 0.2], ["A", "B", "C"])
    assert {to_hex(c.get_facecolor()[0]) for c in ax.collections} <= okabe_ito
    ax = plots.plot_tornado(["price", "volume"], [80, 90], [120, 105], 100)
    assert {to_hex(p.get_facecolor()) for p in ax.patches} <= okabe_ito


def test_plot_names_shadow_no_computing_function() -> None:
    computing = set(scoring.__all__) | set(pricing.__all__) | set(planning.__all__)
    assert all(name.startswith("plot_") for name in plots.__all__)
    assert computing.isdisjoint(plots.__all__)


def test_results_import_matplotlib_only_when_plotting() -> None:
    code = (
        "import sys, clientel.scoring, clientel.pricing, clientel.planning, clientel.plots; "
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
