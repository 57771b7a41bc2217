"""What the chart tests look at: drawn text boxes, legends, lines; and sample-unit results.

Every chart test draws with the Agg backend and inspects the artists (the
renderer's window extents of the texts, the lines' positions, the legend's
entries), so a test fails when a manager would see something wrong, not only
when drawing raises.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from clientel import scoring  # noqa: E402
from clientel.models import Segment  # noqa: E402
from clientel.sample import load_sample  # noqa: E402


class Look:
    """Helpers that read a drawn chart the way a reader would."""

    @staticmethod
    def draw(ax: Any) -> Any:
        """Draw the figure (layout and all) and return its renderer."""
        fig = ax.figure
        fig.canvas.draw()
        return fig.canvas.get_renderer()

    @staticmethod
    def texts(fig: Any) -> list[Any]:
        """Every drawn, non-empty text of the figure: labels, ticks, titles, legends.

        Tick labels of ticks outside an axis's view are left out (matplotlib keeps
        them but does not draw them).
        """
        hidden = set()
        for ax in fig.axes:
            for axis in (ax.xaxis, ax.yaxis):
                lo, hi = sorted(axis.get_view_interval())
                for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                    if not lo - 1e-9 * (hi - lo) <= tick.get_loc() <= hi + 1e-9 * (hi - lo):
                        hidden.update({id(tick.label1), id(tick.label2)})
        return [
            t
            for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip() and id(t) not in hidden
        ]

    @staticmethod
    def overlaps(texts: list[Any], renderer: Any, tol: float = 0.5) -> list[tuple[str, str]]:
        """Pairs of texts whose window extents overlap by more than ``tol`` pixels both ways."""
        # Text's own extent: an annotation's would include its leader line
        boxes = [(t.get_text(), Text.get_window_extent(t, renderer)) for t in texts]
        found = []
        for (ta, a), (tb, b) in itertools.combinations(boxes, 2):
            w = min(a.x1, b.x1) - max(a.x0, b.x0)
            h = min(a.y1, b.y1) - max(a.y0, b.y0)
            if w > tol and h > tol:
                found.append((ta, tb))
        return found

    @staticmethod
    def inside(artist: Any, frame: Any, renderer: Any, tol: float = 0.5) -> bool:
        """Whether ``artist``'s window extent lies within ``frame``'s (an axes or a figure)."""
        a = artist.get_window_extent(renderer)
        f = frame.get_window_extent(renderer) if hasattr(frame, "get_window_extent") else frame.bbox
        return bool(
            a.x0 >= f.x0 - tol and a.x1 <= f.x1 + tol and a.y0 >= f.y0 - tol and a.y1 <= f.y1 + tol
        )

    @staticmethod
    def legend(ax: Any) -> list[str]:
        """The legend's entries, in order."""
        legend = ax.get_legend()
        assert legend is not None, "the chart has no legend"
        return [t.get_text() for t in legend.get_texts()]

    @staticmethod
    def straight(ax: Any, vertical: bool) -> list[float]:
        """Positions of the full-length vertical (x) or horizontal (y) lines of the axes."""
        out = []
        for line in ax.get_lines():
            xs, ys = line.get_xdata(), line.get_ydata()
            if len(xs) != 2:
                continue
            if vertical and xs[0] == xs[1] and list(ys) == [0, 1]:
                out.append(float(xs[0]))
            if not vertical and ys[0] == ys[1] and list(xs) == [0, 1]:
                out.append(float(ys[0]))
        return sorted(out)


@pytest.fixture
def look() -> Iterator[Look]:
    yield Look()
    plt.close("all")


@pytest.fixture(scope="session")
def unit() -> Any:
    return load_sample()


# 1-5 ratings of the sample unit's segments, as a strategy team would give them
RATINGS = {
    "fin-bank": {"growth": 4, "size": 5, "margin": 3, "share": 4, "references": 5},
    "fin-ins": {"growth": 3, "size": 4, "margin": 4, "share": 2, "references": 3},
    "pub": {"growth": 2, "size": 4, "margin": 2, "share": 4, "references": 4},
    "mfg": {"growth": 5, "size": 4, "margin": 3, "share": 2, "references": 2},
    "ret": {"growth": 3, "size": 2, "margin": 2, "share": 1, "references": 1},
    "hlt": {"growth": 4, "size": 2, "margin": 4, "share": 3, "references": 3},
}


@pytest.fixture(scope="session")
def portfolio(unit: Any) -> scoring.SegmentPortfolio:
    segments: list[Segment] = [
        attrs.evolve(s, factors=RATINGS[s.id]) for s in unit.leaf_segments if s.id in RATINGS
    ]
    return scoring.rank_segments(
        segments,
        attractiveness={"growth": 3, "size": 2, "margin": 2},
        strength={"share": 2, "references": 1},
    )


CLIENT_CRITERIA = (
    ("revenue_potential", 3, "attractiveness"),
    ("growth", 2, "attractiveness"),
    ("margin", 1, "attractiveness"),
    ("strategic_fit", 2, "attractiveness"),
    ("relationship", 2, "feasibility"),
    ("access", 1, "feasibility"),
    ("capability_fit", 1, "feasibility"),
)


@pytest.fixture(scope="session")
def clients(unit: Any) -> scoring.ClientRanking:
    criteria = [
        scoring.Criterion(name=name, weight=w, group=g, missing=scoring.MissingPolicy.BOUNDS)
        for name, w, g in CLIENT_CRITERIA
    ]
    return scoring.rank_clients(list(unit.clients), criteria)
