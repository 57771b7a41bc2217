"""Reputation (steps 2.2.3-2.2.4): influencer priorities and channel choice per level."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay
from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.models import Channel, DecisionLevel, Influencer
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
        (True, True): "engage closely",
        (True, False): "keep satisfied",
        (False, True): "keep informed",
        (False, False): "monitor",
    }
)


@attrs.frozen(kw_only=True)
class InfluencerPriority:
    """One influencer: score, rank and cell of the influence / access grid."""

    id: str
    rank: int
    score: float
    influence: float
    accessibility: float
    cell: str


@attrs.frozen(kw_only=True, repr=False)
class InfluencerPriorities(TableDisplay):
    """Influencers by priority with the two-axis grid."""

    items: tuple[InfluencerPriority, ...]
    influence_cut: float
    access_cut: float
    weights: tuple[float, float]
    _cache: dict[str, Any] = attrs.field(init=False, factory=dict, repr=False, eq=False)

    def grid(self) -> dict[str, tuple[str, ...]]:
        """Ids per grid cell, in priority order."""
        return {c: tuple(i.id for i in self.items if i.cell == c) for c in GRID.values()}

    @property
    def ids(self) -> tuple[str, ...]:
        """Ids in priority order."""
        return ids_of(self.items)

    def item(self, id: str) -> InfluencerPriority:  # noqa: A002 - ids are called id everywhere
        """The priority of one influencer (O(1) after the first call)."""
        return by_id(self.items, id, "ranking", self._cache)

    def explain(self, id: str) -> Explanation:  # noqa: A002
        """Why an influencer sits where it does: rank, grid cell, and each axis's points.

        Examples
        --------
        >>> from clientel.models import Influencer, InfluencerKind
        >>> p = rank_influencers([Influencer(id="regulator", name="Regulator",
        ...     kind=InfluencerKind.GOVERNMENT_BODY, influence=5, accessibility=2)],
        ...     influence_cut=4, access_cut=3)
        >>> print(p.explain("regulator"))
        regulator: rank 1, high influence (5), hard access (2) -> keep satisfied
          influence      +3.333  (value 5)
          accessibility  +0.6667  (value 2)
        """
        it = self.item(id)
        hi_i = "high" if it.influence >= self.influence_cut else "low"
        hi_a = "easy" if it.accessibility >= self.access_cut else "hard"
        return Explanation(
            subject=it.id,
            summary=(
                f"rank {it.rank}, {hi_i} influence ({it.influence:g}), "
                f"{hi_a} access ({it.accessibility:g}) -> {it.cell}"
            ),
            factors=[
                Factor(criterion=axis, effect=weight * value, value=value)
                for axis, weight, value in (
                    ("influence", self.weights[0], it.influence),
                    ("accessibility", self.weights[1], it.accessibility),
                )
            ],
            effect_kind="weighted points of the priority score",
        )

    def plot(self, ax: Any = None) -> Any:
        """The influencer grid: influence over ease of access, with both cuts (step 2.2.3).

        Calls :func:`clientel.plots.plot_influencer_grid` on ``ax`` (a new
        figure's axes by default) and returns the axes; matplotlib, the
        ``clientel[plot]`` extra, is imported only by this call.

        Examples
        --------
        >>> from clientel.models import Influencer, InfluencerKind
        >>> paper = Influencer(id="trade-paper", name="Trade paper", kind=InfluencerKind.MEDIA,
        ...                    influence=2, accessibility=5)
        >>> rank_influencers([paper]).plot().get_title()
        'Influencers: whom to engage and how'
        """
        from clientel.plots import plot_influencer_grid

        return plot_influencer_grid(
            [i.id for i in self.items],
            [i.influence for i in self.items],
            [i.accessibility for i in self.items],
            thresholds=(self.influence_cut, self.access_cut),
            ax=ax,
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per influencer."""
        return [attrs.asdict(i) for i in self.items]


def rank_influencers(
    influencers: Sequence[Influencer],
    *,
    segment_id: str | None = None,
    influence_weight: float = 2.0,
    access_weight: float = 1.0,
    influence_cut: float | None = None,
    access_cut: float | None = None,
) -> InfluencerPriorities:
    r"""Rank influencers by influence and ease of access, and place them on a grid (2.2.3).

    Parameters
    ----------
    influencers : sequence of Influencer
        ``influence`` and ``accessibility`` on one scale of the caller's.
    segment_id : str, optional
        Keep only influencers of this segment.
    influence_weight, access_weight : float
        Weights of the priority score :math:`w_i\,\text{influence} + w_a\,\text{access}`
        (normalised to sum 1); influence counts double by default.
    influence_cut, access_cut : float, optional
        Grid boundaries (a value equal to the cut is high); the median by default.

    Returns
    -------
    InfluencerPriorities
        By score (ties by id) with cells: engage closely (high/high), keep
        satisfied (high influence, hard to reach), keep informed (low influence,
        easy to reach), monitor.

    Raises
    ------
    InvalidInputError
        Negative or all-zero weights; no influencer left.

    Examples
    --------
    >>> from clientel.models import Influencer, InfluencerKind
    >>> inf = [Influencer(id="bankers-assoc", name="Bankers' Association",
    ...                   kind=InfluencerKind.INDUSTRY_ASSOCIATION, influence=5, accessibility=4),
    ...        Influencer(id="regulator", name="Regulator", kind=InfluencerKind.GOVERNMENT_BODY,
    ...                   influence=5, accessibility=1),
    ...        Influencer(id="trade-paper", name="Trade paper", kind=InfluencerKind.MEDIA,
    ...                   influence=2, accessibility=5)]
    >>> p = rank_influencers(inf, influence_cut=4, access_cut=3)
    >>> [i.id for i in p.items]
    ['bankers-assoc', 'regulator', 'trade-paper']
    >>> p.grid()["keep satisfied"], p.grid()["keep informed"]
    (('regulator',), ('trade-paper',))
    """
    w = np.array([influence_weight, access_weight], dtype=np.float64)
    if not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise InvalidInputError("expected non-negative weights, not both zero", field="weights")
    w = w / w.sum()
    chosen = sorted(
        (i for i in influencers if segment_id is None or segment_id in i.segment_ids),
        key=lambda i: i.id,
    )
    if not chosen:
        raise InvalidInputError(
            "no influencer to prioritise", field="influencers", value=segment_id
        )
    X = np.array([[i.influence, i.accessibility] for i in chosen], dtype=np.float64)
    score = X @ w
    ci = float(np.median(X[:, 0])) if influence_cut is None else float(influence_cut)
    ca = float(np.median(X[:, 1])) if access_cut is None else float(access_cut)
    order = np.lexsort((np.arange(len(chosen)), -score))
    rank = np.empty(len(chosen), dtype=np.int64)
    rank[order] = np.arange(1, len(chosen) + 1)
    items = tuple(
        InfluencerPriority(
            id=chosen[k].id,
            rank=int(rank[k]),
            score=float(score[k]),
            influence=float(X[k, 0]),
            accessibility=float(X[k, 1]),
            cell=GRID[(bool(X[k, 0] >= ci), bool(X[k, 1] >= ca))],
        )
        for k in order
    )
    return InfluencerPriorities(
        items=items, influence_cut=ci, access_cut=ca, weights=(float(w[0]), float(w[1]))
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
