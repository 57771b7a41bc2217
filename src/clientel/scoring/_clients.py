"""Client importance ranking (steps 2.3.1-2.3.3): two axes, target lists, tiers."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay
from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.models import Client
from clientel.scoring._alternatives import score_alternatives
from clientel.scoring._criteria import Criterion
from clientel.scoring._hierarchy import TierBand, TierScheme
from clientel.scoring._ranking import Ranking
from clientel.scoring._views import AxisView
from clientel.scoring.kernels._method import MethodName
from clientel.scoring.kernels._tiers import tiers_by_thresholds

__all__ = [
    "ClientRanking",
    "ClientScore",
    "ServiceTier",
    "TargetClient",
    "TargetList",
    "rank_clients",
    "select_targets",
]

AXES = ("attractiveness", "feasibility")


@attrs.frozen(kw_only=True)
class ClientScore:
    """One client's overall score and rank, its two axis scores and quadrant.

    ``name`` is the client's name, for charts and tables (None in documents
    written before it was kept).
    """

    id: str
    segment_id: str
    status: str
    rank: int
    overall: float
    attractiveness: float
    feasibility: float
    quadrant: str
    name: str | None = None


@attrs.frozen(kw_only=True, repr=False)
class ClientRanking(AxisView[ClientScore]):
    """Clients ranked overall (``ranking``) with the two-axis view (``items``).

    ``item(id)`` gives a client's :class:`ClientScore`; ``explain(id)`` the
    per-criterion contributions to its overall score, with its axis scores
    and quadrant in the summary.
    """

    items: tuple[ClientScore, ...]
    ranking: Ranking = attrs.field(repr=False)  # shown by items; explain() reads it
    cut: float
    _cache: dict[str, Any] = attrs.field(init=False, factory=dict, repr=False, eq=False)

    def _placement(self, row: ClientScore) -> str:
        return (
            f"attractiveness {row.attractiveness:.3g}, feasibility {row.feasibility:.3g}"
            f" -> {row.quadrant}"
        )

    def plot(self, ax: Any = None, *, labels: int = 10) -> Any:
        """The client map: attractiveness against feasibility, with the quadrants (step 2.3.1).

        Calls :func:`clientel.plots.plot_client_map` with the ranking's cut on
        ``ax`` (a new figure's axes by default) and returns the axes;
        matplotlib, the ``clientel[plot]`` extra, is imported only by this call.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on.
        labels : int
            Name the first ``labels`` clients of the ranking (10 by default).

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.

        Examples
        --------
        >>> from clientel.models import Client
        >>> from clientel.scoring import Criterion
        >>> crit = [Criterion(name="it_budget", group="attractiveness"),
        ...         Criterion(name="relationship", group="feasibility")]
        >>> cs = [Client(id=f"c{k}", name=f"Client {k}", segment_id="bank",
        ...              attributes={"it_budget": k, "relationship": k % 3}) for k in range(5)]
        >>> ranking = rank_clients(cs, crit)
        >>> [c.name for c in ranking.items[:2]]
        ['Client 2', 'Client 4']
        >>> ax = ranking.plot(labels=2)
        >>> sorted(t.get_text() for t in ax.texts if t.get_text().startswith("Client"))
        ['Client 2', 'Client 4']
        """
        scores = ([r.attractiveness for r in self.items], [r.feasibility for r in self.items])
        return _client_map(self.items, scores, self.cut, None, labels, ax)

    def to_records(self) -> list[dict[str, Any]]:
        """One row per client in rank order."""
        return [attrs.asdict(it) for it in self.items]


def _client_map(
    rows: Sequence[ClientScore | TargetClient],
    scores: tuple[list[float], list[float]],
    cut: float | None,
    tiers: Sequence[str] | None,
    labels: int,
    ax: Any,
    title: str | None = None,
) -> Any:
    from clientel.plots import plot_client_map

    if labels < 0:
        raise InvalidInputError("expected a count >= 0", field="labels", value=labels)
    names = [(r.name or r.id) if k < labels else None for k, r in enumerate(rows)]
    return plot_client_map(*scores, tiers, labels=names, cut=cut, title=title, ax=ax)


def _quadrant(a: float, f: float, cut: float) -> str:
    return {
        (True, True): "pursue",
        (True, False): "build capability",
        (False, True): "opportunistic",
        (False, False): "deprioritise",
    }[(a >= cut, f >= cut)]


def rank_clients(
    clients: Sequence[Client],
    criteria: Sequence[Criterion],
    *,
    segments: Collection[str] | None = None,
    method: MethodName = "weighted_sum",
    cut: float = 0.5,
) -> ClientRanking:
    """Score clients on attractiveness to us and feasibility of serving (step 2.3.1).

    Parameters
    ----------
    clients : sequence of Client
        Current key clients and prospects alike; values in ``attributes``.
    criteria : sequence of Criterion
        Each with ``group`` ``"attractiveness"`` or ``"feasibility"`` and a weight.
    segments : collection of str, optional
        Known segment ids; a client of another segment is refused.
    method : str
        Scoring method of :func:`score_alternatives`; ``"weighted_sum"`` (min-max
        normalised, scores in [0, 1]) by default.
    cut : float
        Axis score at which a client counts as high on that axis (quadrants).

    Returns
    -------
    ClientRanking
        Overall ranking (all criteria with their weights; ties by id) and per
        client the score on each axis (the group's criteria, weights
        renormalised within the group) and the quadrant.

    Raises
    ------
    InvalidInputError
        A criterion without one of the two groups.
    UnknownReferenceError
        A client of an unknown segment, or a client without a criterion value.

    Examples
    --------
    >>> from clientel.models import Client, ClientStatus
    >>> from clientel.scoring import Criterion
    >>> crit = [Criterion(name="it_budget", weight=2, group="attractiveness"),
    ...         Criterion(name="relationship", weight=1, group="feasibility")]
    >>> cs = [Client(id="nordbank", name="Nordbank", segment_id="banking",
    ...              status=ClientStatus.KEY_CLIENT,
    ...              attributes={"it_budget": 9, "relationship": 2}),
    ...       Client(id="vista", name="Vista", segment_id="banking",
    ...              attributes={"it_budget": 5, "relationship": 5})]
    >>> r = rank_clients(cs, crit)
    >>> [(c.id, c.rank, round(c.overall, 3), c.quadrant) for c in r.items]
    [('nordbank', 1, 0.667, 'build capability'), ('vista', 2, 0.333, 'opportunistic')]
    """
    for c in criteria:
        if c.group not in AXES:
            msg = f"expected group in {AXES}"
            raise InvalidInputError(msg, field=f"Criterion[{c.name}].group", value=c.group)
    if segments is not None:
        known = set(segments)
        for cl in clients:
            if cl.segment_id not in known:
                raise UnknownReferenceError(
                    "client of an unknown segment",
                    field=f"clients[{cl.id!r}].segment_id",
                    value=cl.segment_id,
                )
    by_id = {c.id: c for c in clients}
    if len(by_id) != len(clients):
        raise InvalidInputError("duplicate client ids", field="clients")
    alts = {c.id: c.attributes for c in sorted(clients, key=lambda c: c.id)}
    overall = score_alternatives(alts, criteria, method=method)
    axis: dict[str, dict[str, float]] = {}
    for group in AXES:
        sub = [c for c in criteria if c.group == group]
        axis[group] = (
            {it.id: it.score for it in score_alternatives(alts, sub, method=method).items}
            if sub
            else {}
        )
    items = tuple(
        ClientScore(
            id=it.id,
            name=by_id[it.id].name,
            segment_id=by_id[it.id].segment_id,
            status=by_id[it.id].status.value,
            rank=it.rank,
            overall=it.score,
            attractiveness=axis["attractiveness"].get(it.id, float("nan")),
            feasibility=axis["feasibility"].get(it.id, float("nan")),
            quadrant=_quadrant(
                axis["attractiveness"].get(it.id, 0.0), axis["feasibility"].get(it.id, 0.0), cut
            ),
        )
        for it in overall.items
    )
    return ClientRanking(items=items, ranking=overall, cut=float(cut))


@attrs.frozen(kw_only=True)
class ServiceTier:
    """A tier of target clients and its service principle (step 2.3.3).

    ``min_score`` is the inclusive lower bound of the overall score; the last
    tier has none and takes every remaining target.
    """

    name: str
    principle: str
    min_score: float | None = None


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
    """The yearly target list (step 2.3.3) and the clients screened out."""

    targets: tuple[TargetClient, ...]
    screened_out: tuple[str, ...]

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
            return Explanation(
                subject=id, summary="screened out (below its segment's number of candidates)"
            )
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
        >>> from clientel.scoring import Criterion
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
        return _client_map(self.targets, scores, None, tiers, labels, ax, "Target clients by tier")

    def to_records(self) -> list[dict[str, Any]]:
        """One row per target client."""
        return [attrs.asdict(t) for t in self.targets]


def select_targets(
    ranking: ClientRanking,
    *,
    per_segment: Mapping[str, int],
    tiers: Sequence[ServiceTier] = (),
    previous_tiers: Mapping[str, str] | None = None,
    hysteresis: float = 0.0,
) -> TargetList:
    """Keep the best ``per_segment[s]`` clients of each segment as targets (2.3.2-2.3.3).

    Parameters
    ----------
    ranking : ClientRanking
        From :func:`rank_clients`.
    per_segment : mapping of segment id to int
        Number of candidates per segment; segments not named get none.
    tiers : sequence of ServiceTier
        Strictly decreasing ``min_score`` and a last tier without one;
        by default a single tier ``"target"``.
    previous_tiers : mapping of client id to tier name, optional
        Tiers from the last review, for hysteresis.
    hysteresis : float
        A client whose score is within this margin of its previous tier's band
        keeps that tier (see :class:`TierScheme`), so it does not flip on every
        review; 0 by default.

    Returns
    -------
    TargetList
        Targets in overall rank order with tier and service principle.

    Raises
    ------
    InvalidInputError
        Negative counts, or tiers not strictly decreasing / last with a bound.
    UnknownReferenceError
        A segment in ``per_segment`` with no client in the ranking.

    Examples
    --------
    >>> from clientel.models import Client
    >>> from clientel.scoring import Criterion
    >>> crit = [Criterion(name="potential", group="attractiveness")]
    >>> cs = [Client(id=f"c{k}", name=f"C{k}", segment_id=s, attributes={"potential": v})
    ...       for k, (s, v) in enumerate([("bank", 9), ("bank", 7), ("bank", 1), ("retail", 4)])]
    >>> tl = select_targets(rank_clients(cs, crit), per_segment={"bank": 2, "retail": 1},
    ...     tiers=[ServiceTier(name="A", principle="quarterly executive review", min_score=0.7),
    ...            ServiceTier(name="B", principle="yearly review")])
    >>> [(t.id, t.tier) for t in tl.targets], tl.screened_out
    ([('c0', 'A'), ('c1', 'A'), ('c3', 'B')], ('c2',))
    """
    tier_list = list(tiers) or [ServiceTier(name="target", principle="")]
    bounds = [t.min_score for t in tier_list[:-1]]
    if tier_list[-1].min_score is not None or any(b is None for b in bounds):
        msg = "every tier but the last needs min_score; the last takes the rest"
        raise InvalidInputError(msg, field="tiers")
    thresholds = np.array(bounds, dtype=np.float64)
    if thresholds.size and (np.diff(thresholds) >= 0).any():
        raise InvalidInputError("min_score must strictly decrease", field="tiers")
    present = {it.segment_id for it in ranking.items}
    for s, n in sorted(per_segment.items()):
        if n < 0:
            raise InvalidInputError("expected a count >= 0", field=f"per_segment[{s!r}]", value=n)
        if s not in present:
            raise UnknownReferenceError("no client in this segment", field=f"per_segment[{s!r}]")
    taken: dict[str, int] = {}
    chosen = []
    for it in ranking.items:
        if taken.get(it.segment_id, 0) < per_segment.get(it.segment_id, 0):
            taken[it.segment_id] = taken.get(it.segment_id, 0) + 1
            chosen.append(it)
    scores = np.array([it.overall for it in chosen], dtype=np.float64)
    tier_idx = (
        tiers_by_thresholds(scores, thresholds) if thresholds.size else np.zeros(len(chosen), int)
    )
    if previous_tiers and thresholds.size:
        inf = float("inf")
        edges = [inf, *thresholds.tolist(), -inf]
        bands = tuple(
            TierBand(name=t.name, lower=edges[k + 1], upper=edges[k], upper_inclusive=k == 0)
            for k, t in reversed(list(enumerate(tier_list)))
        )
        scheme = TierScheme(bands=bands, hysteresis=hysteresis)
        names = [t.name for t in tier_list]
        for k, it in enumerate(chosen):
            if it.id in previous_tiers:
                tier_idx[k] = names.index(scheme.assign(it.overall, previous_tiers[it.id]))
    targets = tuple(
        TargetClient(
            id=it.id,
            segment_id=it.segment_id,
            rank=it.rank,
            overall=it.overall,
            tier=tier_list[int(tier_idx[k])].name,
            principle=tier_list[int(tier_idx[k])].principle,
            name=it.name,
            attractiveness=it.attractiveness,
            feasibility=it.feasibility,
        )
        for k, it in enumerate(chosen)
    )
    kept = {t.id for t in targets}
    return TargetList(
        targets=targets,
        screened_out=tuple(sorted(it.id for it in ranking.items if it.id not in kept)),
    )
