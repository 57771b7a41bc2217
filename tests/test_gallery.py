"""The chart gallery (docs/gallery.md) shows every chart, says how to read it, and runs.

The documentation build executes the page (myst-nb); here its code cells run
in-process with the Agg backend, and every cell that draws must leave exactly
one new figure, so a chart that stopped drawing fails the suite as well as the
docs build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clientel import plots

GALLERY = Path(__file__).resolve().parents[1] / "docs" / "gallery.md"
CELL = re.compile(r"^```\{code-cell\} ipython3\n(.*?)^```", re.S | re.M)
RESULTS_WITH_PLOT = (
    "AccountHealth",
    "SegmentPortfolio",
    "ClientRanking",
    "TargetList",
    "InfluencerPriorities",
    "PriceBand",
    "FinancialImpact",
    "Tornado",
    "MethodComparison",
)


def _sections() -> list[str]:
    return re.split(r"^## ", GALLERY.read_text(encoding="utf-8"), flags=re.M)[1:]


def test_every_plot_function_is_in_the_gallery() -> None:
    text = GALLERY.read_text(encoding="utf-8")
    missing = [name for name in plots.__all__ if name not in text]
    assert not missing, f"not in the gallery: {missing}"


def test_every_result_that_plots_has_a_chart_in_the_gallery() -> None:
    from clientel import planning, pricing, scoring

    classes = {
        name: getattr(module, name)
        for module in (scoring, pricing, planning)
        for name in module.__all__
        if isinstance(getattr(module, name), type) and hasattr(getattr(module, name), "plot")
    }
    assert sorted(classes) == sorted(RESULTS_WITH_PLOT)
    text = GALLERY.read_text(encoding="utf-8")
    producers = {
        "SegmentPortfolio": "rank_segments(",
        "ClientRanking": "rank_clients(",
        "TargetList": "select_targets(",
        "InfluencerPriorities": "rank_influencers(",
        "PriceBand": "price_band(",
        "FinancialImpact": "financial_impact(",
        "Tornado": "tornado(",
        "MethodComparison": "compare_methods(",
    }
    assert all(call in text for call in producers.values())


def test_each_chart_says_how_to_read_it() -> None:
    sections = _sections()
    assert len(sections) >= 8
    for section in sections:
        title = section.splitlines()[0]
        assert "**How to read it:**" in section, title
        assert len(CELL.findall(section)) == 1, title


def test_the_gallery_runs_and_every_chart_cell_draws_one_figure() -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    namespace: dict[str, object] = {"__name__": "__gallery__"}
    text = GALLERY.read_text(encoding="utf-8")
    cells = CELL.findall(text)
    assert cells
    drawn = 0
    for cell in cells:
        code = "\n".join(line for line in cell.splitlines() if not line.startswith(":"))
        before = set(plt.get_fignums())
        exec(compile(code, str(GALLERY), "exec"), namespace)
        new = set(plt.get_fignums()) - before
        if "plot" in code:
            assert len(new) == 1, code
            drawn += 1
        else:
            assert not new, code
        plt.close("all")
    assert drawn == len(_sections())
    # the tornado's base case is the NPV of the impact chart above it (the same flows)
    drivers, best = namespace["drivers"], namespace["best"]
    assert drivers.base == pytest.approx(best.npv.to_float(), abs=0.01)  # type: ignore[attr-defined]
