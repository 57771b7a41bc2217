"""Clients on the attractiveness / feasibility map, coloured by tier."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from clientel.errors import InvalidInputError
from clientel.plots._labels import place_labels
from clientel.plots._style import BLUE, GREY, SERIES, axes, floats, same_length

__all__ = ["plot_client_map", "quadrant_names"]

# (high attractiveness, high feasibility) -> name, as clientel.scoring.rank_clients names them
_QUADRANTS = (
    ((True, True), "pursue"),
    ((True, False), "build capability"),
    ((False, True), "opportunistic"),
    ((False, False), "deprioritise"),
)


def quadrant_names(
    ax: Any, x_cut: float, y_cut: float, names: Sequence[tuple[tuple[bool, bool], str]]
) -> list[Any]:
    """Draw both cut lines and write each quadrant's name in its outer corner (y high, x high)."""
    ax.axvline(x_cut, color=GREY, lw=1.0, zorder=1)
    ax.axhline(y_cut, color=GREY, lw=1.0, zorder=1)
    texts = []
    for (y_high, x_high), name in names:
        texts.append(
            ax.text(
                0.985 if x_high else 0.015,
                0.985 if y_high else 0.015,
                name,
                transform=ax.transAxes,
                ha="right" if x_high else "left",
                va="top" if y_high else "bottom",
                fontsize=8.5,
                color=GREY,
                style="italic",
                zorder=1,
            )
        )
    return texts


def _limits(values: np.ndarray[Any, Any], cut: float | None) -> tuple[float, float]:
    lo, hi = float(values.min()), float(values.max())
    if cut is not None:
        lo, hi = min(lo, cut), max(hi, cut)
    pad = max(hi - lo, 1e-9) * 0.12
    return lo - pad, hi + pad


def plot_client_map(
    attractiveness: Sequence[float],
    feasibility: Sequence[float],
    tiers: Sequence[str] | None = None,
    *,
    labels: Sequence[str | None] | None = None,
    cut: float | None = None,
    title: str | None = None,
    ax: Any = None,
) -> Any:
    """Clients by attractiveness to us against feasibility of serving, coloured by tier (2.3.3).

    Each dot is a client; its colour is its tier (legend "tier A", ...). With
    ``cut``, lines at the cut on both axes split the map into the four
    quadrants of :func:`clientel.scoring.rank_clients`, named in their corners
    (pursue, build capability, opportunistic, deprioritise). Labels, for the
    clients given one, are set clear of each other and of the other dots.

    Parameters
    ----------
    attractiveness, feasibility : sequence of float
        Axis scores (vertical and horizontal axis), one per client.
    tiers : sequence of str, optional
        Tier of each client; all dots one colour without.
    labels : sequence of str or None, optional
        A label per client (its name), None or "" for no label: label the
        first ten or so, not hundreds.
    cut : float, optional
        Axis score from which a client is high on an axis.
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
        Columns of different lengths, scores that are not finite (named), no clients.

    Notes
    -----
    The gallery shows this chart for the sample unit: :ref:`gallery-client-map`.
    :meth:`clientel.scoring.ClientRanking.plot` and
    :meth:`clientel.scoring.TargetList.plot` draw it from a ranking or a target list.

    Examples
    --------
    >>> ax = plot_client_map([0.9, 0.5, 0.2], [0.7, 0.4, 0.9], ["A", "B", "C"],
    ...                      labels=["Nordbank", None, "Vista"], cut=0.5)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['tier A', 'tier B', 'tier C']
    >>> ax.get_xlabel()
    'feasibility of serving (score)'
    """
    n = same_length(attractiveness=attractiveness, feasibility=feasibility)
    if not n:
        raise InvalidInputError("expected at least one client", field="attractiveness")
    if tiers is not None and len(tiers) != n:
        raise InvalidInputError(f"expected {n} tiers", field="tiers")
    if labels is not None and len(labels) != n:
        raise InvalidInputError(f"expected {n} labels", field="labels")
    y = floats(attractiveness, "attractiveness")
    x = floats(feasibility, "feasibility")
    ax = axes(ax)
    fixed: list[Any] = []
    if cut is not None:
        fixed = quadrant_names(ax, float(cut), float(cut), _QUADRANTS)
    if tiers is None:
        ax.scatter(x, y, s=28, color=BLUE, edgecolor="white", lw=0.5, zorder=3)
    else:
        names = np.asarray([str(t) for t in tiers])
        for i, tier in enumerate(sorted(set(names.tolist()))):
            mask = names == tier
            ax.scatter(x[mask], y[mask], s=28, color=SERIES[i % len(SERIES)], edgecolor="white",
                       lw=0.5, label=f"tier {tier}", zorder=3)  # fmt: skip
    ax.set_xlim(*_limits(x, cut))
    ax.set_ylim(*_limits(y, cut))
    ax.set_xlabel("feasibility of serving (score)")
    ax.set_ylabel("attractiveness to us (score)")
    ax.set_title(title if title is not None else "Clients: attractiveness against feasibility")
    legend = None
    if tiers is not None:
        legend = ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=8)
    if labels is not None:
        texts = ["" if t is None else str(t) for t in labels]
        place_labels(ax, x, y, texts, radius=3.0, obstacles=[*fixed, legend], fontsize=7.5)
    return ax
