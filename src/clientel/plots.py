"""Charts for the process steps (matplotlib, optional extra ``clientel[plot]``).

Every function is named ``plot_<chart>`` (so none shadows the computing
function of the same step, such as :func:`clientel.pricing.price_band`), draws
on the ``ax`` it is given (or a new figure's axes), returns the
:class:`matplotlib.axes.Axes`, and takes plain sequences, so it works with
results, DataFrame columns or arrays alike. matplotlib is imported only inside
these functions.

Results that carry everything a chart needs draw it themselves with a thin
``plot(ax=None)`` method: ``rank_segments(...).plot()`` (nine-box),
``rank_influencers(...).plot()`` (influencer grid), ``PriceBand.plot()`` and
``FinancialImpact.plot()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from clientel.errors import InvalidInputError

__all__ = [
    "plot_client_map",
    "plot_financial_impact",
    "plot_influencer_grid",
    "plot_nine_box",
    "plot_price_band",
    "plot_rank_acceptability",
    "plot_tornado",
]

_TIER_COLOURS = ("#1b7837", "#f1a340", "#998ec3", "#d9d9d9", "#8c510a")


def _axes(ax: Any) -> Any:
    if ax is not None:
        return ax
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        msg = "matplotlib is needed for plots: pip install 'clientel[plot]'"
        raise ImportError(msg) from exc
    _, new = plt.subplots(figsize=(7, 5))
    return new


def _same_length(**columns: Sequence[Any]) -> int:
    lengths = {name: len(values) for name, values in columns.items()}
    if len(set(lengths.values())) > 1:
        raise InvalidInputError(f"columns differ in length: {lengths}", field="columns")
    return next(iter(lengths.values()), 0)


def plot_nine_box(
    names: Sequence[str],
    attractiveness: Sequence[float],
    strength: Sequence[float],
    sizes: Sequence[float] | None = None,
    *,
    cutoffs: tuple[float, float] = (1 / 3, 2 / 3),
    scale: tuple[float, float] = (0.0, 1.0),
    ax: Any = None,
) -> Any:
    """Segments on the attractiveness / competitive-strength nine-box (step 2.1.4).

    Bubble area is proportional to ``sizes`` (segment size). Cut-offs split
    each axis into low / medium / high.
    """
    n = _same_length(names=names, attractiveness=attractiveness, strength=strength)
    ax = _axes(ax)
    lo, hi = scale
    size = np.ones(n) if sizes is None else np.asarray(sizes, dtype=float)
    area = 2000 * size / size.max() if n and size.max() > 0 else np.full(n, 200.0)
    for cut in cutoffs:
        ax.axvline(lo + (hi - lo) * (cut - scale[0]) / (hi - lo), color="grey", lw=0.8)
        ax.axhline(lo + (hi - lo) * (cut - scale[0]) / (hi - lo), color="grey", lw=0.8)
    ax.scatter(strength, attractiveness, s=area, alpha=0.5, color="#2166ac", edgecolor="k")
    for name, x, y in zip(names, strength, attractiveness, strict=True):
        ax.annotate(name, (x, y), ha="center", va="center", fontsize=8)
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_xlabel("competitive strength")
    ax.set_ylabel("industry attractiveness")
    ax.set_title("Segment portfolio (2.1)")
    return ax


def plot_client_map(
    attractiveness: Sequence[float],
    feasibility: Sequence[float],
    tiers: Sequence[str],
    *,
    labels: Sequence[str] | None = None,
    ax: Any = None,
) -> Any:
    """Clients on the attractiveness / feasibility axes, coloured by tier (step 2.3.3)."""
    _same_length(attractiveness=attractiveness, feasibility=feasibility, tiers=tiers)
    ax = _axes(ax)
    x = np.asarray(feasibility, dtype=float)
    y = np.asarray(attractiveness, dtype=float)
    tier_arr = np.asarray([str(t) for t in tiers])
    for i, tier in enumerate(sorted(set(tier_arr.tolist()))):
        mask = tier_arr == tier
        colour = _TIER_COLOURS[i % len(_TIER_COLOURS)]
        ax.scatter(
            x[mask], y[mask], s=25, color=colour, label=f"tier {tier}", edgecolor="k", lw=0.3
        )
    if labels is not None:
        for label, xi, yi in zip(labels, x, y, strict=True):
            ax.annotate(label, (xi, yi), fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel("feasibility of serving")
    ax.set_ylabel("attractiveness to us")
    ax.set_title("Client importance (2.3)")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def plot_influencer_grid(
    names: Sequence[str],
    influence: Sequence[float],
    accessibility: Sequence[float],
    *,
    thresholds: tuple[float, float] = (3.0, 3.0),
    ax: Any = None,
) -> Any:
    """Influencer entities by influence and ease of access (step 2.2.3)."""
    _same_length(names=names, influence=influence, accessibility=accessibility)
    ax = _axes(ax)
    ax.scatter(accessibility, influence, s=60, color="#762a83", edgecolor="k")
    for name, x, y in zip(names, accessibility, influence, strict=True):
        ax.annotate(name, (x, y), fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.axvline(thresholds[1], color="grey", lw=0.8)
    ax.axhline(thresholds[0], color="grey", lw=0.8)
    ax.set_xlabel("ease of access")
    ax.set_ylabel("influence")
    ax.set_title("Influencers (2.2)")
    return ax


def plot_price_band(
    prices: Sequence[float],
    win_probability: Sequence[float],
    expected_profit: Sequence[float],
    *,
    floor: float,
    target: float,
    stretch: float,
    ax: Any = None,
) -> Any:
    """Win probability and expected profit over price, with the band marked (2.5.4)."""
    _same_length(prices=prices, win_probability=win_probability, expected_profit=expected_profit)
    if not floor <= target <= stretch:
        raise InvalidInputError("expected floor <= target <= stretch", field="band")
    ax = _axes(ax)
    ax.plot(prices, expected_profit, color="#1b7837", label="expected profit")
    ax.axvspan(floor, stretch, color="#a6dba0", alpha=0.3, label="band")
    ax.axvline(target, color="#1b7837", ls="--", label="target")
    ax.set_xlabel("price")
    ax.set_ylabel("expected profit")
    twin = ax.twinx()
    twin.plot(prices, win_probability, color="#2166ac", label="win probability")
    twin.set_ylim(0, 1)
    twin.set_ylabel("win probability")
    ax.set_title("Price band (2.5.4)")
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_financial_impact(
    years: Sequence[int | str],
    revenue: Sequence[float],
    cost: Sequence[float],
    *,
    ax: Any = None,
) -> Any:
    """Revenue, cost and margin by year as bars (step 2.4.6)."""
    n = _same_length(years=years, revenue=revenue, cost=cost)
    ax = _axes(ax)
    x = np.arange(n)
    rev = np.asarray(revenue, dtype=float)
    cst = np.asarray(cost, dtype=float)
    ax.bar(x - 0.27, rev, 0.27, label="revenue", color="#2166ac")
    ax.bar(x, cst, 0.27, label="cost", color="#b2182b")
    ax.bar(x + 0.27, rev - cst, 0.27, label="margin", color="#1b7837")
    ax.set_xticks(x, [str(y) for y in years])
    ax.set_title("Financial impact (2.4.6)")
    ax.legend(fontsize=8)
    return ax


def plot_tornado(
    labels: Sequence[str],
    low: Sequence[float],
    high: Sequence[float],
    base: float,
    *,
    ax: Any = None,
) -> Any:
    """One-at-a-time sensitivity: widest bar on top (step 2.4.6)."""
    _same_length(labels=labels, low=low, high=high)
    ax = _axes(ax)
    lo = np.asarray(low, dtype=float)
    hi = np.asarray(high, dtype=float)
    order = np.argsort(-np.abs(hi - lo), kind="stable")[::-1]
    y = np.arange(len(order))
    ax.barh(y, lo[order] - base, left=base, color="#b2182b", label="low")
    ax.barh(y, hi[order] - base, left=base, color="#2166ac", label="high")
    ax.set_yticks(y, [labels[i] for i in order])
    ax.axvline(base, color="k", lw=0.8)
    ax.set_title("Sensitivity (tornado)")
    ax.legend(fontsize=8)
    return ax


def plot_rank_acceptability(
    ids: Sequence[str], acceptability: Any, *, ax: Any = None, max_rank: int | None = None
) -> Any:
    """Heat map of the probability of each alternative holding each rank (SMAA)."""
    matrix = np.asarray(acceptability, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] != len(ids):
        raise InvalidInputError("expected an (alternatives x ranks) matrix", field="acceptability")
    if max_rank is not None:
        matrix = matrix[:, :max_rank]
    ax = _axes(ax)
    image = ax.imshow(matrix, aspect="auto", cmap="Greens", vmin=0, vmax=1)
    ax.set_yticks(np.arange(len(ids)), list(ids))
    ax.set_xticks(np.arange(matrix.shape[1]), [str(r + 1) for r in range(matrix.shape[1])])
    ax.set_xlabel("rank")
    ax.set_title("Rank acceptability")
    ax.figure.colorbar(image, ax=ax, label="probability")
    return ax
