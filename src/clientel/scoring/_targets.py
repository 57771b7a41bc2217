"""The yearly target list (steps 2.3.2-2.3.3): target segments, a minimum score, sized tiers."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping
from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.scoring._clients import ClientRanking, ClientScore, client_map
from clientel.scoring._hierarchy import TierBand, TierScheme
from clientel.scoring.kernels._tiers import tiers_by_thresholds

__all__ = ["ServiceTier", "TargetClient", "TargetList", "select_targets"]


@attrs.frozen(kw_only=True)
class ServiceTier:
    """A tier of target clients and its service principle (step 2.3.3).

    ``min_score`` is the inclusive lower bound of the overall score; ``capacity``
    the most targets the tier can serve (for example the quarterly executive
    reviews the key-account teams can hold). A target whose score qualifies for
    a full tier goes to the next one. The last tier has neither and takes every
    remaining target.

    .. versionchanged:: 0.1.0
       ``capacity``.
    """

    name: str
    principle: str
    min_score: float | None = None
    capacity: int | None = None


@attrs.frozen(kw_only=True)
class TargetClient:
    """A client on the yearly target list, with its tier and service principle.

    ``name`` and the two axis scores come from the client's
    :class:`ClientScore`, for charts (None in documents written before they were kept).
    """

    id: str
    segment_id: str
    rank: int
    overall: float
    tier: str
    principle: str
    name: str | None = None
    attractiveness: float | None = None
    feasibility: float | None = None


@attrs.frozen(kw_only=True, repr=False)
class TargetList(TableDisplay):
    """The yearly target list (step 2.3.3) and the clients screened out, with why.

    ``reasons`` maps each screened-out client to the rule that kept it off the
    list: its segment is not a target segment, its score is below the minimum,
    or its segment's number of candidates was reached.

    .. versionchanged:: 0.1.0
       ``reasons``, ``target_segments`` and ``min_score``.
    """

    targets: tuple[TargetClient, ...]
    screened_out: tuple[str, ...]
    reasons: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping, repr=False)
    target_segments: tuple[str, ...] | None = None
    min_score: float | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        """Ids of the targets in rank order."""
        return tuple(t.id for t in self.targets)

    def explain(self, id: str) -> Explanation:  # noqa: A002 - ids are called id everywhere
        """Why a client is (not) on the list: its rank, segment, tier and overall score."""
        for t in self.targets:
            if t.id == id:
                return Explanation(
                    subject=id,
                    summary=f"target, rank {t.rank} overall, segment {t.segment_id}, tier {t.tier}",
                    factors=[Factor(criterion="overall", effect=t.overall)],
                    effect_kind="overall score",
                    notes=[f"service: {t.principle}"] if t.principle else [],
                )
        if id in self.screened_out:
            why = self.reasons.get(id, "below its segment's number of candidates")
            return Explanation(subject=id, summary=f"screened out: {why}")
        raise UnknownReferenceError("not in this list", field="id", value=id)

    def plot(self, ax: Any = None, *, labels: int = 10) -> Any:
        """The targets on the client map, coloured by tier (step 2.3.3).

        Calls :func:`clientel.plots.plot_client_map` on ``ax`` (a new figure's
        axes by default) and returns the axes; matplotlib, the
        ``clientel[plot]`` extra, is imported only by this call.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on.
        labels : int
            Name the first ``labels`` targets (10 by default).

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.

        Raises
        ------
        MissingDataError
            A target without axis scores (a list read from an older document).

        Examples
        --------
        >>> from clientel.models import Client
        >>> from clientel.scoring import Criterion, rank_clients
        >>> crit = [Criterion(name="potential", group="attractiveness"),
        ...         Criterion(name="relationship", group="feasibility")]
        >>> cs = [Client(id=f"c{k}", name=f"Client {k}", segment_id="bank",
        ...              attributes={"potential": k, "relationship": k % 3}) for k in range(6)]
        >>> tl = select_targets(rank_clients(cs, crit), per_segment={"bank": 4},
        ...     tiers=[ServiceTier(name="A", principle="quarterly review", min_score=0.7),
        ...            ServiceTier(name="B", principle="yearly review")])
        >>> ax = tl.plot()
        >>> [t.get_text() for t in ax.get_legend().get_texts()]
        ['tier A', 'tier B']
        """
        scores: tuple[list[float], list[float]] = ([], [])
        for t in self.targets:
            if t.attractiveness is None or t.feasibility is None:
                raise MissingDataError(
                    "no axis scores to draw", field=f"targets[{t.id!r}].attractiveness"
                )
            scores[0].append(t.attractiveness)
            scores[1].append(t.feasibility)
        tiers = [t.tier for t in self.targets]
        return client_map(self.targets, scores, None, tiers, labels, ax, "Target clients by tier")

    def to_records(self) -> list[dict[str, Any]]:
        """One row per target client."""
        return [attrs.asdict(t) for t in self.targets]


def _check_tiers(tier_list: list[ServiceTier]) -> list[float | None]:
    last = tier_list[-1]
    if last.min_score is not None or last.capacity is not None:
        raise InvalidInputError("the last tier takes the rest: no min_score, no capacity",
                                field=f"tiers[{len(tier_list) - 1}]")  # fmt: skip
    bounds = [t.min_score for t in tier_list[:-1]]
    for k, t in enumerate(tier_list[:-1]):
        if t.min_score is None and t.capacity is None:
            msg = "every tier but the last needs a min_score, a capacity or both"
            raise InvalidInputError(msg, field=f"tiers[{k}]")
        if t.capacity is not None and (isinstance(t.capacity, bool) or t.capacity < 0):
            raise InvalidInputError("expected a capacity >= 0", field=f"tiers[{k}].capacity",
                                    value=t.capacity)  # fmt: skip
    given = [b for b in bounds if b is not None]
    if bounds[: len(given)] != given:
        msg = "tiers with a min_score come before the tiers sized by capacity alone"
        raise InvalidInputError(msg, field="tiers")
    if not all(np.isfinite(given)) or (np.diff(np.array(given, dtype=np.float64)) >= 0).any():
        raise InvalidInputError("min_score must be finite and strictly decrease", field="tiers")
    return bounds


def _score_tiers(
    chosen: list[ClientScore],
    tier_list: list[ServiceTier],
    bounds: list[float | None],
    previous_tiers: Mapping[str, str] | None,
    hysteresis: float,
) -> list[int]:
    """Each chosen client's tier by its score (and hysteresis), before capacities."""
    floors = np.array([b for b in bounds if b is not None], dtype=np.float64)
    scores = np.array([it.overall for it in chosen], dtype=np.float64)
    idx = tiers_by_thresholds(scores, floors) if floors.size else np.zeros(len(chosen), int)
    if previous_tiers and floors.size:
        if any(b is None for b in bounds):
            msg = "hysteresis needs a min_score on every tier but the last"
            raise InvalidInputError(msg, field="previous_tiers")
        inf = float("inf")
        edges = [inf, *floors.tolist(), -inf]
        bands = tuple(
            TierBand(name=t.name, lower=edges[k + 1], upper=edges[k], upper_inclusive=k == 0)
            for k, t in reversed(list(enumerate(tier_list)))
        )
        scheme = TierScheme(bands=bands, hysteresis=hysteresis)
        names = [t.name for t in tier_list]
        for k, it in enumerate(chosen):
            if it.id in previous_tiers:
                idx[k] = names.index(scheme.assign(it.overall, previous_tiers[it.id]))
    return [int(i) for i in idx]


