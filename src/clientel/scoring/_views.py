"""What every entity ranking offers (:class:`Ranked`), rows found by id in O(1), and the
two-axis views built on an overall ranking."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, runtime_checkable

import attrs

from clientel._internal.display import TableDisplay
from clientel.errors import UnknownReferenceError

if TYPE_CHECKING:
    from clientel._explanation import Explanation
    from clientel.scoring._ranking import Ranking

__all__ = ["AxisView", "Ranked", "by_id", "ids_of"]


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


Row = TypeVar("Row", bound=_HasId)
Item_co = TypeVar("Item_co", covariant=True)


@runtime_checkable
class Ranked(Protocol[Item_co]):
    """What every entity ranking offers, whatever it ranks.

    ``items`` in rank order, their ``ids``, ``item(id)`` and ``explain(id)``
    (a :class:`clientel.Explanation`) found in O(1), and ``to_records()`` for
    tables. :class:`Ranking` (``score_alternatives``, ``rank_options``),
    ``rank_clients``, ``rank_opportunities``, ``rank_segments``,
    ``rank_influencers`` and each level of ``rank_channels``
    (``ChannelChoice.for_level``) return one.

    Examples
    --------
    >>> from clientel.scoring import Criterion, Ranked, score_alternatives
    >>> r = score_alternatives({"a": {"x": 1.0}, "b": {"x": 2.0}}, [Criterion(name="x")],
    ...                        method="weighted_sum")
    >>> isinstance(r, Ranked), r.ids, r.item("a").rank
    (True, ('b', 'a'), 2)
    """

    @property
    def items(self) -> Sequence[Item_co]:
        """The ranked rows, best first."""
        ...

    @property
    def ids(self) -> tuple[str, ...]:
        """Their ids, in the same order."""
        ...

    def item(self, id: str) -> Item_co:  # noqa: A002 - ids are called id everywhere
        """The row of ``id``."""
        ...

    def explain(self, id: str) -> Explanation:  # noqa: A002
        """Why ``id`` ranks where it does."""
        ...

    def to_records(self) -> list[dict[str, Any]]:
        """One plain row per item."""
        ...


def by_id(
    rows: Sequence[Row],
    id: str,  # noqa: A002 - ids are called id everywhere
    where: str,
    cache: dict[str, Any] | None = None,
) -> Row:
    """The row whose ``id`` is ``id``; :class:`UnknownReferenceError` naming ``where`` if none.

    With ``cache`` (a result's private dict) the ids are indexed on the first
    call, so every later call is O(1).
    """
    if cache is None:
        for row in rows:
            if row.id == id:
                return row
    else:
        index = cache.get("index")
        if index is None:
            index = cache["index"] = {row.id: k for k, row in enumerate(rows)}
        k = index.get(id) if isinstance(id, str) else None
        if k is not None:
            found: Row = rows[k]
            return found
    raise UnknownReferenceError(f"not in this {where}", field="id", value=id)


def ids_of(rows: Sequence[_HasId]) -> tuple[str, ...]:
    """The ids of ``rows``, in their order."""
    return tuple(row.id for row in rows)


class AxisView(TableDisplay, Generic[Row]):
    """Rows placed on two axes beside the overall :class:`Ranking` they come from.

    Subclasses are attrs classes with ``items`` and ``ranking`` fields and say
    in :meth:`_placement` where a row sits (quadrant, phase).
    """

    if TYPE_CHECKING:  # the subclasses' fields (no annotations at run time: cattrs reads them)
        items: tuple[Row, ...]
        ranking: Ranking
        _cache: dict[str, Any]

    @property
    def ids(self) -> tuple[str, ...]:
        """Ids in the order of ``items``."""
        return ids_of(self.items)

    def item(self, id: str) -> Row:  # noqa: A002 - ids are called id everywhere
        """The row of ``id`` (O(1) after the first call)."""
        return by_id(self.items, id, "ranking", self._cache)

    def explain(self, id: str) -> Explanation:  # noqa: A002
        """Per-criterion contributions to the overall score, largest effect first.

        The summary adds the row's scores on the two axes and its placement.
        """
        overall = self.ranking.explain(id)
        placement = self._placement(self.item(id))
        return attrs.evolve(overall, summary=f"{overall.summary}; {placement}")

    def _placement(self, row: Row) -> str:  # pragma: no cover - overridden
        raise NotImplementedError
