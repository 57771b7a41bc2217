"""Won and lost deal history, and the segment tree it is grouped by (steps 2.5.4, 2.5.7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._internal.validators import identifier, optional
from clientel.errors import CurrencyMismatchError, InvalidInputError, UnknownReferenceError
from clientel.models import Money, Segment
from clientel.models._money_checks import money_at_least_zero

__all__ = ["DealRecord", "deal_arrays", "segment_path", "segment_subtree"]


def _positive(instance: object, attribute: attrs.Attribute[Money], value: Money) -> None:
    money_at_least_zero(instance, attribute, value)
    if value.amount <= 0:
        raise InvalidInputError("must be above 0", field=f"DealRecord.{attribute.name}",
                                value=str(value))  # fmt: skip


@attrs.frozen(kw_only=True)
class DealRecord:
    """One closed deal, won or lost: the history price bands learn from (step 2.5.7).

    Parameters
    ----------
    id, segment_id : str
        The deal and its client segment.
    closed_on : date
        When the outcome was recorded.
    price, list_price : Money
        The price quoted (our final offer) and the list price, both above 0.
    cost : Money, optional
        Our cost, for margin-based bands.
    won : bool
        Whether the client accepted.
    competitor_id : str, optional
        The winner (when lost) or the main rival (when won).
    loss_reason, loss_text : str
        A loss-reason code (``"price"``, ``"scope"``, ...) and free text.
    """

    id: str = attrs.field(validator=identifier)
    segment_id: str = attrs.field(validator=identifier)
    closed_on: dt.date
    price: Money = attrs.field(validator=_positive)
    list_price: Money = attrs.field(validator=_positive)
    won: bool
    cost: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    competitor_id: str | None = attrs.field(default=None, validator=optional(identifier))
    loss_reason: str | None = attrs.field(default=None, validator=optional(identifier))
    loss_text: str = ""

    def __attrs_post_init__(self) -> None:
        for name in ("list_price", "cost"):
            item = getattr(self, name)
            if item is not None and item.currency != self.price.currency:
                msg = f"expected {self.price.currency} like the price, got {item.currency}"
                raise CurrencyMismatchError(msg, field=f"DealRecord.{name}")
        if self.won and self.loss_reason is not None:
            raise InvalidInputError("a won deal has no loss reason", field="DealRecord.loss_reason")

    @property
    def price_ratio(self) -> float:
        """Price as a fraction of list price."""
        return float(self.price.amount / self.list_price.amount)


def deal_arrays(
    deals: Sequence[DealRecord],
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Columns ``(price, list_price, cost, won)`` as float arrays; cost NaN when unknown.

    All deals must share one currency (CurrencyMismatchError names the first that does not).
    """
    if deals:
        cur = deals[0].price.currency
        for i, d in enumerate(deals):
            if d.price.currency != cur:
                raise CurrencyMismatchError(f"expected {cur}, got {d.price.currency}",
                                            field=f"deals[{i}].price")  # fmt: skip
    price = np.array([float(d.price.amount) for d in deals], dtype=np.float64)
    lst = np.array([float(d.list_price.amount) for d in deals], dtype=np.float64)
    cost = np.array([np.nan if d.cost is None else float(d.cost.amount) for d in deals],
                    dtype=np.float64)  # fmt: skip
    won = np.array([d.won for d in deals], dtype=np.float64)
    return price, lst, cost, won


def segment_path(segment_id: str, segments: Sequence[Segment]) -> tuple[str, ...]:
    """``segment_id`` followed by its ancestors up to the root (via ``Segment.parent_id``).

    Parameters
    ----------
    segment_id : str
        The segment to start from.
    segments : sequence of Segment
        The segment tree.

    Returns
    -------
    tuple of str
        The segment's id, its parent's, and so on to the root.

    Raises
    ------
    UnknownReferenceError
        A segment (or a parent) not in ``segments``.
    InvalidInputError
        The tree has a cycle.

    Examples
    --------
    >>> segs = [Segment(id="all", name="All"), Segment(id="ret", name="Retail", parent_id="all")]
    >>> segment_path("ret", segs)
    ('ret', 'all')
    """
    by_id = {s.id: s for s in segments}
    path: list[str] = []
    current: str | None = segment_id
    while current is not None:
        if current not in by_id:
            raise UnknownReferenceError(f"unknown segment {current!r}", field="segment_id")
        if current in path:
            raise InvalidInputError("the segment tree has a cycle", field="segments",
                                    value=current)  # fmt: skip
        path.append(current)
        current = by_id[current].parent_id
    return tuple(path)


def segment_subtree(segment_id: str, segments: Sequence[Segment]) -> frozenset[str]:
    """``segment_id`` and all its descendants."""
    children: dict[str, list[str]] = {}
    for s in segments:
        if s.parent_id is not None:
            children.setdefault(s.parent_id, []).append(s.id)
    seen: set[str] = set()
    stack = [segment_id]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(children.get(node, ()))
    return frozenset(seen)
