"""One-at-a-time sensitivity as a tornado: the drivers that move the output most on top."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from clientel.errors import InvalidInputError
from clientel.plots._style import (
    BLACK,
    BLUE,
    GREY,
    VERMILLION,
    amount_text,
    axes,
    floats,
    money_axis,
    same_length,
    unit_label,
)

__all__ = ["plot_tornado"]


def plot_tornado(
    labels: Sequence[str],
    low: Sequence[float],
    high: Sequence[float],
    base: float,
    *,
    output: str = "NPV",
    currency: str | None = None,
    low_labels: Sequence[str] | None = None,
    high_labels: Sequence[str] | None = None,
    higher_is_better: bool = True,
    title: str | None = None,
    ax: Any = None,
) -> Any:
    """One-at-a-time sensitivity: how far each driver moves the output, widest on top (2.4.6).

    Each driver is a bar from the output at its low value to the output at its
    high value, the other drivers at base. The vertical line is the base case.
    The part of a bar on the worse side of the base is pessimistic
    (vermillion), the part on the better side optimistic (blue): for a cost
    driver the high value lands on the pessimistic side, so the words stay
    right whatever the driver. The driver values at the two ends are written
    beside them.

    Parameters
    ----------
    labels : sequence of str
        Driver names.
    low, high : sequence of float
        The output with the driver at its low and at its high value.
    base : float
        The output with every driver at base.
    output : str
        The output's name, for the axis and legend ("NPV").
    currency : str, optional
        The output's currency, shown on the axis.
    low_labels, high_labels : sequence of str, optional
        The driver values (as text) written at the low and high ends.
    higher_is_better : bool
        False for an output where less is better (a cost): then the side
        above the base is the pessimistic one.
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
        Columns of different lengths, values that are not finite (named).

    Notes
    -----
    The gallery shows this chart for a key-account opportunity:
    :ref:`gallery-tornado`. :meth:`clientel.planning.Tornado.plot` draws it
    from :func:`clientel.planning.tornado`.

    Examples
    --------
    >>> ax = plot_tornado(["volume", "cost ratio"], [-0.08, 0.50], [0.57, -0.02], 0.24,
    ...                   currency="MEUR", low_labels=["0.7", "0.7"], high_labels=["1.2", "0.9"])
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['volume', 'cost ratio']
    >>> ax.get_xlabel()
    'NPV (MEUR)'
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['pessimistic: NPV below base', 'optimistic: NPV above base', 'base case: 0.24 MEUR']
    """
    n = same_length(labels=labels, low=low, high=high)
    for name, values in (("low_labels", low_labels), ("high_labels", high_labels)):
        if values is not None and len(values) != n:
            raise InvalidInputError(f"expected {n} labels", field=name)
    lo = floats(low, "low")
    hi = floats(high, "high")
    b = float(floats([base], "base")[0])
    order = np.lexsort((np.arange(n), -np.abs(hi - lo)))  # widest first, drawn on top
    y = np.arange(n)
    left = np.minimum(np.minimum(lo, hi), b)[order]
    right = np.maximum(np.maximum(lo, hi), b)[order]
    worse, better = ("below", "above") if higher_is_better else ("above", "below")
    ax = axes(ax, (7.5, 1.6 + 0.55 * max(n, 1)))
    colours = (VERMILLION, BLUE) if higher_is_better else (BLUE, VERMILLION)
    words = (f"pessimistic: {output} {worse} base", f"optimistic: {output} {better} base")
    first = words if higher_is_better else words[::-1]
    ax.barh(y, b - left, left=left, color=colours[0], height=0.6, label=first[0])
    ax.barh(y, right - b, left=b, color=colours[1], height=0.6, label=first[1])
    base_label = f"base case: {amount_text(b, currency)}"
    ax.axvline(b, color=BLACK, lw=1.2, label=base_label)
    span = float(right.max() - left.min()) if n else 1.0
    span = span or max(abs(b), 1.0)
    gap = span * 0.01
    for row, k in enumerate(order):
        for value, text in ((lo[k], low_labels), (hi[k], high_labels)):
            if text is None:
                continue
            at_right = value > b or (value == b and value == hi[k] and hi[k] != lo[k])
            ax.text(value + (gap if at_right else -gap), row, str(text[k]), va="center",
                    ha="left" if at_right else "right", fontsize=8, color=GREY)  # fmt: skip
    ax.set_xlim(float(left.min()) - span * 0.12, float(right.max()) + span * 0.12)
    ax.set_yticks(y, [str(labels[k]) for k in order])
    ax.set_ylim(n - 0.4, -0.6)  # the first (widest) bar on top
    ax.set_xlabel(unit_label(output, currency))
    money_axis(ax.xaxis)
    ax.set_title(title if title is not None else f"What moves the {output}")
    handles, names = ax.get_legend_handles_labels()
    wanted = [*words, base_label]
    valued = low_labels is not None or high_labels is not None
    ax.legend([handles[names.index(w)] for w in wanted], wanted, loc="upper left",
              bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=8, title_fontsize=8,
              title="at the bar ends: the driver's value" if valued else None,
              alignment="left")  # fmt: skip
    return ax
