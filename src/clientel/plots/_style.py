"""What every chart shares: the colour-blind-safe palette, new axes, checks and number formats.

The palette is Okabe and Ito's eight colours (M. Okabe and K. Ito, *Color
Universal Design*, 2008; recommended for figures by B. Wong, "Points of view:
Color blindness", Nature Methods 8, 441, 2011): distinguishable with the
common forms of colour blindness and in grey print. Each meaning keeps one
colour across the charts (good news blue or green, bad news vermillion).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from clientel.errors import InvalidInputError

__all__ = [
    "BLACK",
    "BLUE",
    "GREEN",
    "GREY",
    "ORANGE",
    "PURPLE",
    "SERIES",
    "SKY",
    "VERMILLION",
    "YELLOW",
    "amount_text",
    "axes",
    "floats",
    "money_axis",
    "percent_axis",
    "percent_text",
    "same_length",
    "unit_label",
]

# Okabe-Ito (hex values as published by Wong 2011, figure 2)
BLACK = "#000000"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#595959"  # text and rules: dark enough on white (WCAG contrast above 7:1)
SERIES = (BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, YELLOW, BLACK)


def axes(ax: Any, size: tuple[float, float] = (7.5, 5.0)) -> Any:
    """``ax``, or the axes of a new figure with constrained layout (so legends fit)."""
    if ax is not None:
        return ax
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        msg = "matplotlib is needed for plots: pip install 'clientel[plot]'"
        raise ImportError(msg) from exc
    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def same_length(**columns: Sequence[Any]) -> int:
    """The common length of the columns; InvalidInputError naming the lengths if they differ."""
    lengths = {name: len(values) for name, values in columns.items()}
    if len(set(lengths.values())) > 1:
        raise InvalidInputError(f"columns differ in length: {lengths}", field="columns")
    return next(iter(lengths.values()), 0)


def floats(values: Sequence[Any], field: str, *, allow_nan: bool = False) -> NDArray[np.float64]:
    """``values`` as floats; InvalidInputError naming ``field[i]`` for one that is not finite."""
    try:
        out = np.asarray(values, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError("expected numbers", field=field) from exc
    bad = np.isinf(out) if allow_nan else ~np.isfinite(out)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidInputError("expected a finite number", field=f"{field}[{i}]", value=out[i])
    return out


def unit_label(name: str, currency: str | None) -> str:
    """An axis label naming the unit: ``"price (EUR)"``, or the name alone without a currency."""
    return f"{name} ({currency})" if currency else name


def amount_text(value: float, currency: str | None = None) -> str:
    """A short amount for a reader: ``1.25 M EUR``, ``250 k EUR``, ``950 EUR``, ``-3.4 bn``.

    Examples
    --------
    >>> amount_text(1_250_000, "EUR"), amount_text(-250_400), amount_text(102.5)
    ('1.25 M EUR', '-250.4 k', '102.5')
    """
    text = _compact(value)
    return f"{text} {currency}" if currency else text


def percent_text(value: float) -> str:
    """A fraction as a percentage with one decimal, none when it is whole: ``8%``, ``12.5%``.

    Examples
    --------
    >>> percent_text(0.08), percent_text(0.125), percent_text(2.3327)
    ('8%', '12.5%', '233.3%')
    """
    text = f"{value:.1%}"
    return text.replace(".0%", "%")


def _compact(value: float) -> str:
    if not math.isfinite(value):
        return "–"
    size = abs(value)
    for step, suffix in ((1e9, " bn"), (1e6, " M"), (1e3, " k")):
        if size >= step:
            return f"{value / step:.4g}{suffix}"
    return f"{value:.4g}"


def money_axis(axis: Any) -> None:
    """Ticks of an amount axis written short (``500 k``, ``1.5 M``); the unit is in its label.

    At most seven ticks at round steps, so the short labels never crowd.
    """
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    axis.set_major_formatter(FuncFormatter(lambda x, _pos: _compact(float(x))))


def percent_axis(axis: Any) -> None:
    """Ticks of a probability axis written as percentages (``40%``)."""
    from matplotlib.ticker import PercentFormatter

    axis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
