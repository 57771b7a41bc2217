"""Finding a result row by id, and the two-axis views built on an overall ranking."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

import attrs

from clientel._internal.display import TableDisplay
from clientel.errors import UnknownReferenceError

if TYPE_CHECKING:
    from clientel._explanation import Explanation
    from clientel.scoring._ranking import Ranking

__all__ = ["AxisView", "by_id"]


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


Row = TypeVar("Row", bound=_HasId)


def by_id(rows: Iterable[Row], id: str, where: str) -> Row:  # noqa: A002 - ids are called id
    """The row whose ``id`` is ``id``; :class:`UnknownReferenceError` naming ``where`` if none."""
    for row in rows:
        if row.id == id:
            return row
    raise UnknownReferenceError(f"not in this {where}", field="id", value=id)


class AxisView(TableDisplay, Generic[Row]):
    """Rows placed on two axes beside the overall :class:`Ranking` they come from.

    Subclasses are attrs classes with ``items`` and ``ranking`` fields and say
    in :meth:`_placement` where a row sits (quadrant, phase).
    """

    if TYPE_CHECKING:  # the subclasses' fields (no annotations at run time: cattrs reads them)
        items: tuple[Row, ...]
        ranking: Ranking

    def item(self, id: str) -> Row:  # noqa: A002 - ids are called id everywhere
        """The row of ``id``."""
        return by_id(self.items, id, "ranking")

    def explain(self, id: str) -> Explanation:  # noqa: A002
        """Per-criterion contributions to the overall score, largest effect first.

        The summary adds the row's scores on the two axes and its placement.
        """
        overall = self.ranking.explain(id)
        placement = self._placement(self.item(id))
        return attrs.evolve(overall, summary=f"{overall.summary}; {placement}")

    def _placement(self, row: Row) -> str:  # pragma: no cover - overridden
        raise NotImplementedError