def _sized(tier_of: list[int], tier_list: list[ServiceTier]) -> list[int]:
    """Capacities applied in rank order: a target of a full tier moves to the next one."""
    used = [0] * len(tier_list)
    out = []
    for k in tier_of:
        while tier_list[k].capacity is not None and used[k] >= (tier_list[k].capacity or 0):
            k += 1
        used[k] += 1
        out.append(k)
    return out


def _counts(
    per_segment: Mapping[str, int] | int,
    present: set[str],
    targets: frozenset[str] | None,
) -> dict[str, int]:
    if isinstance(per_segment, bool):
        raise InvalidInputError("expected a count or a mapping", field="per_segment")
    if isinstance(per_segment, int):
        if per_segment < 0:
            raise InvalidInputError("expected a count >= 0", field="per_segment",
                                    value=per_segment)  # fmt: skip
        return dict.fromkeys(present if targets is None else present & targets, per_segment)
    for s, n in sorted(per_segment.items()):
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise InvalidInputError("expected a count >= 0", field=f"per_segment[{s!r}]", value=n)
        if targets is not None and s not in targets and n > 0:
            msg = "not a target segment: the strategy (2.1.4) gives it no candidates"
            raise InvalidInputError(msg, field=f"per_segment[{s!r}]", value=n)
        if s not in present:
            raise UnknownReferenceError("no client in this segment", field=f"per_segment[{s!r}]")
    return dict(per_segment)


def _or_none(value: float) -> float | None:
    """An axis score, or None where the ranking had no criteria on that axis (NaN)."""
    return None if math.isnan(value) else value


