"""Influencers on Mendelow's power / interest grid, named by quadrant."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from clientel.errors import InvalidInputError
from clientel.plots._client_map import quadrant_names
from clientel.plots._labels import place_labels
from clientel.plots._style import PURPLE, axes, floats, same_length

__all__ = ["plot_influencer_grid", "spread"]

# (high power, high interest) -> Mendelow's name, as clientel.scoring.rank_influencers names
# them; the grid puts power up and interest across
_QUADRANTS = (
    ((True, True), "key players"),
    ((True, False), "keep satisfied"),
    ((False, True), "keep informed"),
    ((False, False), "minimal effort"),
)


def spread(x: NDArray[np.float64], y: NDArray[np.float64], step: float) -> NDArray[np.float64]:
    """Offsets that set points sharing a position around it on a small circle (deterministic).

    The k-th of ``n`` points at one position moves ``step`` (in axis units) at
    angle ``2 pi k / n``; a point alone stays. Returns an (n, 2) array of offsets.
    """
    out = np.zeros((len(x), 2))
    keys = np.column_stack([x, y])
    _, group, counts = np.unique(keys, axis=0, return_inverse=True, return_counts=True)
    group = group.reshape(-1)
    seen: dict[int, int] = {}
    for i, g in enumerate(group):
        n = int(counts[g])
        if n == 1:
            continue
        k = seen.get(int(g), 0)
        seen[int(g)] = k + 1
        angle = np.pi / 2 + 2 * np.pi * k / n
        out[i] = (step * np.cos(angle), step * np.sin(angle))
    return out


def _limits(values: NDArray[np.float64], cut: float) -> tuple[float, float]:
    both = np.concatenate([values, [cut]])
    lo, hi = float(both.min()), float(both.max())
    pad = max(hi - lo, 1e-9) * 0.15 or 0.5
    return lo - pad, hi + pad


def plot_influencer_grid(
    names: Sequence[str],
    power: Sequence[float],
    interest: Sequence[float],
    *,
    thresholds: tuple[float, float] = (3.0, 3.0),
    ranks: Sequence[int] | None = None,
    title: str | None = None,
    ax: Any = None,
) -> Any:
    """Influencers on Mendelow's grid: power over interest, four named quadrants (2.2.3).

    Each dot is an influencer (labelled with its name, and with its place in
    the order of engagement when ``ranks`` are given: "1. Regulator"); the
    lines at the two thresholds make Mendelow's quadrants, named in their
    corners: key players, keep satisfied, keep informed, minimal effort.
    Influencers with equal values are set around their common point on a small
    circle, and labels are placed clear of each other, so none is hidden.

    Parameters
    ----------
    names : sequence of str
        Influencer names.
    power, interest : sequence of float
        Power (vertical axis) and interest (horizontal axis), each on its own scale.
    thresholds : (float, float)
        Power and interest from which an influencer counts as high.
    ranks : sequence of int, optional
        Each influencer's place in the order of engagement, written before its name.
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
        Columns of different lengths, values that are not finite (named), ranks
        not one per influencer.

    Notes
    -----
    The gallery shows this chart for the sample unit: :ref:`gallery-influencers`.
    :meth:`clientel.scoring.InfluencerPriorities.plot` draws it from a ranking.

    Examples
    --------
    >>> ax = plot_influencer_grid(["Regulator", "Trade paper", "Bankers' Association"],
    ...                           [5, 2, 5], [1, 5, 4], ranks=[2, 3, 1])
    >>> sorted(t.get_text() for t in ax.texts)
    ["1. Bankers' Association", '2. Regulator', '3. Trade paper', 'keep informed',
     'keep satisfied', 'key players', 'minimal effort']
    """
    same_length(names=names, power=power, interest=interest)
    if ranks is not None and len(ranks) != len(names):
        raise InvalidInputError(f"expected {len(names)} ranks", field="ranks")
    labels = [str(s) if ranks is None else f"{ranks[k]}. {s}" for k, s in enumerate(names)]
    y = floats(power, "power")
    x = floats(interest, "interest")
    ax = axes(ax)
    ax.set_xlim(*_limits(x, float(thresholds[1])))
    ax.set_ylim(*_limits(y, float(thresholds[0])))
    fixed = quadrant_names(ax, float(thresholds[1]), float(thresholds[0]), _QUADRANTS)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    span = np.array([x1 - x0, y1 - y0])
    moved = np.column_stack([x, y]) + spread(x, y, 0.018) * span  # a circle in screen terms
    ax.scatter(moved[:, 0], moved[:, 1], s=40, color=PURPLE, edgecolor="black", lw=0.5, zorder=3)
    ax.set_xlabel("interest in what we do")
    ax.set_ylabel("power over our clients' choices")
    ax.set_title(title if title is not None else "Influencers: whom to engage and how")
    place_labels(ax, moved[:, 0], moved[:, 1], labels, radius=3.6, obstacles=fixed, fontsize=7.5)
    return ax
