"""The price band over price: expected profit, win probability, floor / target / stretch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from clientel.errors import InvalidInputError
from clientel.plots._style import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    amount_text,
    axes,
    floats,
    money_axis,
    percent_axis,
    same_length,
    unit_label,
)

__all__ = ["plot_price_band"]


def plot_price_band(
    prices: Sequence[float],
    win_probability: Sequence[float],
    expected_profit: Sequence[float],
    *,
    floor: float,
    target: float,
    stretch: float,
    currency: str | None = None,
    title: str | None = None,
    ax: Any = None,
) -> Any:
    """The price band over price: expected profit and win probability, band marked (2.5.4).

    The shaded span runs from floor to stretch; the three levels are marked
    and named with their prices. Expected profit (left axis, in the currency)
    and the probability of winning (right axis, in percent) are drawn where
    known: a band from won deals' percentiles has neither (pass NaN), a
    fitted bid-response band has both. One legend names every line.

    Parameters
    ----------
    prices : sequence of float
        Prices at which the curves are given, increasing.
    win_probability, expected_profit : sequence of float
        The curves at ``prices``; NaN where not known (the curve is left out).
    floor, target, stretch : float
        The band, ``floor <= target <= stretch``.
    currency : str, optional
        Currency of prices and profit, shown on the axes.
    title : str, optional
        Replaces the default title.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure's by default.

    Returns
    -------
    matplotlib.axes.Axes
        The axes of the price axis (the win probability is on a twin axes).

    Raises
    ------
    InvalidInputError
        Columns of different lengths, or not ``floor <= target <= stretch``.

    Notes
    -----
    The gallery shows this chart for a quote: :ref:`gallery-price-band`.
    :meth:`clientel.pricing.PriceBand.plot` draws it from a band, with the
    fitted curves over the whole price range.

    Examples
    --------
    >>> ax = plot_price_band([90, 100, 110], [0.8, 0.5, 0.2], [8, 10, 6],
    ...                      floor=95, target=100, stretch=105, currency="EUR")
    >>> ax.get_xlabel()
    'price (EUR)'
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['expected profit', 'win probability (right axis)', 'price band: floor to stretch', 'target']
    """
    same_length(prices=prices, win_probability=win_probability, expected_profit=expected_profit)
    if not floor <= target <= stretch:
        raise InvalidInputError("expected floor <= target <= stretch", field="band")
    p = floats(prices, "prices")
    win = floats(win_probability, "win_probability", allow_nan=True)
    profit = floats(expected_profit, "expected_profit", allow_nan=True)
    ax = axes(ax)
    handles = []
    if np.isfinite(profit).any():
        (line,) = ax.plot(p, profit, color=GREEN, lw=2, label="expected profit")
        handles.append(line)
        ax.axhline(0, color=GREY, lw=0.6)
        ax.set_ylabel(unit_label("expected profit", currency))
        money_axis(ax.yaxis)
    else:
        ax.set_yticks([])
    if np.isfinite(win).any():
        twin = ax.twinx()
        (line,) = twin.plot(p, win, color=BLUE, lw=2, ls="--", label="win probability (right axis)")
        handles.append(line)
        twin.set_ylim(0, 1)
        twin.set_ylabel("probability of winning")
        percent_axis(twin.yaxis)
    handles.append(
        ax.axvspan(floor, stretch, color=ORANGE, alpha=0.18, lw=0,
                   label="price band: floor to stretch")
    )  # fmt: skip
    handles.append(ax.axvline(target, color=ORANGE, lw=2, label="target"))
    for level in (floor, stretch):
        ax.axvline(level, color=ORANGE, lw=1, ls=":")
    lo = min(float(p.min()) if p.size else floor, floor)
    hi = max(float(p.max()) if p.size else stretch, stretch)
    pad = max(hi - lo, abs(hi) * 0.05, 1e-9) * 0.05
    ax.set_xlim(lo - pad, hi + pad)
    # the three levels named above the axes, each on its own row, so close levels never collide
    levels = (("floor", floor), ("target", target), ("stretch", stretch))
    for row, (name, level) in enumerate(levels):
        ax.annotate(
            f"{name} {amount_text(level)}",
            xy=(level, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 4 + 11 * row),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
            color=GREY,
            arrowprops={"arrowstyle": "-", "color": ORANGE, "lw": 0.6, "shrinkA": 0, "shrinkB": 0},
        )
    ax.set_xlabel(unit_label("price", currency))
    money_axis(ax.xaxis)
    ax.set_title(title if title is not None else "Price band: what to quote", pad=44)
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncols=2,
              frameon=False, fontsize=8)  # fmt: skip
    return ax
