"""Each chart renders to PNG with the Agg backend and returns its Axes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from clientel import plots
from clientel.errors import InvalidInputError


def _render(ax: object, path: Path) -> None:
    fig = ax.figure  # type: ignore[attr-defined]
    fig.savefig(path, format="png")
    plt.close(fig)
    assert path.stat().st_size > 1000
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_each_chart_renders(tmp_path: Path) -> None:
    charts = {
        "nine_box": lambda: plots.plot_nine_box(
            ["Banking", "Retail"], [0.8, 0.3], [0.6, 0.2], [1500, 700]
        ),
        "client_map": lambda: plots.plot_client_map(
            [0.9, 0.5, 0.2], [0.7, 0.4, 0.9], ["A", "B", "C"]
        ),
        "influencer_grid": lambda: plots.plot_influencer_grid(["BdB", "CIO"], [5, 2], [2, 4]),
        "price_band": lambda: plots.plot_price_band(
            [90, 100, 110], [0.8, 0.5, 0.2], [8, 10, 6], floor=95, target=100, stretch=105
        ),
        "financial_impact": lambda: plots.plot_financial_impact([2027, 2028], [10, 12], [7, 8]),
        "tornado": lambda: plots.plot_tornado(["price", "volume"], [80, 90], [120, 105], 100),
        "rank_acceptability": lambda: plots.plot_rank_acceptability(
            ["a", "b"], [[0.7, 0.3], [0.3, 0.7]]
        ),
    }
    for name, draw in charts.items():
        ax = draw()
        assert ax.get_title()
        _render(ax, tmp_path / f"{name}.png")


def test_draws_on_a_given_axes(tmp_path: Path) -> None:
    _fig, ax = plt.subplots()
    assert plots.plot_tornado(["x"], [1], [3], 2, ax=ax) is ax
    _render(ax, tmp_path / "given.png")


def test_bad_input_is_named() -> None:
    with pytest.raises(InvalidInputError, match="length"):
        plots.plot_nine_box(["a", "b"], [0.1], [0.2, 0.3])
    with pytest.raises(InvalidInputError, match="floor"):
        plots.plot_price_band([1], [0.5], [1], floor=3, target=2, stretch=4)


def test_plot_names_shadow_no_computing_function() -> None:
    from clientel import planning, pricing, scoring

    computing = set(scoring.__all__) | set(pricing.__all__) | set(planning.__all__)
    assert all(name.startswith("plot_") for name in plots.__all__)
    assert computing.isdisjoint(plots.__all__)


def _results() -> dict[str, object]:
    from clientel import planning, pricing, scoring
    from clientel.models import Influencer, InfluencerKind, Money, Segment

    eur = lambda x: Money(x, "EUR")  # noqa: E731
    segments = [
        Segment(id="banking", name="Banking", size=eur(900), factors={"growth": 4, "share": 2}),
        Segment(id="retail", name="Retail", factors={"growth": 2, "share": 5}),
    ]
    influencers = [
        Influencer(
            id=f"i{k}", name=f"I{k}", kind=InfluencerKind.MEDIA, influence=k, accessibility=6 - k
        )
        for k in range(1, 5)
    ]
    band = pricing.PriceBand(floor=eur(90), target=eur(100), stretch=eur(110), method="percentile",
                             n=12, segment_path=["all"], segment_used="all")  # fmt: skip
    impact = planning.option_impact(
        "opt", [eur(20), eur(30)], [eur(18), eur(24)], 0.08, first_year=2027
    )
    return {
        "nine_box": scoring.rank_segments(
            segments, attractiveness={"growth": 1}, strength={"share": 1}
        ),
        "influencer_grid": scoring.rank_influencers(influencers),
        "price_band": band,
        "financial_impact": impact,
    }


TITLES = {
    "nine_box": "Segment portfolio (2.1)",
    "influencer_grid": "Influencers (2.2)",
    "price_band": "Price band (2.5.4)",
    "financial_impact": "Financial impact (2.4.6)",
}


@pytest.mark.parametrize("name", sorted(TITLES))
def test_results_plot_themselves_with_the_chart_of_their_step(name: str, tmp_path: Path) -> None:
    result: Any = _results()[name]
    drawn = result.plot()
    assert drawn.get_title() == TITLES[name]
    _render(drawn, tmp_path / f"{name}.png")
    _fig, ax = plt.subplots()
    assert result.plot(ax=ax) is ax
    plt.close(_fig)


def test_result_plots_draw_the_results_values() -> None:
    results: Any = _results()
    cells = results["nine_box"].cells
    points = results["nine_box"].plot().collections[0].get_offsets().tolist()
    assert points == [[c.strength, c.attractiveness] for c in cells]
    items = results["influencer_grid"].items
    points = results["influencer_grid"].plot().collections[0].get_offsets().tolist()
    assert points == [[float(i.accessibility), float(i.influence)] for i in items]
    bars = results["financial_impact"].plot().patches
    assert [b.get_height() for b in bars[:2]] == [20.0, 30.0]
    plt.close("all")


def test_results_import_matplotlib_only_when_plotting() -> None:
    import subprocess
    import sys

    code = (
        "import sys, clientel.scoring, clientel.pricing, clientel.planning; "
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
