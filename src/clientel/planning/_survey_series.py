"""NPS and CSAT per client (or segment) and period, with their intervals (step 2.7.2)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._internal.arrays import frozen_floats, frozen_int64
from clientel._internal.display import TableDisplay
from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.models import Period, SatisfactionResponse
from clientel.planning._health_history import check_periods
from clientel.planning._satisfaction import DIMENSIONS
from clientel.planning.kernels._survey_series import (
    answer_counts,
    nps_intervals,
    top_box_intervals,
)

__all__ = ["SurveySeries", "survey_series"]

Float = NDArray[np.float64]
Ints = NDArray[np.int64]

_CSAT_SCALE = (1, 5)
_NPS_SCALE = (0, 10)


def _cell(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class SurveySeries(TableDisplay):
    """NPS and CSAT per group (client or segment) and period, each with its interval.

    Every array is groups x periods. A cell without answers has ``n = 0`` and
    NaN scores (there is no score, and it is not 0); tables show it as empty.

    Attributes
    ----------
    groups : tuple of str
        Client ids (or the group names given), sorted.
    periods : tuple of Period
        Oldest first.
    question : str
        The satisfaction question behind CSAT (``"execution"``, ``"after_sales"``
        or ``"people"``, each 1-5).
    boxes : int
        How many top points count as satisfied (2: top-two box).
    confidence : float
        Level of both intervals.
    nps_n, nps, nps_low, nps_high, nps_se
        Answers to "would you recommend us", the NPS (-100..100) and its
        adjusted-Wald interval and standard error (Rocks 2016, as :func:`nps`).
    csat_n, csat, csat_low, csat_high, csat_mean
        Answers to the question, the top-box share (0..1) with its Wilson score
        interval, and the mean answer (1..5).
    outside : int
        Responses dated in none of the periods (left out).
    by : str
        ``"client"`` (each client its own group) or ``"group"`` (groups given).
    """

    groups: tuple[str, ...]
    periods: tuple[Period, ...]
    question: str
    boxes: int
    confidence: float
    nps_n: Ints = attrs.field(converter=frozen_int64)
    nps: Float = attrs.field(converter=frozen_floats)
    nps_low: Float = attrs.field(converter=frozen_floats)
    nps_high: Float = attrs.field(converter=frozen_floats)
    nps_se: Float = attrs.field(converter=frozen_floats)
    csat_n: Ints = attrs.field(converter=frozen_int64)
    csat: Float = attrs.field(converter=frozen_floats)
    csat_low: Float = attrs.field(converter=frozen_floats)
    csat_high: Float = attrs.field(converter=frozen_floats)
    csat_mean: Float = attrs.field(converter=frozen_floats)
    outside: int = 0
    by: str = "client"
    _display_title = "Survey series"

    def row(self, id: str) -> int:  # noqa: A002 - ids are called id everywhere
        """The row of group ``id``."""
        if id not in self.groups:
            raise UnknownReferenceError("no answers from this group", field="id", value=id)
        return self.groups.index(id)

    def to_records(self) -> list[dict[str, Any]]:
        """One row per group and period: n, NPS and interval, CSAT and interval, mean answer."""
        rows = []
        for g, grp in enumerate(self.groups):
            for k, p in enumerate(self.periods):
                rows.append({
                    "group": grp, "period": p.label or f"{p.start}..{p.end}",
                    "nps_n": int(self.nps_n[g, k]), "nps": _cell(self.nps[g, k]),
                    "nps_low": _cell(self.nps_low[g, k]), "nps_high": _cell(self.nps_high[g, k]),
                    "csat_n": int(self.csat_n[g, k]), "csat": _cell(self.csat[g, k]),
                    "csat_low": _cell(self.csat_low[g, k]),
                    "csat_high": _cell(self.csat_high[g, k]),
                    "csat_mean": _cell(self.csat_mean[g, k])})  # fmt: skip
        return rows

    def __repr__(self) -> str:
        return (f"<SurveySeries {len(self.groups)} groups x {len(self.periods)} periods, "
                f"{int(self.nps_n.sum())} NPS and {int(self.csat_n.sum())} {self.question} "
                f"answers, {self.confidence:.0%} intervals>")  # fmt: skip


def survey_series(
    responses: Iterable[SatisfactionResponse],
    periods: Sequence[Period],
    *,
    groups: Mapping[str, str] | None = None,
    question: str = "execution",
    boxes: int = 2,
    confidence: float = 0.95,
) -> SurveySeries:
    """NPS and CSAT of the survey answers per client (or group) and period (step 2.7.2).

    Parameters
    ----------
    responses : iterable of SatisfactionResponse
        The answers; each counts in the period its ``answered_on`` falls in.
    periods : sequence of Period
        In time order, none overlapping.
    groups : mapping of str to str, optional
        Client id -> group (a segment, or one name for the whole unit); by
        default each client is its own group.
    question : str
        The 1-5 question behind CSAT: ``"execution"`` (project execution),
        ``"after_sales"`` or ``"people"`` (step 2.7.2's three dimensions).
    boxes : int
        How many top points count as satisfied (2 of 1-5: the top-two box).
    confidence : float
        Level of the intervals.

    Returns
    -------
    SurveySeries
        Per group and period: the NPS with its adjusted-Wald interval (as
        :func:`nps` computes it) and the top-box share with its Wilson score
        interval (the interval of a proportion that stays within 0..1 and
        keeps its width when everyone answered in the top box).

    Raises
    ------
    PeriodOrderError
        Periods out of order, repeated or overlapping.
    UnknownReferenceError
        A response from a client without a group (when ``groups`` is given).
    InvalidInputError
        An unknown question, a bad number of boxes or confidence level.

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import FiscalYear
    >>> day = dt.date(2026, 2, 1)
    >>> rs = [SatisfactionResponse(client_id="c1", respondent=f"r{k}", answered_on=day,
    ...                            recommend=r, execution=e)
    ...       for k, (r, e) in enumerate([(10, 5), (9, 4), (6, 4), (8, 2)])]
    >>> s = survey_series(rs, FiscalYear(2026).halves())
    >>> s.nps[0].tolist()[0], s.nps_n[0].tolist(), s.csat[0].tolist()[0]
    (25.0, [4, 0], 0.75)
    >>> round(float(s.csat_low[0, 0]), 3), round(float(s.csat_high[0, 0]), 3)
    (0.301, 0.954)
    """
    if question not in DIMENSIONS:
        raise InvalidInputError(f"expected one of {DIMENSIONS}", field="question", value=question)
    period_list = tuple(periods)
    if not period_list or not all(isinstance(p, Period) for p in period_list):
        raise InvalidInputError("expected at least one Period", field="periods")
    check_periods(period_list, "periods")
    items = list(responses)
    if not items:
        raise MissingDataError("expected at least one response", field="responses")
    for i, r in enumerate(items):
        if not isinstance(r, SatisfactionResponse):
            raise InvalidInputError("expected a SatisfactionResponse", field=f"responses[{i}]",
                                    value=type(r).__name__)  # fmt: skip
    names = [r.client_id for r in items]
    if groups is not None:
        unknown = sorted({c for c in names if c not in groups})
        if unknown:
            raise UnknownReferenceError("a client without a group", field="groups",
                                        value=unknown[:3])  # fmt: skip
        names = [groups[c] for c in names]
    day = np.array([r.answered_on.toordinal() for r in items], dtype=np.int64)
    starts = np.array([p.start.toordinal() for p in period_list], dtype=np.int64)
    ends = np.array([p.end.toordinal() for p in period_list], dtype=np.int64)
    k = np.searchsorted(starts, day, side="right") - 1
    inside = (k >= 0) & (day <= ends[np.maximum(k, 0)])
    labels, codes = np.unique(np.array(names, dtype=object), return_inverse=True)
    shape = (len(labels), len(period_list))
    counts = []
    for field, scale in (("recommend", _NPS_SCALE), (question, _CSAT_SCALE)):
        raw = np.array([getattr(r, field) for r in items], dtype=object)
        has = inside & (raw != None)  # noqa: E711 - elementwise: None is a skipped question
        counts.append(answer_counts(codes[has], k[has], raw[has].astype(np.float64), shape, scale))
    nps_c, csat_c = counts
    score, _adjusted, se, low, high = nps_intervals(nps_c, confidence)
    share, mean, c_low, c_high = top_box_intervals(csat_c, boxes, confidence)
    return SurveySeries(groups=tuple(str(x) for x in labels), periods=period_list,
                        question=question, boxes=int(boxes), confidence=float(confidence),
                        nps_n=nps_c.sum(axis=-1), nps=score, nps_low=low, nps_high=high,
                        nps_se=se, csat_n=csat_c.sum(axis=-1), csat=share, csat_low=c_low,
                        csat_high=c_high, csat_mean=mean + _CSAT_SCALE[0],
                        outside=int((~inside).sum()),
                        by="client" if groups is None else "group")  # fmt: skip
