"""Price bands (floor, target, stretch) from win/loss history, with guards (step 2.5.4)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import Any, Literal

import attrs
import numpy as np

import clientel.pricing.kernels as kernels
from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping, str_tuple
from clientel.errors import (
    ConvergenceError,
    CurrencyMismatchError,
    InvalidInputError,
    MissingDataError,
    NoSolutionError,
)
from clientel.models import Money, Segment
from clientel.pricing._cost import margin_floor
from clientel.pricing._deals import DealRecord, deal_arrays, segment_path, segment_subtree
from clientel.pricing.kernels._response import BidResponseModel

__all__ = ["PriceBand", "percentile_band", "price_band"]

Method = Literal["bid_response", "percentile"]


@attrs.frozen(kw_only=True, repr=False)
class PriceBand(TableDisplay):
    """A price band for one quote, with the diagnostics behind it (step 2.5.4).

    Attributes
    ----------
    floor, target, stretch : Money
        ``floor <= target <= stretch``. Bid-response bands round the floor up,
        the stretch down and the target half-even to the minor unit; percentile
        bands round each level half-even once from its exact value.
    method : str
        ``"bid_response"`` (fitted logit) or ``"percentile"`` (won deals).
    n : int
        Deals the band was computed from.
    segment_path : tuple of str
        The quote's segment and its ancestors; ``segment_used`` is the level whose
        deals were used (a leaf with too few deals falls back to its parent).
    needs_strategic_approval : bool
        True when the market price (the unguarded target) is below the
        minimum-margin floor, or the floor is above list price or the ceiling:
        quoting then needs a strategic decision, the band does not go below floor.
    notes : tuple of str
        Fallbacks and guards that fired, in order.
    diagnostics : mapping of str to float
        Fit quality (``mcfadden_r2``, ``a``, ``b``) and, when a bid-response
        model is available, ``win_probability_*`` and ``expected_profit_*`` at
        floor, target and stretch, and the quote's ``list_price`` and ``cost``
        (so :meth:`plot` can draw the fitted curves).
    """

    floor: Money
    target: Money
    stretch: Money
    method: Method
    n: int
    segment_path: tuple[str, ...] = attrs.field(converter=str_tuple)
    segment_used: str
    needs_strategic_approval: bool = False
    notes: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    diagnostics: Mapping[str, float] = attrs.field(factory=dict, converter=frozen_mapping)

    def __attrs_post_init__(self) -> None:
        if not self.floor <= self.target <= self.stretch:
            got = f"{self.floor}, {self.target}, {self.stretch}"
            msg = f"expected floor <= target <= stretch, got {got}"
            raise InvalidInputError(msg, field="PriceBand")

    _display_title = "Price band"

    def __repr__(self) -> str:
        return (
            f"<PriceBand {self.method} {self.segment_used}: floor {self.floor}, "
            f"target {self.target}, stretch {self.stretch} (n={self.n})>"
        )

    def plot(self, ax: Any = None) -> Any:
        """The band over price, with win probability and expected profit where fitted (2.5.4).

        Calls :func:`clientel.plots.plot_price_band` on ``ax`` (a new figure's
        axes by default) and returns the axes; matplotlib, the
        ``clientel[plot]`` extra, is imported only by this call. A
        bid-response band draws its fitted curves from cost to list price; a
        percentile band draws the band alone.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on.

        Returns
        -------
        matplotlib.axes.Axes
            The axes of the price axis.

        Examples
        --------
        >>> eur = lambda x: Money(x, "EUR")
        >>> band = PriceBand(floor=eur(90), target=eur(100), stretch=eur(110),
        ...                  method="percentile", n=12, segment_path=["all"], segment_used="all")
        >>> ax = band.plot()
        >>> ax.get_title(), ax.get_xlabel()
        ('Price band: what to quote', 'price (EUR)')
        """
        from clientel.plots import plot_price_band

        levels = [self.floor.to_float(), self.target.to_float(), self.stretch.to_float()]
        d = self.diagnostics
        if all(k in d for k in ("a", "b", "list_price", "cost")):
            lo, hi = min(d["cost"], levels[0]), max(d["list_price"], levels[2])
            prices = np.linspace(lo - 0.08 * (hi - lo), hi + 0.08 * (hi - lo), 241)
            win = kernels.win_probability(d["a"], d["b"], prices / d["list_price"])
            curves = (prices.tolist(), win.tolist(), ((prices - d["cost"]) * win).tolist())
        else:
            nan = [float("nan")] * 3
            curves = (levels, nan, nan)
        return plot_price_band(
            *curves,
            floor=levels[0],
            target=levels[1],
            stretch=levels[2],
            currency=self.floor.currency,
            ax=ax,
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per level: price, and win probability and expected profit where fitted."""
        return [
            {
                "level": level,
                "price": str(getattr(self, level)),
                "win_probability": self.diagnostics.get(f"win_probability_{level}"),
                "expected_profit": self.diagnostics.get(f"expected_profit_{level}"),
            }
            for level in ("floor", "target", "stretch")
        ]

    def position(self, price: Money) -> float:
        """Where ``price`` sits: 0 at floor, 1 at stretch (below 0 or above 1 outside)."""
        width = self.stretch - self.floor
        if width.is_zero():
            return 0.0 if price == self.floor else (1.0 if price > self.floor else -1.0)
        return float((price - self.floor) / width)


