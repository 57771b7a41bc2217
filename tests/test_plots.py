"""Each chart renders to PNG with the Agg backend and returns its Axes."""

from __future__ import annotations

from pathlib import Path

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
