"""Bid / no-bid scorecard (step 2.5.2): knock-out gates, then a weighted score."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping, identifier
from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.models import BidDecision
from clientel.scoring._criteria import Criterion, criteria_weights
from clientel.scoring.kernels._missing import MissingPolicy
from clientel.scoring.kernels._scorecard import scorecard_points

__all__ = ["BidScorecard", "Gate", "bid_decision"]


@attrs.frozen(kw_only=True)
class Gate:
    """A must-pass (knock-out) criterion: the value must lie in [minimum, maximum].

    A missing value fails the gate: a knock-out cannot be assumed passed.
    """

    criterion: str = attrs.field(validator=identifier)
    minimum: float | None = None
    maximum: float | None = None

    def passes(self, value: float | None) -> bool:
        """True when the value is known and within the limits."""
        if value is None:
            return False
        lo_ok = self.minimum is None or value >= self.minimum
        return lo_ok and (self.maximum is None or value <= self.maximum)


def fixed_scale_score(
    values: Mapping[str, float | None], criteria: Sequence[Criterion], where: str
) -> tuple[float, dict[str, float], dict[str, float], list[str]]:
    """Score one record on criteria with bounds: (score, points, lost points, notes)."""
    w = criteria_weights(criteria)
    notes: list[str] = []
    row = np.empty(len(criteria))
    low = np.empty(len(criteria))
    high = np.empty(len(criteria))
    for j, c in enumerate(criteria):
        if c.bounds is None:
            msg = "needs bounds (the scale, e.g. (1, 5)) to score a single record"
            raise InvalidInputError(msg, field=f"Criterion[{c.name}].bounds")
        low[j], high[j] = c.bounds
        if c.name not in values:
            raise UnknownReferenceError("no value for this criterion", field=f"{where}.{c.name}")
        v = values[c.name]
        if v is None:
            if c.missing is MissingPolicy.RAISE:
                raise MissingDataError("value missing", field=f"{where}.{c.name}")
            v = (low[j] + high[j]) / 2.0
            notes.append(f"{c.name} unknown: scored at the middle of its scale")
        row[j] = float(v)
    if not np.isfinite(row).all():
        raise InvalidInputError("values must be finite", field=where)
    sign = np.array([c.direction.sign for c in criteria], dtype=np.int8)
    pts = scorecard_points(row[None, :], low, high, sign, w)[0]
    names = [c.name for c in criteria]
    points = {n: float(p) for n, p in zip(names, pts, strict=True)}
    lost = {n: float(wj - p) for n, wj, p in zip(names, w, pts, strict=True)}
    return float(pts.sum()), points, lost, notes


@attrs.frozen(kw_only=True, repr=False)
class BidScorecard(TableDisplay):
    """The bid / no-bid decision with its reasons."""

    subject_id: str
    bid: bool
    score: float | None
    threshold: float
    failed_gates: tuple[str, ...]
    points: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    lost: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    reasons: tuple[str, ...]

    def explain(self, k: int = 3) -> Explanation:
        """The verdict, the ``k`` criteria that pulled the score down most, the other reasons.

        Factors are the points each of those criteria lost (negative effects),
        the summary is the verdict and the notes hold the failed gates and
        criteria scored mid-scale for a missing value.
        """
        worst = sorted(self.lost.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        return Explanation(
            subject=self.subject_id,
            summary=self.reasons[0],
            factors=[Factor(criterion=n, effect=-v) for n, v in worst if v > 0],
            effect_kind="points lost against the criterion's full weight",
            notes=self.reasons[1:],
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per criterion: points earned and lost."""
        return [
            {"criterion": n, "points": p, "lost": self.lost[n]}
            for n, p in sorted(self.points.items())
        ]

    def to_decision(self, *, decided_by: str, decided_on: dt.date) -> BidDecision:
        """The :class:`clientel.models.BidDecision` record for the RFP."""
        return BidDecision(
            rfp_id=self.subject_id,
            bid=self.bid,
            decided_by=decided_by,
            decided_on=decided_on,
            score=self.score,
            reasons=self.reasons,
        )


def bid_decision(
    subject_id: str,
    values: Mapping[str, float | None],
    criteria: Sequence[Criterion],
    *,
    gates: Sequence[Gate] = (),
    threshold: float = 0.6,
) -> BidScorecard:
    r"""Decide whether to bid: every gate must pass and the score reach the threshold.

    Parameters
    ----------
    subject_id : str
        The RFP (or opportunity) id.
    values : mapping of criterion name to float or None
        E.g. ``rfp.attributes``.
    criteria : sequence of Criterion
        Weighted criteria, each with ``bounds`` = its scale (e.g. ``(1, 5)``).
    gates : sequence of Gate
        Knock-out criteria; their names must be keys of ``values``.
    threshold : float
        Minimum score in [0, 1].

    Returns
    -------
    BidScorecard
        ``bid``, the score, failed gates and the reasons; ``explain()`` adds
        the criteria that pulled the score down.

    Raises
    ------
    UnknownReferenceError
        A criterion or gate without a value in ``values``.
    MissingDataError
        A missing value of a criterion whose policy is RAISE.
    InvalidInputError
        A criterion without bounds, or a threshold outside [0, 1].

    Notes
    -----
    Score :math:`S = \sum_j w_j\, u_j`, with :math:`u_j = (x_j - l_j)/(h_j - l_j)`
    clipped to [0, 1] (flipped for cost criteria) and weights normalised to
    sum 1. Points lost on criterion :math:`j` are :math:`w_j (1 - u_j)`. Bid
    if no gate fails and :math:`S \ge` threshold. A missing gate value fails the
    gate; a missing score value is scored mid-scale unless its policy is RAISE.

    Examples
    --------
    A tender at Nordbank: we have the references but the deadline is tight.

    >>> from clientel.scoring import Criterion, Direction
    >>> crit = [Criterion(name="fit", weight=3, bounds=(1, 5)),
    ...         Criterion(name="relationship", weight=2, bounds=(1, 5)),
    ...         Criterion(name="competition", weight=1, bounds=(1, 5),
    ...                   direction=Direction.COST)]
    >>> card = bid_decision("rfp-nb", {"fit": 5, "relationship": 3, "competition": 4,
    ...     "references": 1}, crit, gates=[Gate(criterion="references", minimum=1)])
    >>> card.bid, round(card.score, 3)
    (True, 0.708)
    >>> print(card.explain(1))
    rfp-nb: bid: all gates passed and score 0.708 >= 0.600
      relationship  -0.1667
    """
    if not 0.0 <= threshold <= 1.0:
        raise InvalidInputError("expected 0 <= threshold <= 1", field="threshold", value=threshold)
    failed = []
    for g in gates:
        if g.criterion not in values:
            raise UnknownReferenceError("no value for this gate", field=f"values.{g.criterion}")
        if not g.passes(values[g.criterion]):
            failed.append(g.criterion)
    score, points, lost, notes = fixed_scale_score(values, criteria, "values")
    reasons = [f"gate {g} failed (value {values[g]!r})" for g in failed]
    if failed:
        verdict = "no bid: knock-out gate failed"
    elif score < threshold:
        verdict = f"no bid: score {score:.3f} < {threshold:.3f}"
    else:
        verdict = f"bid: all gates passed and score {score:.3f} >= {threshold:.3f}"
    return BidScorecard(
        subject_id=subject_id,
        bid=not failed and score >= threshold,
        score=score,
        threshold=float(threshold),
        failed_gates=tuple(failed),
        points=points,
        lost=lost,
        reasons=(verdict, *reasons, *notes),
    )