def _level(
    deals: Sequence[DealRecord],
    segment_id: str,
    segments: Sequence[Segment],
    n_min: int,
    *,
    won_only: bool,
    with_cost: bool = False,
) -> tuple[tuple[str, ...], str, list[DealRecord], list[str]]:
    path = segment_path(segment_id, segments)
    notes: list[str] = []
    chosen: list[DealRecord] = []
    for depth, seg in enumerate(path):
        members = segment_subtree(seg, segments)
        chosen = [
            d
            for d in deals
            if d.segment_id in members
            and (d.won or not won_only)
            and (d.cost is not None or not with_cost)
        ]
        if len(chosen) >= n_min:
            return path, seg, chosen, notes
        nxt = path[depth + 1] if depth + 1 < len(path) else None
        where = f"fell back to {nxt!r}" if nxt else "used the root anyway"
        notes.append(f"segment {seg!r} has {len(chosen)} deals (< n_min={n_min}): {where}")
    return path, path[-1], chosen, notes


def _money_band(
    list_price: Money, lo: float, mid: float, hi: float, floor_min: Money | None
) -> tuple[Money, Money, Money]:
    floor = (list_price * lo).round(rounding=ROUND_CEILING)
    if floor_min is not None and floor < floor_min:
        floor = floor_min
    target = max((list_price * mid).round(), floor)
    stretch = max((list_price * hi).round(rounding=ROUND_FLOOR), target)
    return floor, target, stretch


def _exact_percentiles(values: Sequence[Fraction], percentiles: Sequence[float]) -> list[Fraction]:
    """numpy's default (linear) percentiles of exact values, computed exactly.

    ``h = (n - 1) q / 100``; with ``j = floor(h)`` and ``g = h - j`` the
    percentile is ``x[j] + g (x[j+1] - x[j])`` over the sorted values (Hyndman
    and Fan 1996, definition 7; numpy's ``method="linear"``). Each ``q`` is read
    as the decimal it prints as (``33.3`` is 333/10), every step is exact.
    """
    xs = sorted(values)
    n = len(xs)
    out = []
    for q in percentiles:
        h = (n - 1) * Fraction(Decimal(repr(float(q)))) / 100
        j = int(h)
        g = h - j
        out.append(xs[j] if j + 1 >= n else xs[j] + g * (xs[j + 1] - xs[j]))
    return out


