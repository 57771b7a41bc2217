"""Reputation (steps 2.2.3-2.2.4): Mendelow's grid of influencers and channels per level."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay
from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.models import Channel, DecisionLevel, Influencer
from clientel.scoring._bids import fixed_scale_score
from clientel.scoring._criteria import Criterion
from clientel.scoring._views import by_id, ids_of
from clientel.scoring.kernels._channels import channel_scores

__all__ = [
    "ChannelChoice",
    "ChannelRanking",
    "ChannelScore",
    "InfluencerPriorities",
    "InfluencerPriority",
    "TargetChannel",
    "rank_channels",
    "rank_influencers",
]

GRID = MappingProxyType(
    {
        (True, True): "key players",
        (True, False): "keep satisfied",
        (False, True): "keep informed",
        (False, False): "minimal effort",
    }
)
_ORDER: Final = tuple(GRID.values())


@attrs.frozen(kw_only=True)
class InfluencerPriority:
    """One influencer: its place on Mendelow's grid and its rank of engagement.

    ``power`` is its influence over the target clients (the stated ``influence``,
    or the score of its influence criteria) times ``relevance``, the weight of
    the target segments it influences (1 without segment weights). ``name`` is
    the influencer's name, for charts (None in documents written before it was kept).

    .. versionchanged:: 0.1.0
       Mendelow's axes, power and interest (schema 4): ``quadrant`` replaces
       the influence/access ``cell``, and accessibility orders engagement
       within a quadrant.
    """

    id: str
    rank: int
    power: float
    interest: float
    accessibility: float
    relevance: float
    quadrant: str
    name: str | None = None


@attrs.frozen(kw_only=True, repr=False)
class InfluencerPriorities(TableDisplay):
    """Influencers on Mendelow's power/interest grid, in the order to engage them (2.2.3).

    ``excluded`` lists the influencers of no target segment.
    """

    items: tuple[InfluencerPriority, ...]
    power_cut: float
    interest_cut: float
    power_source: str
    excluded: tuple[str, ...] = ()
    _cache: dict[str, Any] = attrs.field(init=False, factory=dict, repr=False, eq=False)

    @property
    def ids(self) -> tuple[str, ...]:
        """Ids in engagement order."""
        return ids_of(self.items)

    def grid(self) -> dict[str, tuple[str, ...]]:
        """Ids per quadrant, in engagement order."""
        return {q: tuple(i.id for i in self.items if i.quadrant == q) for q in _ORDER}

    def item(self, id: str) -> InfluencerPriority:  # noqa: A002 - ids are called id everywhere
        """The priority of one influencer (O(1) after the first call)."""
        return by_id(self.items, id, "ranking", self._cache)

    def explain(self, id: str) -> Explanation:  # noqa: A002
        """Why an influencer sits where it does: its quadrant, then its ease of access.

        Examples
        --------
        >>> from clientel.models import Influencer, InfluencerKind
        >>> p = rank_influencers([Influencer(id="regulator", name="Regulator",
        ...     kind=InfluencerKind.GOVERNMENT_BODY, influence=5, interest=2, accessibility=2)],
        ...     power_cut=4, interest_cut=3)
        >>> print(p.explain("regulator"))
        regulator: rank 1: high power (5), low interest (2) -> keep satisfied
          power          +5  (value 5)
          interest       +2  (value 2)
          accessibility  +2  (value 2)
          within its quadrant, easier access is engaged first
        """
        it = self.item(id)
        hi_p = "high" if it.power >= self.power_cut else "low"
        hi_i = "high" if it.interest >= self.interest_cut else "low"
        notes = ["within its quadrant, easier access is engaged first"]
        if it.relevance != 1:
            notes.append(f"power weighted by its target segments' relevance {it.relevance:.3g}")
        return Explanation(
            subject=it.id,
            summary=(
                f"rank {it.rank}: {hi_p} power ({it.power:g}), {hi_i} interest "
                f"({it.interest:g}) -> {it.quadrant}"
            ),
            factors=[
                Factor(criterion=axis, effect=value, value=value)
                for axis, value in (
                    ("power", it.power),
                    ("interest", it.interest),
                    ("accessibility", it.accessibility),
                )
            ],
            effect_kind=f"axis value (power from {self.power_source})",
            notes=notes,
        )

    def plot(self, ax: Any = None) -> Any:
        """Mendelow's grid: power over interest, both cuts, names in engagement order (2.2.3).

        Calls :func:`clientel.plots.plot_influencer_grid` on ``ax`` (a new
        figure's axes by default) and returns the axes; matplotlib, the
        ``clientel[plot]`` extra, is imported only by this call. Each label
        is the influencer's place in the order of engagement and its name.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.

        Examples
        --------
        >>> from clientel.models import Influencer, InfluencerKind
        >>> paper = Influencer(id="trade-paper", name="Trade paper", kind=InfluencerKind.MEDIA,
        ...                    influence=2, interest=4, accessibility=5)
        >>> ax = rank_influencers([paper]).plot()
        >>> ax.get_title(), "1. Trade paper" in [t.get_text() for t in ax.texts]
        ('Influencers: whom to engage and how', True)
        """
        from clientel.plots import plot_influencer_grid

        return plot_influencer_grid(
            [i.name or i.id for i in self.items],
            [i.power for i in self.items],
            [i.interest for i in self.items],
            thresholds=(self.power_cut, self.interest_cut),
            ranks=[i.rank for i in self.items],
            ax=ax,
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per influencer."""
        return [attrs.asdict(i) for i in self.items]


def _relevance(
    influencers: Sequence[Influencer],
    target_segments: Collection[str] | Mapping[str, float] | None,
) -> NDArray[np.float64]:
    """Each influencer's relevance to the target segments, 0..1 (0: excluded)."""
    if target_segments is None:
        return np.ones(len(influencers))
    if isinstance(target_segments, str):
        msg = "expected a collection or mapping of segment ids, not one string"
        raise InvalidInputError(msg, field="target_segments", value=target_segments)
    if isinstance(target_segments, Mapping):
        weights = {str(k): float(v) for k, v in target_segments.items()}
        for k, v in sorted(weights.items()):
            if not (math.isfinite(v) and v >= 0):
                raise InvalidInputError("expected a finite weight >= 0",
                                        field=f"target_segments[{k!r}]", value=v)  # fmt: skip
    else:
        weights = dict.fromkeys(target_segments, 1.0)
    top = max(weights.values(), default=0.0)
    if top <= 0:
        raise InvalidInputError("expected a target segment with a weight above 0",
                                field="target_segments")  # fmt: skip
    return np.array(
        [
            1.0
            if not i.segment_ids
            else max((weights.get(s, 0.0) for s in i.segment_ids), default=0.0) / top
            for i in influencers
        ]
    )


def _power(influencers: Sequence[Influencer], criteria: Sequence[Criterion] | None) -> list[float]:
    if criteria is None:
        return [i.influence for i in influencers]
    return [
        fixed_scale_score(i.criteria, criteria, f"influencers[{i.id!r}].criteria")[0]
        for i in influencers
    ]


def rank_influencers(
    influencers: Sequence[Influencer],
    *,
    segment_id: str | None = None,
    target_segments: Collection[str] | Mapping[str, float] | None = None,
    power_criteria: Sequence[Criterion] | None = None,
    power_cut: float | None = None,
    interest_cut: float | None = None,
) -> InfluencerPriorities:
    r"""Place influencers on Mendelow's power/interest grid and order their engagement (2.2.3).

    Parameters
    ----------
    influencers : sequence of Influencer
        Each with ``interest`` (and ``influence``, or values on the power
        criteria) on scales of the caller's.
    segment_id : str, optional
        Keep only influencers of this segment.
    target_segments : collection of str, or mapping of str to float, optional
        The unit's target segments (step 2.1.4): an influencer that influences
        none of them is left out (listed in ``excluded``); one recorded with no
        segment counts for all. A mapping weights the segments (for example by
        attractiveness): an influencer's power is multiplied by its relevance,
        the highest weight among its segments over the highest weight of all.
    power_criteria : sequence of Criterion, optional
        The criteria that decide influence (2.2.3), each with ``bounds`` (its
        scale) and a weight, scored on each influencer's stored ``criteria``
        (0..1, the fixed-scale score of :func:`bid_decision`; a missing value
        counts mid-scale where the criterion allows it). By default the power
        is ``influence``.
    power_cut, interest_cut : float, optional
        Grid boundaries (a value equal to the cut is high); the median by default.

    Returns
    -------
    InfluencerPriorities
        The quadrants of Mendelow (1991): key players (high power, high
        interest), keep satisfied (high power, low interest), keep informed
        (low power, high interest), minimal effort. Engagement order: quadrant
        in that order, then easier access first, then more power, more
        interest, id.

    Raises
    ------
    MissingDataError
        An influencer without ``interest`` (named), or without a value on a
        power criterion that refuses missing values.
    InvalidInputError
        No influencer left; bad segment weights; a power criterion without bounds.

    References
    ----------
    A. Mendelow, "Stakeholder mapping", Proceedings of the 2nd International
    Conference on Information Systems, Cambridge, MA, 1991; G. Johnson and K.
    Scholes, *Exploring Corporate Strategy* (the power/interest matrix).

    Examples
    --------
    >>> from clientel.models import Influencer, InfluencerKind
    >>> inf = [Influencer(id="bankers-assoc", name="Bankers' Association",
    ...                   kind=InfluencerKind.INDUSTRY_ASSOCIATION, influence=5, interest=5,
    ...                   accessibility=4, segment_ids=["banking"]),
    ...        Influencer(id="regulator", name="Regulator", kind=InfluencerKind.GOVERNMENT_BODY,
    ...                   influence=5, interest=2, accessibility=1),
    ...        Influencer(id="trade-paper", name="Trade paper", kind=InfluencerKind.MEDIA,
    ...                   influence=2, interest=4, accessibility=5),
    ...        Influencer(id="retail-council", name="Retail council",
    ...                   kind=InfluencerKind.INDUSTRY_ASSOCIATION, influence=4, interest=4,
    ...                   accessibility=3, segment_ids=["retail"])]
    >>> p = rank_influencers(inf, target_segments=["banking"], power_cut=4, interest_cut=3)
    >>> p.grid()["key players"], p.grid()["keep satisfied"], p.grid()["keep informed"]
    (('bankers-assoc',), ('regulator',), ('trade-paper',))
    >>> p.excluded
    ('retail-council',)
    """
    chosen = sorted(
        (i for i in influencers if segment_id is None or segment_id in i.segment_ids),
        key=lambda i: i.id,
    )
    relevance = _relevance(chosen, target_segments)
    excluded = tuple(i.id for i, r in zip(chosen, relevance, strict=True) if r <= 0)
    keep = relevance > 0
    chosen = [i for i, k in zip(chosen, keep, strict=True) if k]
    relevance = relevance[keep]
    if not chosen:
        raise InvalidInputError(
            "no influencer to prioritise", field="influencers", value=segment_id
        )
    for i in chosen:
        if i.interest is None:
            raise MissingDataError("interest is needed for Mendelow's grid",
                                   field=f"influencers[{i.id!r}].interest")  # fmt: skip
    power = np.array(_power(chosen, power_criteria), dtype=np.float64) * relevance
    interest = np.array([i.interest for i in chosen], dtype=np.float64)
    access = np.array([i.accessibility for i in chosen], dtype=np.float64)
    cp = float(np.median(power)) if power_cut is None else float(power_cut)
    ci = float(np.median(interest)) if interest_cut is None else float(interest_cut)
    quadrant = [GRID[(bool(p >= cp), bool(q >= ci))] for p, q in zip(power, interest, strict=True)]
    place = np.array([_ORDER.index(q) for q in quadrant])
    order = np.lexsort((np.arange(len(chosen)), -interest, -power, -access, place))
    items = tuple(
        InfluencerPriority(
            id=chosen[k].id,
            rank=r,
            power=float(power[k]),
            interest=float(interest[k]),
            accessibility=float(access[k]),
            relevance=float(relevance[k]),
            quadrant=quadrant[k],
            name=chosen[k].name,
        )
        for r, k in enumerate(order, start=1)
    )
    return InfluencerPriorities(
        items=items,
        power_cut=cp,
        interest_cut=ci,
        power_source="influence" if power_criteria is None else "influence criteria",
        excluded=excluded,
    )


@attrs.frozen(kw_only=True)
class ChannelScore:
    """A channel's score for one decision-maker level."""

    level: str
    channel: str
    suitability: float
    efficiency: float
    score: float
    rank: int


@attrs.frozen(kw_only=True)
class TargetChannel:
    """The channel chosen for one level of one target (client or segment)."""

    target: str
    level: str
    channel: str


@attrs.frozen(kw_only=True, repr=False)
class ChannelRanking(TableDisplay):
    """The channels ranked for one decision-maker level (a :class:`Ranked` result).

    ``items`` are the level's :class:`ChannelScore` rows best first, ``ids`` the
    channel ids, ``item(id)`` and ``explain(id)`` one channel's row and score.
    """

    level: str
    items: tuple[ChannelScore, ...]
    _cache: dict[str, Any] = attrs.field(init=False, factory=dict, repr=False, eq=False)

    @property
    def ids(self) -> tuple[str, ...]:
        """Channel ids, best first."""
        return tuple(s.channel for s in self.items)

    def item(self, id: str) -> ChannelScore:  # noqa: A002 - ids are called id everywhere
        """The row of channel ``id`` (O(1) after the first call)."""
        index = self._cache.get("index")
        if index is None:
            index = self._cache["index"] = {s.channel: k for k, s in enumerate(self.items)}
        k = index.get(id) if isinstance(id, str) else None
        if k is None:
            raise UnknownReferenceError("channel not ranked for this level", field="id", value=id)
        out: ChannelScore = self.items[k]
        return out

    def explain(self, id: str) -> Explanation:  # noqa: A002
        """A channel's rank and the two parts of its score for this level.

        Examples
        --------
        >>> from clientel.models import Channel, ChannelKind, DecisionLevel
        >>> ch = [Channel(id="ceo-dinner", name="CEO dinner", kind=ChannelKind.OTHER,
        ...               suitability={"board": 1.0}),
        ...       Channel(id="webinar", name="Webinar", kind=ChannelKind.SEMINAR,
        ...               suitability={"board": 0.1})]
        >>> board = rank_channels(ch, efficiency_weight=0).for_level(DecisionLevel.BOARD)
        >>> print(board.explain("webinar"))
        webinar: rank 2 of 2 for board, score 0.1
          suitability  +0.1  (value 0.1)
          efficiency   +1  (value 1)
        """
        s = self.item(id)
        return Explanation(
            subject=s.channel,
            summary=f"rank {s.rank} of {len(self.items)} for {self.level}, score {s.score:.4g}",
            factors=[
                Factor(criterion="suitability", effect=s.suitability, value=s.suitability),
                Factor(criterion="efficiency", effect=s.efficiency, value=s.efficiency),
            ],
            effect_kind="the parts of the score: suitability x relative efficiency ** weight",
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per channel, best first."""
        return [attrs.asdict(s) for s in self.items]


@attrs.frozen(kw_only=True, repr=False)
class ChannelChoice(TableDisplay):
    """Best channel per decision-maker level, all scores, and choices per target.

    One ranking per level: :meth:`for_level` gives it as a :class:`ChannelRanking`.
    """

    scores: tuple[ChannelScore, ...]
    per_target: tuple[TargetChannel, ...] = ()

    def for_level(self, level: DecisionLevel) -> ChannelRanking:
        """The channels ranked for one level."""
        rows = tuple(s for s in self.scores if s.level == level.value)
        if not rows:
            raise UnknownReferenceError("level not scored", field="level", value=level.value)
        return ChannelRanking(level=level.value, items=rows)

    def best(self, level: DecisionLevel) -> str:
        """Id of the best channel for a level."""
        for s in self.scores:
            if s.level == level.value and s.rank == 1:
                return s.channel
        raise UnknownReferenceError("level not scored", field="level", value=level.value)

    def explain(self, level: DecisionLevel, k: int = 3) -> Explanation:
        """The ``k`` best channels for a level: their scores, with suitability and efficiency.

        Examples
        --------
        >>> from clientel.models import Channel, ChannelKind, DecisionLevel, Money
        >>> ch = [Channel(id="ceo-dinner", name="CEO dinner", kind=ChannelKind.OTHER,
        ...               suitability={"board": 1.0}),
        ...       Channel(id="webinar", name="Webinar", kind=ChannelKind.SEMINAR,
        ...               suitability={"board": 0.1})]
        >>> c = rank_channels(ch, levels=[DecisionLevel.BOARD], efficiency_weight=0)
        >>> print(c.explain(DecisionLevel.BOARD))
        board: best channel ceo-dinner
          ceo-dinner  +1  (value 1)
          webinar     +0.1  (value 0.1)
          1. ceo-dinner: suitability 1 x efficiency 1 -> 1.000
          2. webinar: suitability 0.1 x efficiency 1 -> 0.100
        """
        rows = [s for s in self.scores if s.level == level.value][:k]
        if not rows:
            raise UnknownReferenceError("level not scored", field="level", value=level.value)
        return Explanation(
            subject=level.value,
            summary=f"best channel {rows[0].channel}",
            factors=[
                Factor(criterion=s.channel, effect=s.score, value=s.suitability) for s in rows
            ],
            effect_kind="channel score: suitability x relative efficiency ** weight",
            notes=[
                f"{s.rank}. {s.channel}: suitability {s.suitability:g} x efficiency "
                f"{s.efficiency:.3g} -> {s.score:.3f}"
                for s in rows
            ],
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per level and channel."""
        return [attrs.asdict(s) for s in self.scores]


def rank_channels(
    channels: Sequence[Channel],
    *,
    levels: Sequence[DecisionLevel] | None = None,
    targets: Mapping[str, Sequence[DecisionLevel]] | None = None,
    efficiency_weight: float = 0.5,
) -> ChannelChoice:
    r"""Best channel per decision-maker level from suitability, reach and cost (2.2.4).

    Parameters
    ----------
    channels : sequence of Channel
        ``suitability`` per :class:`DecisionLevel` value (0..1, caller-defined;
        a level not listed means unsuitable, 0); ``reach`` and ``cost`` when
        ``efficiency_weight > 0``.
    levels : sequence of DecisionLevel, optional
        Levels to score; all by default.
    targets : mapping of target id to levels, optional
        The levels to reach at each target (client or segment).
    efficiency_weight : float
        Exponent of the relative efficiency (reach per unit cost, divided by the
        best channel's); 0 ranks by suitability alone.

    Returns
    -------
    ChannelChoice
        Per level, channels ranked by :math:`s_{c\ell}\,(e_c/\max e)^{\alpha}`
        (ties: higher reach, then id); per target the rank-1 channel per level.

    Raises
    ------
    MissingDataError
        A channel without reach or cost while efficiency counts (named).
    InvalidInputError
        A zero cost with efficiency, a negative weight, no channels.

    Examples
    --------
    >>> from clientel.models import Channel, ChannelKind, DecisionLevel, Money
    >>> ch = [Channel(id="ceo-dinner", name="CEO dinner", kind=ChannelKind.OTHER,
    ...               cost=Money(5000, "EUR"), reach=50,
    ...               suitability={"board": 1.0, "operational": 0.1}),
    ...       Channel(id="webinar", name="Webinar", kind=ChannelKind.SEMINAR,
    ...               cost=Money(2000, "EUR"), reach=200,
    ...               suitability={"board": 0.1, "operational": 0.8})]
    >>> c = rank_channels(ch, levels=[DecisionLevel.BOARD, DecisionLevel.OPERATIONAL])
    >>> c.best(DecisionLevel.BOARD), c.best(DecisionLevel.OPERATIONAL)
    ('ceo-dinner', 'webinar')
    """
    if efficiency_weight < 0:
        raise InvalidInputError("expected >= 0", field="efficiency_weight", value=efficiency_weight)
    chans = sorted(channels, key=lambda c: c.id)
    if not chans:
        raise InvalidInputError("expected at least one channel", field="channels")
    lv = list(levels) if levels is not None else list(DecisionLevel)
    for t, tl in sorted((targets or {}).items()):
        for x in tl:
            if x not in lv:
                raise UnknownReferenceError(
                    "level not among those scored", field=f"targets[{t!r}]", value=x.value
                )
    S = np.array([[c.suitability.get(x.value, 0.0) for x in lv] for c in chans], dtype=np.float64)
    reach = np.array([c.reach or 0 for c in chans], dtype=np.float64)
    if efficiency_weight > 0:
        eff = np.empty(len(chans))
        for k, c in enumerate(chans):
            if c.reach is None or c.cost is None:
                raise MissingDataError("reach and cost are needed", field=f"channels[{c.id!r}]")
            if c.cost.is_zero():
                raise InvalidInputError("cost must be > 0", field=f"channels[{c.id!r}].cost")
            eff[k] = c.reach / c.cost.to_float()
    else:
        eff = np.ones(len(chans))
    score = channel_scores(S, eff, efficiency_weight)
    rel = eff / eff.max() if eff.max() > 0 else np.ones_like(eff)
    rows = []
    best: dict[str, str] = {}
    for j, x in enumerate(lv):
        order = np.lexsort((np.arange(len(chans)), -reach, -score[:, j]))
        for r, k in enumerate(order, start=1):
            rows.append(
                ChannelScore(
                    level=x.value,
                    channel=chans[k].id,
                    suitability=float(S[k, j]),
                    efficiency=float(rel[k]),
                    score=float(score[k, j]),
                    rank=r,
                )
            )
        best[x.value] = chans[order[0]].id
    per_target = tuple(
        TargetChannel(target=t, level=x.value, channel=best[x.value])
        for t, tl in sorted((targets or {}).items())
        for x in tl
    )
    return ChannelChoice(scores=tuple(rows), per_target=per_target)
