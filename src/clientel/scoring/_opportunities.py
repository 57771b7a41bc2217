"""Opportunities prioritised on value and ease and grouped into phases (step 2.4.5)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs

from clientel._internal.validators import frozen_mapping
from clientel.errors import InvalidInputError
from clientel.models import Opportunity
from clientel.scoring._alternatives import score_alternatives
from clientel.scoring._criteria import Criterion
from clientel.scoring._ranking import Ranking
from clientel.scoring._views import AxisView
from clientel.scoring.kernels._method import MethodName

__all__ = [
    "DEFAULT_PHASES",
    "OpportunityPriorities",
    "OpportunityPriority",
    "rank_opportunities",
]

#: Phase per (value high?, ease high?): quick wins first, then strategic bets,
#: then fill-ins, then the rest.
DEFAULT_PHASES: Mapping[str, int] = MappingProxyType(
    {
        "high_value_high_ease": 1,
        "high_value_low_ease": 2,
        "low_value_high_ease": 3,
        "low_value_low_ease": 4,
    }
)


@attrs.frozen(kw_only=True)
class OpportunityPriority:
    """One opportunity: overall rank, value and ease scores, quadrant and phase."""

    id: str
    rank: int
    overall: float
    value: float
    ease: float
    quadrant: str
    phase: int


@attrs.frozen(kw_only=True, repr=False)
class OpportunityPriorities(AxisView[OpportunityPriority]):
    """Opportunities by phase, then overall rank; the phase rule is kept with them.

    ``item(id)`` gives an opportunity's :class:`OpportunityPriority`;
    ``explain(id)`` the per-criterion contributions to its overall score, with
    its value and ease scores and its phase in the summary.
    """

    items: tuple[OpportunityPriority, ...]
    ranking: Ranking = attrs.field(repr=False)  # shown by items; explain() reads it
    cut: float
    phases: Mapping[str, int] = attrs.field(converter=frozen_mapping)
    _cache: dict[str, Any] = attrs.field(init=False, factory=dict, repr=False, eq=False)

    def rule(self) -> str:
        """The phase rule in words."""
        parts = [
            f"{q.replace('_', ' ')} -> phase {p}"
            for q, p in sorted(self.phases.items(), key=lambda kv: (kv[1], kv[0]))
        ]
        return f"high means a score >= {self.cut:g} on that axis; " + "; ".join(parts)

    def _placement(self, row: OpportunityPriority) -> str:
        return f"value {row.value:.3g}, ease {row.ease:.3g} -> phase {row.phase}"

    def phase_of(self, id: str) -> int:  # noqa: A002
        """The phase of one opportunity."""
        return self.item(id).phase

    def apply(self, opportunities: Sequence[Opportunity]) -> tuple[Opportunity, ...]:
        """The opportunities with ``phase`` set (new objects, via :func:`attrs.evolve`)."""
        return tuple(attrs.evolve(o, phase=self.phase_of(o.id)) for o in opportunities)

    def to_records(self) -> list[dict[str, Any]]:
        """One row per opportunity."""
        return [attrs.asdict(i) for i in self.items]


def rank_opportunities(
    opportunities: Sequence[Opportunity],
    criteria: Sequence[Criterion],
    *,
    cut: float = 0.5,
    phases: Mapping[str, int] | None = None,
    method: MethodName = "weighted_sum",
) -> OpportunityPriorities:
    """Prioritise a key account's opportunities and group them into phases (step 2.4.5).

    Parameters
    ----------
    opportunities : sequence of Opportunity
        Values in ``attributes``.
    criteria : sequence of Criterion
        Each with ``group`` ``"value"`` or ``"ease"`` and a weight.
    cut : float
        Axis score from which an opportunity is high on that axis (scores of
        the default weighted sum lie in [0, 1]).
    phases : mapping of quadrant to phase number, optional
        Keys as in :data:`DEFAULT_PHASES`; the rule is stated by
        :meth:`OpportunityPriorities.rule`.
    method : str
        Scoring method of :func:`score_alternatives`.

    Returns
    -------
    OpportunityPriorities
        Ordered by phase, then overall rank (ties by id).

    Raises
    ------
    InvalidInputError
        A criterion without group ``value``/``ease``, a phase map that misses a
        quadrant, duplicate ids.
    UnknownReferenceError
        An opportunity without a value for a criterion (named).

    Examples
    --------
    >>> from clientel.models import Opportunity, OpportunityOrigin
    >>> from clientel.scoring import Criterion
    >>> crit = [Criterion(name="margin", group="value"), Criterion(name="fit", group="ease")]
    >>> def opp(i, m, f):
    ...     return Opportunity(id=i, client_id="nordbank", name=i, attributes={"margin": m,
    ...         "fit": f}, origin=OpportunityOrigin.CLIENT_IT_NEED)
    >>> p = rank_opportunities([opp("cloud", 9, 8), opp("erp", 8, 1), opp("helpdesk", 1, 9),
    ...                               opp("iot", 2, 2)], crit)
    >>> [(i.id, i.phase) for i in p.items]
    [('cloud', 1), ('erp', 2), ('helpdesk', 3), ('iot', 4)]
    """
    ph = dict(DEFAULT_PHASES if phases is None else phases)
    if set(ph) != set(DEFAULT_PHASES) or any(int(v) < 1 for v in ph.values()):
        msg = f"expected a phase >= 1 for each of {sorted(DEFAULT_PHASES)}"
        raise InvalidInputError(msg, field="phases", value=sorted(ph))
    for c in criteria:
        if c.group not in ("value", "ease"):
            raise InvalidInputError(
                "expected group 'value' or 'ease'",
                field=f"Criterion[{c.name}].group",
                value=c.group,
            )
    ids = [o.id for o in opportunities]
    if len(set(ids)) != len(ids):
        raise InvalidInputError("duplicate opportunity ids", field="opportunities")
    alts = {o.id: o.attributes for o in sorted(opportunities, key=lambda o: o.id)}
    overall = score_alternatives(alts, criteria, method=method)
    axis: dict[str, dict[str, float]] = {}
    for g in ("value", "ease"):
        sub = [c for c in criteria if c.group == g]
        if not sub:
            raise InvalidInputError(f"no criterion in group {g!r}", field="criteria")
        axis[g] = {it.id: it.score for it in score_alternatives(alts, sub, method=method).items}
    items = []
    for it in overall.items:
        v, e = axis["value"][it.id], axis["ease"][it.id]
        q = f"{'high' if v >= cut else 'low'}_value_{'high' if e >= cut else 'low'}_ease"
        items.append(
            OpportunityPriority(
                id=it.id,
                rank=it.rank,
                overall=it.score,
                value=v,
                ease=e,
                quadrant=q,
                phase=int(ph[q]),
            )
        )
    items.sort(key=lambda i: (i.phase, i.rank, i.id))
    return OpportunityPriorities(items=tuple(items), ranking=overall, cut=float(cut), phases=ph)