def _half_even(value: Fraction, like: Money) -> Money:
    """``value`` (an amount in ``like``'s currency) rounded half-even once to the minor unit."""
    digits = like.minor_unit
    units = round(value * 10**digits)  # Fraction.__round__ rounds an exact half to even
    return Money(Decimal(units).scaleb(-digits), like.currency)


def percentile_band(
    deals: Sequence[DealRecord],
    *,
    segment_id: str,
    segments: Sequence[Segment],
    list_price: Money,
    n_min: int = 30,
    percentiles: tuple[float, float, float] = (25.0, 50.0, 75.0),
    measure: Literal["list_ratio", "margin"] = "list_ratio",
    cost: Money | None = None,
) -> PriceBand:
    """Empirical band: percentiles of won deals' price / list price (or margin) in the segment.

    Parameters
    ----------
    deals : sequence of DealRecord
        History in the quote's currency.
    segment_id, segments : str, sequence of Segment
        The quote's segment and the segment tree (``Segment.parent_id``).
    list_price : Money
        The quote's list price; the band is ``list price x percentile``.
    n_min : int
        Fewest won deals a segment needs; otherwise its parent's subtree is used.
    percentiles : (float, float, float)
        Floor, target and stretch percentiles, increasing.
    measure : {"list_ratio", "margin"}
        ``"list_ratio"``: band = list price x percentile of price / list.
        ``"margin"``: percentiles of won deals' margin ``(price - cost) / price``
        (deals without a cost are skipped) applied to the quote's ``cost``:
        band = ``cost / (1 - m)``.
    cost : Money, optional
        The quote's cost, above 0; required for ``measure="margin"``.

    Returns
    -------
    PriceBand
        Floor, target and stretch prices, the segment whose deals were used and
        how many.

    Raises
    ------
    MissingDataError
        No won deal in the whole tree above the segment.
    InvalidInputError
        An unknown ``measure``, percentiles not increasing in [0, 100], or a
        missing or non-positive ``cost`` for ``measure="margin"``.
    CurrencyMismatchError
        Deals in more than one currency, or a list price in another one.

    Notes
    -----
    Percentiles use numpy's default linear interpolation (Hyndman and Fan 1996,
    definition 7): ``h = (n - 1) q / 100``, interpolate between order statistics
    ``x[floor(h)]`` and ``x[floor(h) + 1]``. The formula is evaluated exactly on
    the deals' Decimal amounts (each ratio an exact fraction, never a float),
    and each level is rounded half-even once to the minor unit, so a ratio of
    exactly 0.99245 on a list price of 1,000 EUR gives 992.45 EUR, never a cent
    less from float noise.

    .. versionchanged:: 0.1.0
       Exact arithmetic and one half-even rounding per level (floats before;
       the floor was rounded up and the stretch down).

    Examples
    --------
    >>> import datetime as dt
    >>> segs = [Segment(id="all", name="All"), Segment(id="ret", name="Retail", parent_id="all")]
    >>> deals = [DealRecord(id=f"d{r}", segment_id="ret", closed_on=dt.date(2026, 1, 5),
    ...          won=True, price=Money(r, "EUR"), list_price=Money(100, "EUR"))
    ...          for r in (80, 85, 90, 95)]
    >>> band = percentile_band(deals, segment_id="ret", segments=segs,
    ...                        list_price=Money(200000, "EUR"), n_min=3)
    >>> str(band.floor), str(band.target), str(band.stretch), band.segment_used
    ('167500.00 EUR', '175000.00 EUR', '182500.00 EUR', 'ret')
    """
    lo, mid, hi = percentiles
    if not 0 <= lo <= mid <= hi <= 100:
        raise InvalidInputError(
            "expected 0 <= floor <= target <= stretch percentiles <= 100",
            field="percentiles",
            value=percentiles,
        )
    if measure not in ("list_ratio", "margin"):
        raise InvalidInputError("expected 'list_ratio' or 'margin'", field="measure", value=measure)
    by_margin = measure == "margin"
    if by_margin and (cost is None or cost.amount <= 0 or cost.currency != list_price.currency):
        raise InvalidInputError(
            "the margin band needs the quote's cost, above 0, in the list price's currency",
            field="cost",
        )
    path, used, chosen, notes = _level(
        deals, segment_id, segments, n_min, won_only=True, with_cost=by_margin
    )
    if not chosen:
        raise MissingDataError(
            "no won deal in the segment or its ancestors", field="deals", value=segment_id
        )
    deal_arrays(chosen)  # one currency across the deals (CurrencyMismatchError names the first)
    if chosen[0].price.currency != list_price.currency:
        msg = f"deals are in {chosen[0].price.currency}, the quote in {list_price.currency}"
        raise CurrencyMismatchError(msg, field="list_price")
    if by_margin and cost is not None:
        ratios = [Fraction(d.price.amount - d.cost.amount) / Fraction(d.price.amount)
                  for d in chosen if d.cost is not None]  # fmt: skip
        q = _exact_percentiles(ratios, (lo, mid, hi))
        if q[2] >= 1:
            raise InvalidInputError(
                "won deals' margins reach 100 %: no finite price", field="deals"
            )
        levels = [Fraction(cost.amount) / (1 - v) for v in q]
        key = "margin"
    else:
        q = _exact_percentiles(
            [Fraction(d.price.amount) / Fraction(d.list_price.amount) for d in chosen],
            (lo, mid, hi),
        )
        levels = [Fraction(list_price.amount) * v for v in q]
        key = "ratio"
    floor, target, stretch = (_half_even(v, list_price) for v in levels)
    return PriceBand(
        floor=floor,
        target=target,
        stretch=stretch,
        method="percentile",
        n=len(chosen),
        segment_path=path,
        segment_used=used,
        notes=notes,
        diagnostics={f"{key}_p{p:g}": float(v) for p, v in zip(percentiles, q, strict=True)},
    )


