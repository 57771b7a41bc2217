"""Scored forms of steps 2.1.1-2.1.2 and 2.4.4: competitive profile, EFE/IFE, five forces."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._explanation import Explanation, Factor
from clientel._internal.arrays import as_number
from clientel._internal.display import TableDisplay
from clientel._internal.validators import as_mapping, frozen_mapping
from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.models import Competitor

__all__ = [
    "FORCES",
    "CompetitiveProfile",
    "FactorEvaluation",
    "FactorGap",
    "FiveForces",
    "competitive_profile",
    "factor_evaluation",
    "five_forces",
]

#: Porter's five forces, the keys of a five-forces rating (step 2.1.1).
FORCES = ("buyer_power", "new_entrants", "rivalry", "substitutes", "supplier_power")


def _weights(weights: Mapping[str, float], field: str) -> tuple[list[str], NDArray[np.float64]]:
    names = sorted(as_mapping(weights, field))
    if not names:
        raise InvalidInputError("expected at least one factor", field=field)
    w = np.array([as_number(weights[n], f"{field}[{n!r}]", finite=False) for n in names])
    if not np.isfinite(w).all() or (w < 0).any() or not math.isclose(w.sum(), 1.0, abs_tol=1e-9):
        raise InvalidInputError("weights must be >= 0 and sum to 1", field=field, value=w.sum())
    return names, w


def _ratings(
    values: Mapping[str, float], names: list[str], field: str, lo: float = 1, hi: float = 4
) -> NDArray[np.float64]:
    for n in as_mapping(values, field):
        if n not in names:
            raise UnknownReferenceError("factor without a weight", field=f"{field}[{n!r}]")
    out = np.empty(len(names))
    for j, n in enumerate(names):
        if n not in values:
            raise MissingDataError("no rating for this factor", field=f"{field}[{n!r}]")
        v = as_number(values[n], f"{field}[{n!r}]")
        if not lo <= v <= hi:
            raise InvalidInputError(
                f"expected a rating in [{lo:g}, {hi:g}]", field=f"{field}[{n!r}]", value=v
            )
        out[j] = v
    return out


@attrs.frozen(kw_only=True)
class FactorGap:
    """Our rating minus a competitor's on one key success factor."""

    factor: str
    competitor: str
    ours: float
    theirs: float
    gap: float


