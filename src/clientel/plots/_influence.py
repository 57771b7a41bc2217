"""Influencers on the influence / ease-of-access grid, named by quadrant."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from clientel.plots._client_map import quadrant_names
from clientel.plots._labels import place_labels
from clientel.plots._style import PURPLE, axes, floats, same_length

__all__ = ["plot_influencer_grid", "spread"]

# (high influence, easy access) -> name, as clientel.scoring.rank_influencers names them
_QUADRANTS = (
    ((True, True), "engage closely"),
    ((True, False), "keep satisfied"),
    ((False, True), "keep informed"),
    ((False, False), "monitor"),
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


def plot_influencer_grid(
    names: Sequence[str],
    influence: Sequence[float],
    accessibility: Sequence[float],
    *,
    thresholds: tuple[float, float] = (3.0, 3.0),
    title: str | None = None,
    ax: Any = None,
) -> Any:
    """Influencers by influence and ease of access, on the four-quadrant grid (2.2.3).

    Each dot is an influencer (labelled with its name); the lines at the two
    thresholds make four quadrants, named in their corners: engage closely,
    keep satisfied, keep informed, monitor. Influencers with equal ratings are
    set around their common point on a small circle, and labels are placed
    clear of each other, so none is hidden.

    Parameters
    ----------
    names : sequence of str
        Influencer names.
    influence, accessibility : sequence of float
        Ratings (vertical and horizontal axis).
    thresholds : (float, float)
        Influence and accessibility from which an influencer counts as high.
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
        Columns of different lengths, ratings that are not finite (named).

    Notes
    -----
    The gallery shows this chart for the sample unit: :ref:`gallery-influencers`.
    :meth:`clientel.scoring.InfluencerPriorities.plot` draws it from a ranking.

    Examples
    --------
    >>> ax = plot_influencer_grid(["Regulator", "Trade paper", "Bankers' Association"],
    ...                           [5, 2, 5], [1, 5, 4])
    >>> sorted(t.get_text() for t in ax.texts)[:4]
    ["Bankers' Association", 'Regulator', 'Trade paper', 'engage closely']
    """
    same_length(names=names, influence=influence, accessibility=accessibility)
    y = floats(influence, "influence")
    x = floats(accessibility, "accessibility")
    ax = axes(ax)
    both = np.concatenate([x, y, list(thresholds)])
    lo, hi = float(both.min()), float(both.max())
    pad = max(hi - lo, 1.0) * 0.12
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_ylim(lo - pad, hi + pad)
    fixed = quadrant_names(ax, float(thresholds[1]), float(thresholds[0]), _QUADRANTS)
    moved = np.column_stack([x, y]) + spread(x, y, (hi - lo + 2 * pad) * 0.018)
    ax.scatter(moved[:, 0], moved[:, 1], s=40, color=PURPLE, edgecolor="black", lw=0.5, zorder=3)
    ax.set_xlabel("ease of access (rating)")
    ax.set_ylabel("influence (rating)")
    ax.set_title(title if title is not None else "Influencers: whom to engage and how")
    place_labels(ax, moved[:, 0], moved[:, 1], [str(s) for s in names], radius=3.6,
                 obstacles=fixed, fontsize=7.5)  # fmt: skip
    return ax
