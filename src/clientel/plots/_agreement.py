"""Agreement of ranking methods as a heat map: one cell per pair of methods."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from clientel.errors import InvalidInputError
from clientel.plots._style import axes

__all__ = ["plot_method_agreement"]


def plot_method_agreement(
    methods: Sequence[str],
    agreement: Any,
    *,
    measure: str = "Kendall's tau-b",
    title: str | None = None,
    ax: Any = None,
) -> Any:
    """Heat map of how far the rankings of several methods agree (step 2.3.3).

    .. versionadded:: 0.2.0

    One row and one column per method; each cell holds the agreement of the
    two rankings (a rank correlation in [-1, 1] or a similarity in [0, 1]),
    written in. Dark cells are methods that rank the alternatives alike; a
    light row is a method that disagrees with the others, whose choice
    therefore matters.

    Parameters
    ----------
    methods : sequence of str
        The methods, one per row and column.
    agreement : array-like, shape (k, k)
        ``agreement[i, j]``: how far method j's ranking agrees with method i's.
    measure : str
        What the cells hold, for the colour bar.
    title : str, optional
        Replaces the default title.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure's by default.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InvalidInputError
        Not a square matrix of one row per method, or values outside [-1, 1].

    Notes
    -----
    The colour map is cividis (readable with colour blindness and in grey),
    from -1 (light) to 1 (dark).

    Examples
    --------
    >>> ax = plot_method_agreement(["topsis", "vikor"], [[1.0, 0.6], [0.6, 1.0]])
    >>> [t.get_text() for t in ax.get_yticklabels()], [t.get_text() for t in ax.texts]
    (['topsis', 'vikor'], ['1.00', '0.60', '0.60', '1.00'])
    """
    names = [str(m) for m in methods]
    matrix = np.asarray(agreement, dtype=float)
    k = len(names)
    if matrix.shape != (k, k) or k == 0:
        raise InvalidInputError(f"expected a ({k} x {k}) matrix, one row per method",
                                field="agreement")  # fmt: skip
    if not np.isfinite(matrix).all() or (np.abs(matrix) > 1 + 1e-9).any():
        raise InvalidInputError("expected agreements in [-1, 1]", field="agreement")
    ax = axes(ax, (1.8 + 0.9 * max(k, 2), 1.2 + 0.7 * max(k, 2)))
    image = ax.imshow(matrix, cmap="cividis_r", vmin=-1, vmax=1)
    ax.set_xticks(np.arange(k), names, rotation=30, ha="right")
    ax.set_yticks(np.arange(k), names)
    ax.tick_params(length=0)
    for (i, j), v in np.ndenumerate(matrix):
        ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=8,
                color="white" if v > 0.3 else "black")  # fmt: skip
    ax.set_title(title if title is not None else "Do the methods rank alike?")
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.03)
    bar.set_label(measure)
    return ax