def select_targets(
    ranking: ClientRanking,
    *,
    per_segment: Mapping[str, int] | int,
    target_segments: Collection[str] | None = None,
    min_score: float | None = None,
    tiers: Sequence[ServiceTier] = (),
    previous_tiers: Mapping[str, str] | None = None,
    hysteresis: float = 0.0,
) -> TargetList:
    """The yearly target list: the best clients of each target segment, tiered (2.3.2-2.3.3).

    Parameters
    ----------
    ranking : ClientRanking
        From :func:`rank_clients`.
    per_segment : mapping of segment id to int, or int
        Number of candidates per segment; segments not named get none. One
        number gives every target segment (every ranked segment without target
        segments) that many.
    target_segments : collection of str, optional
        The unit's target segments (step 2.1.4); by default the ranking's. A
        client of another segment is never a target (its reason says so), and
        a count for such a segment is refused.
    min_score : float, optional
        Lowest overall score a target may have; a client below it is screened
        out (with the reason) even when its segment has room.
    tiers : sequence of ServiceTier
        In order, each with a strictly decreasing ``min_score``, a ``capacity``
        or both, and a last tier with neither; by default a single tier
        ``"target"``.
    previous_tiers : mapping of client id to tier name, optional
        Tiers from the last review, for hysteresis.
    hysteresis : float
        A client whose score is within this margin of its previous tier's band
        keeps that tier (see :class:`TierScheme`), so it does not flip on every
        review; 0 by default. Needs a ``min_score`` on every tier but the last.

    Returns
    -------
    TargetList
        Targets in overall rank order with tier and service principle; the
        clients screened out, each with its reason.

    Raises
    ------
    InvalidInputError
        Negative counts, a count for a segment that is not a target segment,
        tiers badly ordered or sized, ``min_score`` not finite.
    UnknownReferenceError
        A segment in ``per_segment`` with no client in the ranking.

    Notes
    -----
    Tiers are filled in rank order: a target goes to the first tier whose
    ``min_score`` it reaches (its previous tier under hysteresis) and, while
    that tier is at capacity, to the next. With capacities and no scores the
    tiers are sized purely by what the unit can serve.

    Examples
    --------
    >>> from clientel.models import Client
    >>> from clientel.scoring import Criterion, rank_clients
    >>> crit = [Criterion(name="potential", group="attractiveness")]
    >>> cs = [Client(id=f"c{k}", name=f"C{k}", segment_id=s, attributes={"potential": v})
    ...       for k, (s, v) in enumerate([("bank", 9), ("bank", 7), ("bank", 1), ("retail", 4)])]
    >>> tl = select_targets(rank_clients(cs, crit), per_segment={"bank": 2, "retail": 1},
    ...     tiers=[ServiceTier(name="A", principle="quarterly executive review", min_score=0.7),
    ...            ServiceTier(name="B", principle="yearly review")])
    >>> [(t.id, t.tier) for t in tl.targets], tl.screened_out
    ([('c0', 'A'), ('c1', 'A'), ('c3', 'B')], ('c2',))

    Retail is not a target segment: its client stays off the list, by the rule:

    >>> flagged = rank_clients(cs, crit, target_segments=["bank"], non_targets="flag")
    >>> tl = select_targets(flagged, per_segment=2, tiers=[
    ...     ServiceTier(name="A", principle="quarterly executive review", capacity=1),
    ...     ServiceTier(name="B", principle="yearly review")])
    >>> [(t.id, t.tier) for t in tl.targets], tl.reasons["c3"]
    ([('c0', 'A'), ('c1', 'B')], "segment 'retail' is not a target segment")
    """
    tier_list = list(tiers) or [ServiceTier(name="target", principle="")]
    bounds = _check_tiers(tier_list)
    if min_score is not None and (isinstance(min_score, bool) or not np.isfinite(min_score)):
        raise InvalidInputError("expected a finite score", field="min_score", value=min_score)
    if target_segments is not None:
        targets: frozenset[str] | None = frozenset(target_segments)
    elif ranking.target_segments is not None:
        targets = frozenset(ranking.target_segments)
    else:
        targets = None
    present = {it.segment_id for it in ranking.items}
    counts = _counts(per_segment, present, targets)
    taken: dict[str, int] = {}
    chosen = []
    reasons: dict[str, str] = {}
    for it in ranking.items:
        seg = it.segment_id
        if (targets is not None and seg not in targets) or not it.target_segment:
            reasons[it.id] = f"segment {seg!r} is not a target segment"
        elif min_score is not None and it.overall < min_score:
            reasons[it.id] = f"score {it.overall:.3f} below the minimum {min_score:.3f}"
        elif taken.get(seg, 0) >= counts.get(seg, 0):
            reasons[it.id] = f"below segment {seg!r}'s {counts.get(seg, 0)} candidates"
        else:
            taken[seg] = taken.get(seg, 0) + 1
            chosen.append(it)
    tier_of = _sized(_score_tiers(chosen, tier_list, bounds, previous_tiers, hysteresis),
                     tier_list)  # fmt: skip
    targets_out = tuple(
        TargetClient(
            id=it.id,
            segment_id=it.segment_id,
            rank=it.rank,
            overall=it.overall,
            tier=tier_list[k].name,
            principle=tier_list[k].principle,
            name=it.name,
            attractiveness=_or_none(it.attractiveness),
            feasibility=_or_none(it.feasibility),
        )
        for it, k in zip(chosen, tier_of, strict=True)
    )
    for cid in ranking.excluded:
        reasons[cid] = "its segment is not a target segment (left out of the ranking)"
    return TargetList(
        targets=targets_out,
        screened_out=tuple(sorted(reasons)),
        reasons=dict(sorted(reasons.items())),
        target_segments=None if targets is None else tuple(sorted(targets)),
        min_score=None if min_score is None else float(min_score),
    )
