"""Segment portfolio on the nine-box matrix (steps 2.1.1-2.1.2)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping
from clientel.errors import CurrencyMismatchError, InvalidInputError, MissingDataError
from clientel.models import Money, Segment
from clientel.scoring._views import by_id, ids_of
from clientel.scoring.kernels._nine_box import nine_box

__all__ = ["LEVELS", "NineBoxCell", "SegmentPortfolio", "rank_segments"]

#: The three levels of each nine-box axis, low to high (cells are named by a pair of them).
LEVELS = ("low", "medium", "high")
# Standard GE-McKinsey recommendations by (attractiveness, strength) level index.
_RECOMMENDATION = np.array(
    [
        ["harvest/divest", "harvest/divest", "selective"],
        ["harvest/divest", "selective", "invest/grow"],
        ["selective", "invest/grow", "invest/grow"],
    ]
)


@attrs.frozen(kw_only=True)
class NineBoxCell:
    """One segment on the nine-box: axis scores, cell, recommendation, bubble size.

    ``name`` is the segment's name, for charts and tables (None in documents
    written before it was kept).
    """

    id: str
    name: str | None = None
    attractiveness: float
    strength: float
    attractiveness_level: str
    strength_level: str
    recommendation: str
    size: Money | None
    attractiveness_points: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    strength_points: Mapping[str, float] = attrs.field(converter=frozen_mapping)


@attrs.frozen(kw_only=True, repr=False)
class SegmentPortfolio(TableDisplay):
    """Segments on the nine-box, by recommendation then attractiveness.

    A :class:`Ranked` result: ``items`` are the cells in that order, ``item(id)``
    (or ``cell(id)``) a segment's cell.
    """

    cells: tuple[NineBoxCell, ...]
    scale: tuple[float, float]
    cuts: tuple[float, float]
    _cache: dict[str, Any] = attrs.field(init=False, factory=dict, repr=False, eq=False)

    @property
    def items(self) -> tuple[NineBoxCell, ...]:
        """The cells, invest/grow first, then by attractiveness and id."""
        return self.cells

    @property
    def ids(self) -> tuple[str, ...]:
        """Segment ids in the order of the cells."""
        return ids_of(self.cells)

    def cell(self, id: str) -> NineBoxCell:  # noqa: A002 - ids are called id everywhere
        """The cell of one segment (O(1) after the first call)."""
        return by_id(self.cells, id, "portfolio", self._cache)

    def item(self, id: str) -> NineBoxCell:  # noqa: A002
        """The cell of one segment (the :class:`Ranked` name for :meth:`cell`)."""
        return self.cell(id)

    def explain(self, id: str, k: int = 2) -> Explanation:  # noqa: A002
        """Placement and the ``k`` factors that weigh most on each axis.

        Factors are named ``axis.factor`` with their weighted points (attractiveness
        first, each axis largest first); the notes say the same in words.

        Examples
        --------
        >>> from clientel.models import Segment
        >>> banks = Segment(id="banking", name="Banking", factors={"growth": 4, "share": 5})
        >>> print(rank_segments([banks], attractiveness={"growth": 1},
        ...                     strength={"share": 1}).explain("banking"))
        banking: attractiveness 4.00 (high), strength 5.00 (high) -> invest/grow
          attractiveness.growth  +4
          strength.share         +5
          attractiveness from growth 4.00
          strength from share 5.00
        """
        c = self.cell(id)
        factors: list[Factor] = []
        notes = []
        for axis, points in (
            ("attractiveness", c.attractiveness_points),
            ("strength", c.strength_points),
        ):
            top = sorted(points.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
            factors += [Factor(criterion=f"{axis}.{n}", effect=v) for n, v in top]
            notes.append(f"{axis} from " + ", ".join(f"{n} {v:.2f}" for n, v in top))
        return Explanation(
            subject=c.id,
            summary=(
                f"attractiveness {c.attractiveness:.2f} ({c.attractiveness_level}), "
                f"strength {c.strength:.2f} ({c.strength_level}) -> {c.recommendation}"
            ),
            factors=factors,
            effect_kind="weighted points on the axis (w_j x_j, weights normalised per axis)",
            notes=notes,
        )

    def plot(self, ax: Any = None) -> Any:
        """The nine-box of these segments by name, bubble area by segment size (step 2.1.4).

        Calls :func:`clientel.plots.plot_nine_box` with the portfolio's scale
        and cuts on ``ax`` (a new figure's axes by default) and returns the
        axes; matplotlib, the ``clientel[plot]`` extra, is imported only by
        this call. A segment without a size is a small hollow bubble.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.

        Raises
        ------
        CurrencyMismatchError
            Segment sizes in more than one currency.

        Examples
        --------
        >>> from clientel.models import Segment
        >>> banks = Segment(id="banking", name="Banking", factors={"growth": 4, "share": 5},
        ...                 size=Money(900_000_000, "EUR"))
        >>> ax = rank_segments([banks], attractiveness={"growth": 1},
        ...                    strength={"share": 1}).plot()
        >>> ax.get_title(), ax.get_legend().get_title().get_text()
        ('Segment portfolio: where to invest', 'market size (EUR)')
        """
        from clientel.plots import plot_nine_box

        currencies = sorted({c.size.currency for c in self.cells if c.size is not None})
        if len(currencies) > 1:
            raise CurrencyMismatchError(f"segment sizes in {currencies}", field="cells.size")
        sized = bool(currencies)
        return plot_nine_box(
            [c.name or c.id for c in self.cells],
            [c.attractiveness for c in self.cells],
            [c.strength for c in self.cells],
            [np.nan if c.size is None else c.size.to_float() for c in self.cells]
            if sized
            else None,
            cuts=self.cuts,
            scale=self.scale,
            currency=currencies[0] if sized else None,
            ax=ax,
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per segment."""
        return [
            {
                "id": c.id,
                "name": c.name,
                "attractiveness": c.attractiveness,
                "strength": c.strength,
                "cell": f"{c.attractiveness_level}/{c.strength_level}",
                "recommendation": c.recommendation,
                "size": None if c.size is None else c.size.format(),
            }
            for c in self.cells
        ]


def _axis(
    segments: Sequence[Segment], weights: Mapping[str, float], scale: tuple[float, float], axis: str
) -> tuple[list[str], NDArray[np.float64], NDArray[np.float64]]:
    names = sorted(weights)
    w = np.array([weights[n] for n in names], dtype=np.float64)
    if not names or not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise InvalidInputError("expected non-negative weights, not all zero", field=axis)
    X = np.empty((len(segments), len(names)))
    for i, s in enumerate(segments):
        for j, n in enumerate(names):
            v = s.factors.get(n)
            if v is None:
                msg = f"no score for {axis} factor {n!r}"
                raise MissingDataError(msg, field=f"segments[{s.id!r}].factors[{n!r}]")
            if not scale[0] <= v <= scale[1]:
                raise InvalidInputError(
                    f"expected a score on the scale {scale}",
                    field=f"segments[{s.id!r}].factors[{n!r}]",
                    value=v,
                )
            X[i, j] = v
    return names, X, w / w.sum()


def rank_segments(
    segments: Sequence[Segment],
    *,
    attractiveness: Mapping[str, float],
    strength: Mapping[str, float],
    scale: tuple[float, float] = (1.0, 5.0),
    cuts: tuple[float, float] | None = None,
) -> SegmentPortfolio:
    r"""Place segments on the attractiveness / competitive-strength nine-box.

    Parameters
    ----------
    segments : sequence of Segment
        Each scores every factor in ``segment.factors`` on ``scale``.
    attractiveness : mapping of factor to weight
        Industry attractiveness factors (step 2.1.1), e.g. size, growth,
        price_trend, profit_trend, substitutes.
    strength : mapping of factor to weight
        Our competitive strength (step 2.1.2), e.g. share, relative financials,
        standing on the segment's key success factors.
    scale : (float, float)
        Scale of the factor scores: (1, 5) by default, or (0, 1).
    cuts : (float, float), optional
        Boundaries low|medium and medium|high; a score equal to a cut belongs to
        the upper level. Default: thirds of the scale.

    Returns
    -------
    SegmentPortfolio
        Per segment both axis scores :math:`\sum_j w_j x_j` (weights normalised
        per axis), the cell, the standard recommendation (invest/grow above the
        diagonal, selective on it, harvest/divest below) and the size for the
        bubble; ordered invest/grow, selective, harvest/divest, then by
        attractiveness (descending) and id.

    Raises
    ------
    MissingDataError
        A segment without a score for a factor (named).
    InvalidInputError
        A score off the scale, bad weights or cuts.

    References
    ----------
    R. G. Coyle, *Practical Strategy*, Prentice Hall, 2004, ch. 3 (GE / McKinsey matrix).

    Examples
    --------
    >>> from clientel.models import Segment
    >>> banks = Segment(id="banking", name="Banking",
    ...                 factors={"growth": 4, "size": 5, "share": 4, "references": 5})
    >>> retail = Segment(id="retail", name="Retail",
    ...                  factors={"growth": 2, "size": 3, "share": 1, "references": 2})
    >>> pf = rank_segments([retail, banks], attractiveness={"growth": 1, "size": 1},
    ...                        strength={"share": 2, "references": 1})
    >>> [(c.id, c.attractiveness_level, c.strength_level, c.recommendation) for c in pf.cells]
    [('banking', 'high', 'high', 'invest/grow'), ('retail', 'medium', 'low', 'harvest/divest')]
    """
    lo, hi = float(scale[0]), float(scale[1])
    if not lo < hi:
        raise InvalidInputError("expected low < high", field="scale", value=scale)
    c = np.array(cuts if cuts is not None else (lo + (hi - lo) / 3, lo + 2 * (hi - lo) / 3))
    if c.shape != (2,) or not (lo < c[0] < c[1] < hi):
        raise InvalidInputError("expected low < cut1 < cut2 < high", field="cuts", value=cuts)
    segs = sorted(segments, key=lambda s: s.id)
    if len({s.id for s in segs}) != len(segs):
        raise InvalidInputError("duplicate segment ids", field="segments")
    an, A, aw = _axis(segs, attractiveness, (lo, hi), "attractiveness")
    sn, S, sw = _axis(segs, strength, (lo, hi), "strength")
    a_pts, s_pts = A * aw, S * sw
    a_score, s_score = a_pts.sum(axis=1), s_pts.sum(axis=1)
    ai, si = nine_box(a_score, s_score, c)
    rec = _RECOMMENDATION[ai, si]
    rank = {"invest/grow": 0, "selective": 1, "harvest/divest": 2}
    order = sorted(range(len(segs)), key=lambda i: (rank[str(rec[i])], -a_score[i], segs[i].id))
    cells = tuple(
        NineBoxCell(
            id=segs[i].id,
            name=segs[i].name,
            attractiveness=float(a_score[i]),
            strength=float(s_score[i]),
            attractiveness_level=LEVELS[ai[i]],
            strength_level=LEVELS[si[i]],
            recommendation=str(rec[i]),
            size=segs[i].size,
            attractiveness_points={n: float(v) for n, v in zip(an, a_pts[i], strict=True)},
            strength_points={n: float(v) for n, v in zip(sn, s_pts[i], strict=True)},
        )
        for i in order
    )
    return SegmentPortfolio(cells=cells, scale=(lo, hi), cuts=(float(c[0]), float(c[1])))