def price_band(
    deals: Sequence[DealRecord],
    *,
    segment_id: str,
    segments: Sequence[Segment],
    list_price: Money,
    cost: Money,
    min_margin: float = 0.0,
    delta: float = 0.1,
    ceiling: Money | None = None,
    n_min: int = 30,
) -> PriceBand:
    """The blended, guarded price band for one quote, with diagnostics (step 2.5.4).

    Parameters
    ----------
    deals : sequence of DealRecord
        Won and lost history in the quote's currency.
    segment_id, segments : str, sequence of Segment
        The quote's segment and the tree for fallback to parents.
    list_price, cost : Money
        The quote's list price and cost.
    min_margin : float
        Minimum margin; the floor is never below ``cost / (1 - min_margin)``.
    delta : float
        Floor and stretch are where expected profit falls to ``(1 - delta)`` of its maximum.
    ceiling : Money, optional
        Highest price allowed; the stretch never exceeds it nor the list price.
    n_min : int
        Fewest closed deals for a fit (or won deals for the percentile band) at a segment level.

    Returns
    -------
    PriceBand
        ``method="bid_response"`` when a logit fits (enough closed deals, wins and
        losses, not separated, price coefficient > 0); otherwise the percentile
        band of won deals, with the reason in ``notes``. Floor, target and
        stretch respect ``floor >= margin floor`` and ``stretch <= min(list, ceiling)``.

    Raises
    ------
    MissingDataError
        Neither a fit nor a won deal is available.

    Notes
    -----
    Prices are modelled as fractions ``x = p / list``; the optimum is
    ``x* = c + (1 + W(exp(-a - b c - 1))) / b`` with ``c = cost / list``
    (:func:`optimal_price`). Expected profit is unimodal, so the target (the
    optimum clipped into the guarded band) has the highest expected profit
    in the band.

    Examples
    --------
    >>> import datetime as dt
    >>> segs = [Segment(id="all", name="All")]
    >>> rows = [(80, True), (85, True), (90, False), (88, True), (95, False), (92, True),
    ...         (97, False), (83, False), (86, True), (91, False)]
    >>> deals = [DealRecord(id=f"d{i}", segment_id="all", closed_on=dt.date(2026, 1, 5), won=w,
    ...          price=Money(r, "EUR"), list_price=Money(100, "EUR"))
    ...          for i, (r, w) in enumerate(rows)]
    >>> band = price_band(deals, segment_id="all", segments=segs, list_price=Money(50000, "EUR"),
    ...                   cost=Money(30000, "EUR"), min_margin=0.2, n_min=10)
    >>> band.method, band.floor <= band.target <= band.stretch, band.needs_strategic_approval
    ('bid_response', True, False)
    """
    if cost.currency != list_price.currency:
        raise CurrencyMismatchError("cost and list price differ in currency", field="cost")
    if list_price.amount <= 0 or cost.amount < 0:
        raise InvalidInputError("expected list price > 0 and cost >= 0", field="list_price")
    if ceiling is not None and ceiling.currency != list_price.currency:
        raise CurrencyMismatchError("ceiling and list price differ in currency", field="ceiling")
    mf = margin_floor(cost, min_margin)
    cap = list_price if ceiling is None or ceiling > list_price else ceiling
    path, used, chosen, notes = _level(deals, segment_id, segments, n_min, won_only=False)
    model: BidResponseModel | None = None
    if len(chosen) >= n_min:
        price, lst, _, won = deal_arrays(chosen)
        if chosen[0].price.currency != list_price.currency:
            raise CurrencyMismatchError("deals and quote differ in currency", field="list_price")
        try:
            model = kernels.fit_bid_response(price / lst, won)
        except (NoSolutionError, ConvergenceError, InvalidInputError) as exc:
            notes.append(f"bid-response fit failed ({exc}): percentile band of won deals")
    else:
        notes.append("too few closed deals for a fit: percentile band of won deals")
    lp = float(list_price.amount)
    if model is not None:
        f, t, s, below = kernels.band(
            model,
            [float(cost.amount) / lp],
            delta=delta,
            floor_min=[float(mf.amount) / lp],
            ceiling=[float(cap.amount) / lp],
        )
        floor, target, stretch = _money_band(list_price, f[0], t[0], s[0], mf)
        method: Method = "bid_response"
        n = len(chosen)
        diag = {"a": model.a, "b": model.b, "mcfadden_r2": model.mcfadden_r2 or 0.0,
                "list_price": lp, "cost": float(cost.amount)}  # fmt: skip
        flagged = bool(below[0])
    else:
        pb = percentile_band(
            deals, segment_id=segment_id, segments=segments, list_price=list_price, n_min=n_min
        )
        notes.extend(pb.notes)
        path, used, n, method = pb.segment_path, pb.segment_used, pb.n, "percentile"
        diag = dict(pb.diagnostics)
        flagged = pb.target < mf or mf > cap
        floor = max(pb.floor, mf)
        stretch = max(min(pb.stretch, cap), floor)
        target = min(max(pb.target, floor), stretch)
    if flagged:
        notes.append(
            f"market price is below the minimum-margin floor {mf} (or the floor is "
            "above list/ceiling): needs strategic approval"
        )
    if model is not None:
        c = float(cost.amount)
        for name, p in (("floor", floor), ("target", target), ("stretch", stretch)):
            w = float(kernels.win_probability(model.a, model.b, float(p.amount) / lp))
            diag[f"win_probability_{name}"] = w
            diag[f"expected_profit_{name}"] = (float(p.amount) - c) * w
    return PriceBand(
        floor=floor,
        target=target,
        stretch=stretch,
        method=method,
        n=n,
        segment_path=path,
        segment_used=used,
        needs_strategic_approval=flagged,
        notes=notes,
        diagnostics=diag,
    )
