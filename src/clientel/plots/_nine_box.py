"""The segment portfolio on the nine-box (GE / McKinsey matrix)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from clientel.errors import InvalidInputError
from clientel.plots._labels import place_labels
from clientel.plots._style import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    VERMILLION,
    amount_text,
    axes,
    floats,
    same_length,
)

__all__ = ["check_scale", "plot_nine_box"]

# The standard recommendation of each cell, by (attractiveness, strength) level index
# (low, medium, high), as clientel.scoring.rank_segments gives it (Coyle 2004, ch. 3).
_CELLS = (
    ("harvest / divest", "harvest / divest", "selective"),
    ("harvest / divest", "selective", "invest / grow"),
    ("selective", "invest / grow", "invest / grow"),
)
_TINT = MappingProxyType(
    {"invest / grow": GREEN, "selective": ORANGE, "harvest / divest": VERMILLION}
)
_MAX_AREA = 2200.0  # points squared: the largest bubble is about 53 points across
_MIN_AREA = 60.0


def check_scale(
    scale: tuple[float, float], cuts: tuple[float, float] | None
) -> tuple[float, float, float, float]:
    """``(low, cut1, cut2, high)``: the cuts default to thirds of the scale."""
    lo, hi = float(scale[0]), float(scale[1])
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise InvalidInputError("expected low < high", field="scale", value=scale)
    c1, c2 = (lo + (hi - lo) / 3, lo + 2 * (hi - lo) / 3) if cuts is None else map(float, cuts)
    if not lo < c1 < c2 < hi:
        raise InvalidInputError("expected low < cut1 < cut2 < high", field="cuts", value=cuts)
    return lo, c1, c2, hi


def _nice(value: float) -> float:
    """``value`` rounded down to one significant digit of 1, 2 or 5 (a legend's round number)."""
    power = 10 ** math.floor(math.log10(value))
    return float(max(m for m in (1.0, 2.0, 5.0, 10.0) if m * power <= value * (1 + 1e-9)) * power)


def _areas(size: NDArray[np.float64]) -> tuple[NDArray[np.float64], float]:
    """Bubble areas (area proportional to size) and the size drawn at the largest area."""
    known = size[np.isfinite(size)]
    top = float(known.max()) if known.size else 0.0
    if top <= 0:
        return np.full(size.shape, 300.0), 0.0
    area = np.where(np.isfinite(size), _MAX_AREA * size / top, _MIN_AREA)
    return np.maximum(area, 12.0), top


def _size_legend(ax: Any, top: float, label: str, currency: str | None, unknown: bool) -> Any:
    from matplotlib.lines import Line2D

    values = sorted({_nice(top), _nice(top / 4), _nice(top / 20)})  # small on top, by the title
    # a marker's size is its diameter in points; a scatter's is its area in points squared
    style: dict[str, Any] = {"ls": "", "marker": "o", "markeredgecolor": BLUE}
    handles = [
        Line2D([], [], markersize=math.sqrt(_MAX_AREA * v / top), color=BLUE, alpha=0.45, **style)
        for v in values
    ]
    labels = [amount_text(v) for v in values]
    if unknown:
        handles.append(
            Line2D([], [], markersize=math.sqrt(_MIN_AREA), markerfacecolor="none", **style)
        )
        labels.append("not known")
    across = [math.sqrt(_MAX_AREA * v / top) / 8.0 for v in values]  # diameters in font sizes
    # rows far enough apart for the two largest bubbles (a text row is about 1.2 font sizes)
    spacing = max(0.5, (across[-1] + (across[-2] if len(across) > 1 else 0.0)) / 2 - 1.2)
    return ax.legend(
        handles,
        labels,
        title=f"{label} ({currency})" if currency else label,
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        frameon=False,
        handlelength=across[-1] + 0.4,
        labelspacing=spacing,
        borderpad=0.8,
        handletextpad=0.8,
        fontsize=8,
        title_fontsize=9,
    )


def _cells(ax: Any, edges: Sequence[float], margin: float) -> list[Any]:
    """Tint the nine cells by recommendation and name each in its top-left corner.

    The outer cells reach into the ``margin`` beyond the scale, so bubbles on the
    scale's ends are drawn whole.
    """
    from matplotlib.patches import Rectangle

    texts = []
    span = edges[3] - edges[0]
    outer = (edges[0] - margin, edges[1], edges[2], edges[3] + margin)
    for a in range(3):
        for s in range(3):
            word = _CELLS[a][s]
            x0, x1, y0, y1 = outer[s], outer[s + 1], outer[a], outer[a + 1]
            ax.add_patch(
                Rectangle((x0, y0), x1 - x0, y1 - y0, color=_TINT[word], alpha=0.10, lw=0, zorder=0)
            )
            texts.append(
                ax.text(x0 + span * 0.012, y1 - span * 0.012, word, ha="left", va="top",
                        fontsize=7.5, color=GREY, style="italic", zorder=1)
            )  # fmt: skip
    return texts


def plot_nine_box(
    names: Sequence[str],
    attractiveness: Sequence[float],
    strength: Sequence[float],
    sizes: Sequence[float] | None = None,
    *,
    scale: tuple[float, float] = (1.0, 5.0),
    cuts: tuple[float, float] | None = None,
    size_label: str = "market size",
    currency: str | None = None,
    title: str | None = None,
    ax: Any = None,
) -> Any:
    """Segments on the nine-box: industry attractiveness against competitive strength (2.1.4).

    Each segment is a bubble at its two axis scores, its area proportional to
    its size; the axes span the scale (and a small margin, so bubbles at its
    ends show whole); the lines at the two cuts of each axis split the chart into nine
    cells, tinted and named by the standard recommendation (invest / grow above
    the diagonal, selective on it, harvest / divest below). Labels are the
    segments' names, set clear of each other.

    Parameters
    ----------
    names : sequence of str
        Segment names, one per bubble (shown as labels).
    attractiveness, strength : sequence of float
        Axis scores on ``scale`` (vertical and horizontal axis).
    sizes : sequence of float, optional
        Bubble sizes (market size, revenue); NaN for a size not known (a small
        hollow bubble). Equal bubbles and no size legend by default.
    scale : (float, float)
        The scale of the scores, ``(1, 5)`` by default as in
        :func:`clientel.scoring.rank_segments`.
    cuts : (float, float), optional
        Boundaries low | medium and medium | high on both axes, on ``scale``;
        thirds of the scale by default.
    size_label : str
        What the sizes measure, for the legend's title.
    currency : str, optional
        Currency of the sizes, added to the legend's title.
    title : str, optional
        Replaces the default title.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure's by default.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    InvalidInputError
        Columns of different lengths, a score off the scale (named), cuts not
        inside the scale, a negative size.

    Notes
    -----
    The gallery shows this chart for the sample unit: :ref:`gallery-nine-box`.
    :meth:`clientel.scoring.SegmentPortfolio.plot` draws it from a portfolio.

    Examples
    --------
    >>> ax = plot_nine_box(["Banking", "Retail", "Insurance"], [4.2, 2.1, 3.0],
    ...                    [3.9, 1.8, 4.4], [900e6, 300e6, 450e6], currency="EUR")
    >>> [float(t) for t in ax.get_xticks()]  # the scale's ends and the cuts
    [1.0, 2.333..., 3.666..., 5.0]
    >>> sorted({t.get_text() for t in ax.texts} - {"Banking", "Retail", "Insurance"})
    ['harvest / divest', 'invest / grow', 'selective']
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['20 M', '200 M', '500 M']
    """
    n = same_length(names=names, attractiveness=attractiveness, strength=strength)
    lo, c1, c2, hi = check_scale(scale, cuts)
    y = floats(attractiveness, "attractiveness")
    x = floats(strength, "strength")
    for field, values in (("attractiveness", y), ("strength", x)):
        off = np.flatnonzero((values < lo) | (values > hi))
        if off.size:
            i = int(off[0])
            raise InvalidInputError(
                f"expected a score on the scale {lo:g}-{hi:g}",
                field=f"{field}[{names[i]!r}]",
                value=float(values[i]),
            )
    size = np.ones(n) if sizes is None else floats(sizes, "sizes", allow_nan=True)
    if len(size) != n:
        raise InvalidInputError(f"expected {n} sizes", field="sizes")
    if (size < 0).any():
        raise InvalidInputError("expected sizes >= 0", field="sizes")
    area, top = _areas(size)
    ax = axes(ax, (8.0, 5.6))
    margin = (hi - lo) * 0.04
    fixed = _cells(ax, (lo, c1, c2, hi), margin)
    for cut in (c1, c2):
        ax.axvline(cut, color=GREY, lw=1.0, zorder=1)
        ax.axhline(cut, color=GREY, lw=1.0, zorder=1)
    known = np.isfinite(size)
    ax.scatter(x[known], y[known], s=area[known], color=BLUE, alpha=0.45, edgecolor=BLUE, zorder=3)
    ax.scatter(x[~known], y[~known], s=area[~known], facecolor="none", edgecolor=BLUE, zorder=3)
    ax.set_xlim(lo - margin, hi + margin)
    ax.set_ylim(lo - margin, hi + margin)
    ticks = [lo, c1, c2, hi]
    ax.set_xticks(ticks, [f"{t:.3g}" for t in ticks])
    ax.set_yticks(ticks, [f"{t:.3g}" for t in ticks])
    ax.set_xlabel(f"competitive strength (score {lo:g}–{hi:g})")
    ax.set_ylabel(f"industry attractiveness (score {lo:g}–{hi:g})")
    ax.set_title(title if title is not None else "Segment portfolio: where to invest")
    legend = None
    if sizes is not None and top > 0:
        legend = _size_legend(ax, top, size_label, currency, bool((~known).any()))
    place_labels(
        ax, x, y, [str(s) for s in names], radius=np.sqrt(area) / 2, obstacles=[*fixed, legend]
    )
    return ax