@attrs.frozen(kw_only=True, repr=False)
class CompetitiveProfile(TableDisplay):
    """Competitive profile matrix: weighted totals, gaps, strengths and weaknesses."""

    weights: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    totals: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    gaps: tuple[FactorGap, ...]
    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]

    def explain(self) -> Explanation:
        """Every firm's weighted total (factors, highest first); strengths and weaknesses.

        Examples
        --------
        >>> from clientel.models import Competitor
        >>> rival = Competitor(id="globex", name="Globex", ratings={"references": 4, "price": 2})
        >>> print(competitive_profile({"references": 3, "price": 4}, [rival],
        ...                           {"references": 0.6, "price": 0.4}).explain())
        competitive profile: us leads with 3.40
          us      +3.4
          globex  +3.2
          strengths: price
          weaknesses: references
        """
        ranked = sorted(self.totals.items(), key=lambda kv: (-kv[1], kv[0]))
        return Explanation(
            subject="competitive profile",
            summary=f"{ranked[0][0]} leads with {ranked[0][1]:.2f}",
            factors=[Factor(criterion=who, effect=t) for who, t in ranked],
            effect_kind="weighted rating total (1 to 4)",
            notes=[
                "strengths: " + (", ".join(self.strengths) or "none"),
                "weaknesses: " + (", ".join(self.weaknesses) or "none"),
            ],
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per factor and competitor."""
        return [attrs.asdict(g) for g in self.gaps]


def competitive_profile(
    ours: Mapping[str, float],
    competitors: Sequence[Competitor],
    weights: Mapping[str, float],
    *,
    us: str = "us",
) -> CompetitiveProfile:
    r"""Competitive profile matrix (CPM) on key success factors (steps 2.1.2, 2.4.4).

    Parameters
    ----------
    ours : mapping of factor id to rating
        Our rating per key success factor, 1 (major weakness) to 4 (major strength).
    competitors : sequence of Competitor
        Their ``ratings`` on the same factors (the process suggests one to three
        competitors and one to three factors).
    weights : mapping of factor id to float
        Importance of each factor in the segment, summing to 1.
    us : str
        Our name in the totals.

    Returns
    -------
    CompetitiveProfile
        Weighted total per firm (:math:`\sum_j w_j r_j`, 1 to 4), gaps (ours
        minus theirs, per factor and competitor, sorted by factor then
        competitor), strengths (factors where we beat every competitor) and
        weaknesses (factors where some competitor beats us).

    Raises
    ------
    InvalidInputError
        Weights not summing to 1, ratings outside 1-4, duplicate competitors.
    MissingDataError, UnknownReferenceError
        A factor without a rating or a rating without a weight (named).

    References
    ----------
    F. R. David, *Strategic Management: Concepts and Cases*, 13th ed., Prentice
    Hall, 2011, ch. 3 ("The Competitive Profile Matrix"). The test suite
    reproduces the published Table 3-14, "Another Example Competitive Profile
    Matrix" (totals 2.83, 2.28 and 3.68), from a copy of p. 82 whose edition the
    page itself does not show.

    Examples
    --------
    >>> from clientel.models import Competitor
    >>> rival = Competitor(id="globex", name="Globex", ratings={"references": 4, "price": 2})
    >>> cpm = competitive_profile({"references": 3, "price": 4}, [rival],
    ...                           {"references": 0.6, "price": 0.4})
    >>> dict(cpm.totals), cpm.strengths, cpm.weaknesses
    ({'us': 3.4, 'globex': 3.2}, ('price',), ('references',))
    """
    names, w = _weights(weights, "weights")
    ids = [c.id for c in competitors]
    if len(set(ids)) != len(ids) or us in ids:
        raise InvalidInputError(
            "competitor ids must be distinct and differ from us", field="competitors"
        )
    mine = _ratings(ours, names, "ours")
    theirs = np.array(
        [_ratings(c.ratings, names, f"competitors[{c.id!r}].ratings") for c in competitors]
    ).reshape(len(competitors), len(names))
    gaps = mine[None, :] - theirs
    totals = {us: float(mine @ w), **{c: float(t) for c, t in zip(ids, theirs @ w, strict=True)}}
    order = sorted(range(len(ids)), key=lambda k: ids[k])
    rows = tuple(
        FactorGap(
            factor=n,
            competitor=ids[k],
            ours=float(mine[j]),
            theirs=float(theirs[k, j]),
            gap=float(gaps[k, j]),
        )
        for j, n in enumerate(names)
        for k in order
    )
    beat_all = (gaps > 0).all(axis=0) if ids else np.zeros(len(names), bool)
    beaten = (gaps < 0).any(axis=0) if ids else np.zeros(len(names), bool)
    return CompetitiveProfile(
        weights={n: float(x) for n, x in zip(names, w, strict=True)},
        totals=totals,
        gaps=rows,
        strengths=tuple(n for n, b in zip(names, beat_all, strict=True) if b),
        weaknesses=tuple(n for n, b in zip(names, beaten, strict=True) if b),
    )


@attrs.frozen(kw_only=True, repr=False)
class FactorEvaluation(TableDisplay):
    """An external (EFE) or internal (IFE) factor evaluation matrix."""

    kind: str
    total: float
    weighted: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    assessment: str

    def explain(self, k: int = 3) -> Explanation:
        """The total and assessment; the ``k`` factors with the largest weighted scores."""
        top = sorted(self.weighted.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        return Explanation(
            subject=f"{self.kind} factor evaluation",
            summary=f"total {self.total:.2f}: {self.assessment} (average 2.5)",
            factors=[Factor(criterion=f, effect=v) for f, v in top],
            effect_kind="weighted rating w_j r_j",
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per factor."""
        return [{"factor": f, "weighted": v} for f, v in sorted(self.weighted.items())]


def factor_evaluation(
    ratings: Mapping[str, float], weights: Mapping[str, float], *, kind: str = "external"
) -> FactorEvaluation:
    r"""External or internal factor evaluation matrix (EFE / IFE, steps 2.1.1-2.1.2).

    Parameters
    ----------
    ratings : mapping of factor to rating 1-4
        EFE: how well we respond to each opportunity or threat (1 poor, 4
        superior). IFE: 1 major weakness, 2 minor weakness, 3 minor strength,
        4 major strength.
    weights : mapping of factor to float
        Importance, summing to 1.
    kind : {"external", "internal"}

    Returns
    -------
    FactorEvaluation
        Total :math:`\sum_j w_j r_j` in [1, 4] and an assessment against the
        average 2.5 ("strong" above, "weak" below, "average" equal).

    Raises
    ------
    InvalidInputError
        Unknown kind, weights not summing to 1, a rating outside 1-4.
    MissingDataError, UnknownReferenceError
        A factor without a rating or a rating without a weight (named).

    References
    ----------
    F. R. David, *Strategic Management: Concepts and Cases*, 13th ed., 2011, ch. 3-4.

    Examples
    --------
    >>> efe = factor_evaluation({"cloud_demand": 4, "new_entrants": 2},
    ...                         {"cloud_demand": 0.7, "new_entrants": 0.3})
    >>> round(efe.total, 2), efe.assessment
    (3.4, 'strong')
    """
    if kind not in ("external", "internal"):
        raise InvalidInputError("expected 'external' or 'internal'", field="kind", value=kind)
    names, w = _weights(weights, "weights")
    r = _ratings(ratings, names, "ratings")
    ws = r * w
    total = float(ws.sum())
    assessment = "strong" if total > 2.5 + 1e-12 else "weak" if total < 2.5 - 1e-12 else "average"
    return FactorEvaluation(
        kind=kind,
        total=total,
        weighted={n: float(x) for n, x in zip(names, ws, strict=True)},
        assessment=assessment,
    )


@attrs.frozen(kw_only=True, repr=False)
class FiveForces(TableDisplay):
    """Five-forces scorecard: intensity per force, overall, and attractiveness."""

    intensity: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    weights: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    overall: float
    attractiveness: float
    strongest: str

    def explain(self) -> Explanation:
        """Overall intensity and attractiveness; the forces from strongest to weakest."""
        order = sorted(self.intensity.items(), key=lambda kv: (-kv[1], kv[0]))
        return Explanation(
            subject="five forces",
            summary=(
                f"overall {self.overall:.2f}, attractiveness {self.attractiveness:.2f}; "
                f"strongest {self.strongest}"
            ),
            factors=[Factor(criterion=f, effect=v) for f, v in order],
            effect_kind="force intensity (1 weak to 5 strong)",
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per force."""
        return [
            {"force": f, "intensity": v, "weight": self.weights[f]}
            for f, v in sorted(self.intensity.items())
        ]


def five_forces(
    intensity: Mapping[str, float], *, weights: Mapping[str, float] | None = None
) -> FiveForces:
    r"""Five-forces scorecard of a segment (step 2.1.1).

    Parameters
    ----------
    intensity : mapping of force to rating 1-5
        One of each of :data:`FORCES`; 1 = weak force, 5 = strong force.
    weights : mapping of force to float, optional
        Summing to 1; equal by default.

    Returns
    -------
    FiveForces
        ``overall`` = :math:`\sum_f w_f s_f` (1-5) and ``attractiveness`` =
        :math:`(5 - \text{overall}) / 4` in [0, 1]; the strongest force (ties
        by name).

    Raises
    ------
    UnknownReferenceError, MissingDataError
        An unknown or a missing force (named).

    References
    ----------
    M. E. Porter, "The Five Competitive Forces That Shape Strategy",
    *Harvard Business Review* 86(1), 2008, pp. 78-93.

    Examples
    --------
    >>> ff = five_forces({"rivalry": 5, "new_entrants": 2, "substitutes": 3,
    ...                   "buyer_power": 4, "supplier_power": 1})
    >>> ff.overall, ff.attractiveness, ff.strongest
    (3.0, 0.5, 'rivalry')
    """
    w_in = (
        as_mapping(weights, "weights")
        if weights is not None
        else {f: 1 / len(FORCES) for f in FORCES}
    )
    for f in list(as_mapping(intensity, "intensity")) + list(w_in):
        if f not in FORCES:
            raise UnknownReferenceError(f"expected one of {FORCES}", field=f"intensity[{f!r}]")
    names, w = _weights({f: w_in.get(f, 0.0) for f in FORCES}, "weights")
    s = _ratings(intensity, names, "intensity", 1, 5)
    overall = float(s @ w)
    return FiveForces(
        intensity={n: float(x) for n, x in zip(names, s, strict=True)},
        weights={n: float(x) for n, x in zip(names, w, strict=True)},
        overall=overall,
        attractiveness=(5.0 - overall) / 4.0,
        strongest=names[int(np.argmax(s))],
    )
