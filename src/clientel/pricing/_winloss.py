"""Win/loss analytics over closed deals (steps 2.5.4 and 2.5.7)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Literal

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._internal.display import TableDisplay
from clientel.errors import InvalidInputError
from clientel.pricing._deals import DealRecord

__all__ = ["LossReasonShare", "WinRate", "loss_pareto", "win_rates", "win_rates_by_position"]


@attrs.frozen(kw_only=True, repr=False)
class WinRate(TableDisplay):
    """Deals, wins and win rate of one group.

    Examples
    --------
    >>> WinRate(key="ret", n=4, wins=3, rate=0.75)
    <WinRate ret: 3 of 4 won (75.0 %)>
    """

    key: str
    n: int
    wins: int
    rate: float

    _display_title = "Win rate"

    def __repr__(self) -> str:
        return f"<WinRate {self.key}: {self.wins} of {self.n} won ({100 * self.rate:.1f} %)>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: key, deals, wins and rate."""
        return [{"key": self.key, "n": self.n, "wins": self.wins, "rate": self.rate}]


@attrs.frozen(kw_only=True, repr=False)
class LossReasonShare(TableDisplay):
    """One loss reason in a Pareto table: count, share of losses and cumulative share.

    One row of :func:`loss_pareto`; the reason itself is the code recorded on
    the deal (:class:`clientel.models.LossReason` lists the proposal codes).
    Its JSON documents keep the type tag ``"LossReason"`` (its name before 0.1.0).

    Examples
    --------
    >>> LossReasonShare(code="price", count=3, share=0.75, cumulative=0.75)
    <LossReasonShare price: 3 losses, 75.0 % (cumulative 75.0 %)>
    """

    code: str
    count: int
    share: float
    cumulative: float

    _display_title = "Loss reason"
    _document_type: ClassVar[str] = "LossReason"

    def __repr__(self) -> str:
        return (
            f"<LossReasonShare {self.code}: {self.count} loss{'es' if self.count != 1 else ''}, "
            f"{100 * self.share:.1f} % "
            f"(cumulative {100 * self.cumulative:.1f} %)>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row: code, count, share and cumulative share."""
        return [{"code": self.code, "count": self.count, "share": self.share,
                 "cumulative": self.cumulative}]  # fmt: skip


def _grouped(keys: Sequence[str], won: NDArray[np.float64]) -> tuple[WinRate, ...]:
    if not keys:
        return ()
    uniq, inv = np.unique(np.asarray(keys, dtype=object).astype(str), return_inverse=True)
    n = np.bincount(inv, minlength=uniq.size)
    w = np.bincount(inv, weights=won, minlength=uniq.size)
    return tuple(WinRate(key=str(k), n=int(c), wins=int(x), rate=float(x / c))
                 for k, c, x in zip(uniq, n, w, strict=True))  # fmt: skip


def win_rates(
    deals: Sequence[DealRecord], *, by: Literal["segment", "competitor"] = "segment"
) -> tuple[WinRate, ...]:
    """Win rate by segment or by competitor, sorted by key.

    Deals without a competitor are grouped under ``"(none)"``.

    Parameters
    ----------
    deals : sequence of DealRecord
        Closed deals (step 2.5.7).
    by : {"segment", "competitor"}
        What the deals are grouped by.

    Returns
    -------
    tuple of WinRate
        One row per group: deals, wins and the win rate.

    Raises
    ------
    InvalidInputError
        ``by`` is neither ``"segment"`` nor ``"competitor"``.

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import Money
    >>> mk = lambda i, s, w: DealRecord(id=f"d{i}", segment_id=s, won=w,
    ...     closed_on=dt.date(2026, 1, 5), price=Money(90, "EUR"), list_price=Money(100, "EUR"))
    >>> deals = [mk(1, "ret", True), mk(2, "ret", False), mk(3, "hlt", True)]
    >>> [(r.key, r.n, r.rate) for r in win_rates(deals)]
    [('hlt', 1, 1.0), ('ret', 2, 0.5)]
    """
    if by == "segment":
        keys = [d.segment_id for d in deals]
    elif by == "competitor":
        keys = [d.competitor_id or "(none)" for d in deals]
    else:
        raise InvalidInputError("expected 'segment' or 'competitor'", field="by", value=by)
    won = np.array([d.won for d in deals], dtype=np.float64)
    return _grouped(keys, won)


def win_rates_by_position(
    deals: Sequence[DealRecord], *, floor: float, target: float, stretch: float
) -> tuple[WinRate, ...]:
    """Win rate by price position in a band given as fractions of list price.

    Groups: ``"1 below floor"`` (ratio < floor), ``"2 floor-target"`` ([floor,
    target)), ``"3 target-stretch"`` ([target, stretch]), ``"4 above stretch"``;
    empty groups are left out.

    Parameters
    ----------
    deals : sequence of DealRecord
        Closed deals (step 2.5.7).
    floor, target, stretch : float
        The band as fractions of list price, ``floor <= target <= stretch``.

    Returns
    -------
    tuple of WinRate
        One row per non-empty group: deals, wins and the win rate.

    Raises
    ------
    InvalidInputError
        ``floor``, ``target`` and ``stretch`` not in order.

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import Money
    >>> mk = lambda i, p, w: DealRecord(id=f"d{i}", segment_id="ret", won=w,
    ...     closed_on=dt.date(2026, 1, 5), price=Money(p, "EUR"), list_price=Money(100, "EUR"))
    >>> deals = [mk(1, 80, True), mk(2, 88, True), mk(3, 92, False), mk(4, 99, False)]
    >>> [(r.key, r.rate) for r in win_rates_by_position(deals, floor=0.85, target=0.9,
    ...                                                  stretch=0.95)]
    [('1 below floor', 1.0), ('2 floor-target', 1.0), ('3 target-stretch', 0.0), ('4 above stretch', 0.0)]
    """  # noqa: E501
    if not floor <= target <= stretch:
        raise InvalidInputError("expected floor <= target <= stretch", field="floor",
                                value=(floor, target, stretch))  # fmt: skip
    ratio = np.array([d.price_ratio for d in deals], dtype=np.float64)
    won = np.array([d.won for d in deals], dtype=np.float64)
    bins = np.searchsorted(np.array([floor, target]), ratio, side="right")
    bins = np.where(ratio > stretch, 3, bins)
    names = np.array(["1 below floor", "2 floor-target", "3 target-stretch", "4 above stretch"])
    return _grouped(list(names[bins]), won)


def loss_pareto(deals: Sequence[DealRecord]) -> tuple[LossReasonShare, ...]:
    """Loss reasons of lost deals ranked by count (ties: code), with cumulative shares.

    Lost deals without a reason count as ``"(unknown)"``.

    Parameters
    ----------
    deals : sequence of DealRecord
        Closed deals (step 2.5.7); won ones are skipped.

    Returns
    -------
    tuple of LossReasonShare
        One row per reason: its count, share and cumulative share.

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import Money
    >>> mk = lambda i, r: DealRecord(id=f"d{i}", segment_id="ret", won=False, loss_reason=r,
    ...     closed_on=dt.date(2026, 1, 5), price=Money(90, "EUR"), list_price=Money(100, "EUR"))
    >>> rows = loss_pareto([mk(1, "price"), mk(2, "price"), mk(3, "scope"), mk(4, "price")])
    >>> [(r.code, r.count, r.cumulative) for r in rows]
    [('price', 3, 0.75), ('scope', 1, 1.0)]
    """
    codes = [d.loss_reason or "(unknown)" for d in deals if not d.won]
    if not codes:
        return ()
    uniq, counts = np.unique(np.asarray(codes, dtype=str), return_counts=True)
    order = np.lexsort((uniq, -counts))
    total = int(counts.sum())
    cum = np.cumsum(counts[order])
    return tuple(LossReasonShare(code=str(uniq[i]), count=int(counts[i]),
                                 share=float(counts[i] / total), cumulative=float(c / total))
                 for i, c in zip(order, cum, strict=True))  # fmt: skip
