"""Financial impact by year: revenue, cost and margin, with NPV and IRR."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from clientel.plots._style import (
    BLUE,
    GREEN,
    GREY,
    VERMILLION,
    axes,
    floats,
    money_axis,
    percent_text,
    same_length,
    unit_label,
)

__all__ = ["plot_financial_impact"]


def _headline(npv: float | None, irr: float | None, rate: float | None, currency: str | None,
              irr_note: str | None) -> str:  # fmt: skip
    parts = []
    if npv is not None:
        at = f" at {percent_text(rate)}" if rate is not None else ""
        unit = f" {currency}" if currency else ""
        parts.append(f"NPV{at}: {npv:,.0f}{unit}")
    if irr is not None:
        parts.append(f"IRR: {percent_text(irr)}")
    elif irr_note:
        parts.append(f"IRR: {irr_note}")
    return "\n".join(parts)


def plot_financial_impact(
    years: Sequence[int | str],
    revenue: Sequence[float],
    cost: Sequence[float],
    *,
    currency: str | None = None,
    npv: float | None = None,
    irr: float | None = None,
    rate: float | None = None,
    irr_note: str | None = None,
    title: str | None = None,
    ax: Any = None,
) -> Any:
    """Revenue, cost and margin by year as bars, with NPV and IRR written on the chart (2.4.6).

    Three bars per year: revenue (blue), delivery cost (vermillion) and margin
    (green, below zero in a loss year). The box in the top left gives the
    net present value at the discount rate and the internal rate of return,
    the two figures a business case is judged by.

    Parameters
    ----------
    years : sequence of int or str
        Year labels.
    revenue, cost : sequence of float
        Amounts per year.
    currency : str, optional
        Currency of the amounts, shown on the axis and in the box.
    npv, irr : float, optional
        Net present value and internal rate of return (a fraction: 0.12 is 12 %).
    rate : float, optional
        The discount rate of the NPV (a fraction).
    irr_note : str, optional
        What to write when there is no IRR (``"none: flows do not change sign"``).
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
        Columns of different lengths, amounts that are not finite (named).

    Notes
    -----
    The gallery shows this chart for a key-account opportunity:
    :ref:`gallery-impact`. :meth:`clientel.planning.FinancialImpact.plot`
    draws it from an impact.

    Examples
    --------
    >>> ax = plot_financial_impact([2027, 2028], [2.0e6, 3.0e6], [1.8e6, 2.4e6],
    ...                            currency="EUR", npv=572_803.94, irr=0.31, rate=0.08)
    >>> ax.get_ylabel()
    'amount per year (EUR)'
    >>> print(ax.texts[-1].get_text())
    NPV at 8%: 572,804 EUR
    IRR: 31%
    """
    n = same_length(years=years, revenue=revenue, cost=cost)
    rev = floats(revenue, "revenue")
    cst = floats(cost, "cost")
    ax = axes(ax)
    x = np.arange(n)
    w = 0.27
    ax.bar(x - w, rev, w, label="revenue", color=BLUE)
    ax.bar(x, cst, w, label="delivery cost", color=VERMILLION)
    ax.bar(x + w, rev - cst, w, label="margin", color=GREEN)
    ax.axhline(0, color=GREY, lw=0.8)
    ax.set_xticks(x, [str(y) for y in years])
    ax.set_xlabel("year")
    ax.set_ylabel(unit_label("amount per year", currency))
    money_axis(ax.yaxis)
    top = float(max(rev.max(initial=0.0), cst.max(initial=0.0)))
    bottom = float(min((rev - cst).min(initial=0.0), 0.0))
    ax.set_ylim(bottom - 0.05 * (top - bottom), top + 0.35 * (top - bottom or 1.0))
    ax.set_title(title if title is not None else "Financial impact by year")
    ax.legend(loc="upper right", fontsize=8, frameon=False, ncols=3)
    text = _headline(npv, irr, rate, currency, irr_note)
    if text:
        ax.text(0.015, 0.97, text, transform=ax.transAxes, ha="left", va="top", fontsize=9,
                bbox={"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": GREY,
                      "lw": 0.6})  # fmt: skip
    return ax
