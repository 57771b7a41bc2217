"""An account's health over the periods, on its colour bands, with the trend line."""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType
from typing import Any

import numpy as np

from clientel.errors import InvalidInputError
from clientel.plots._style import (
    BLACK,
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    VERMILLION,
    YELLOW,
    axes,
    floats,
)

__all__ = ["plot_health_trend"]

#: Colour names a scorecard may use, drawn in the Okabe-Ito palette (others go to matplotlib).
_NAMED = MappingProxyType({"red": VERMILLION, "amber": ORANGE, "orange": ORANGE,
                           "yellow": YELLOW, "green": GREEN, "blue": BLUE})  # fmt: skip


def plot_health_trend(
    periods: Sequence[str],
    scores: Sequence[float],
    *,
    bands: Sequence[tuple[float, float, str, str]] = (),
    window: int | None = None,
    alerts: Sequence[int] = (),
    title: str | None = None,
    ax: Any = None,
) -> Any:
    """A health score by period on its colour bands, with the least-squares trend (2.4.8, 2.7).

    The score is the dark line; the bands of the scorecard are shaded behind
    it in their colours (red, amber and green are drawn in the colour-blind
    safe palette), so a reader sees at once where the account stands and
    when it crossed a band. The dashed line is the least-squares trend over
    the last ``window`` periods, labelled with its slope; periods with an
    alert are ringed.

    Parameters
    ----------
    periods : sequence of str
        Period labels, oldest first.
    scores : sequence of float
        The score in each period, 0-100.
    bands : sequence of (lower, upper, colour, name)
        The score's colour bands.
    window : int, optional
        Periods in the trend line (all of them by default; none when fewer than 2).
    alerts : sequence of int
        Positions of the periods with an alert.
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
        Periods and scores of different lengths, a score that is not finite,
        an alert position out of range.

    Notes
    -----
    :meth:`clientel.planning.AccountHealth.plot` draws it for one account.

    Examples
    --------
    >>> ax = plot_health_trend(["Q1", "Q2", "Q3", "Q4"], [80, 78, 70, 64],
    ...                        bands=[(0, 50, "red", "at risk"), (50, 75, "amber", "watch"),
    ...                               (75, 100, "green", "healthy")], window=3, alerts=[2])
    >>> ax.get_ylabel(), ax.get_legend().get_texts()[1].get_text()
    ('health score (0-100)', 'trend: -7.0 per period over 3 periods')
    """
    y = floats(scores, "scores")
    n = len(periods)
    if y.size != n:
        raise InvalidInputError(f"{n} periods but {y.size} scores", field="scores")
    if any(not 0 <= k < n for k in alerts):
        raise InvalidInputError(f"expected alert positions 0..{n - 1}", field="alerts",
                                value=list(alerts))  # fmt: skip
    ax = axes(ax)
    x = np.arange(n)
    for lower, upper, colour, name in bands:
        ax.axhspan(lower, upper, color=_NAMED.get(colour.lower(), colour), alpha=0.18, lw=0)
        ax.text(1.0, (lower + upper) / 2, f" {name}", transform=ax.get_yaxis_transform(),
                va="center", ha="left", fontsize=8, color=GREY)  # fmt: skip
    ax.plot(x, y, color=BLACK, marker="o", lw=1.8, label="health score")
    w = n if window is None else min(window, n)
    if w >= 2:
        xs = x[-w:].astype(np.float64)
        slope, intercept = np.polyfit(xs, y[-w:], 1)
        ax.plot(xs, intercept + slope * xs, color=BLUE, ls="--", lw=1.5,
                label=f"trend: {slope:+.1f} per period over {w} periods")  # fmt: skip
    if alerts:
        k = np.asarray(sorted(set(alerts)))
        ax.scatter(k, y[k], s=160, facecolors="none", edgecolors=VERMILLION, lw=1.5,
                   label="alert", zorder=3)  # fmt: skip
    ax.set_xticks(x, list(periods), rotation=45 if n > 8 else 0, ha="right" if n > 8 else "center")
    ax.set_ylim(0, 100)
    ax.set_xlabel("period")
    ax.set_ylabel("health score (0-100)")
    ax.set_title(title if title is not None else "Account health over time")
    ax.legend(loc="lower left", fontsize=8, frameon=False)
    return ax
