"""Client importance ranking (steps 2.3.1-2.3.3): two axes, bound by the target segments."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from clientel.errors import InvalidInputError, UnknownReferenceError
from clientel.models import Client
from clientel.scoring._alternatives import score_alternatives
from clientel.scoring._criteria import Criterion
from clientel.scoring._ranking import Ranking
from clientel.scoring._views import AxisView
from clientel.scoring.kernels._method import MethodName

if TYPE_CHECKING:
    from clientel.scoring._targets import TargetClient

__all__ = ["NON_TARGETS", "ClientRanking", "ClientScore", "rank_clients"]

AXES = ("attractiveness", "feasibility")
NonTargets = Literal["exclude", "flag"]
#: The policies for clients outside the target segments (see :func:`rank_clients`).
NON_TARGETS: Final = ("exclude", "flag")


@attrs.frozen(kw_only=True)
class ClientScore:
    """One client's overall score and rank, its two axis scores and quadrant.

    ``name`` is the client's name, for charts and tables (None in documents
    written before it was kept). ``target_segment`` is False for a client of a
    segment outside the unit's target segments, kept in the ranking with this
    flag (``non_targets="flag"``).
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
    target_segment: bool = True


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
    target_segments: tuple[str, ...] | None = None
    non_targets: str = "exclude"
    excluded: tuple[str, ...] = ()
    _cache: dict[str, Any] = attrs.field(init=False, factory=dict, repr=False, eq=False)

    def _placement(self, row: ClientScore) -> str:
        flag = "" if row.target_segment else f"; segment {row.segment_id!r} is not a target"
        return (
            f"attractiveness {row.attractiveness:.3g}, feasibility {row.feasibility:.3g}"
            f" -> {row.quadrant}{flag}"
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
        return client_map(self.items, scores, self.cut, None, labels, ax)

    def to_records(self) -> list[dict[str, Any]]:
        """One row per client in rank order."""
        return [attrs.asdict(it) for it in self.items]


def client_map(
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
    target_segments: Collection[str] | None = None,
    non_targets: NonTargets = "exclude",
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
    target_segments : collection of str, optional
        The unit's target segments (step 2.1.4, ``BusinessUnit.target_segment_ids``):
        the strategy binds the ranking. Clients of other segments are treated
        by ``non_targets``. By default every segment counts.
    non_targets : {"exclude", "flag"}
        ``"exclude"`` (default): clients outside the target segments are left
        out before scoring (the normalisation sees the target segments' clients
        only) and listed in ``excluded``. ``"flag"``: they are scored and ranked
        with ``target_segment=False``, so a reviewer sees where they would
        stand; :func:`select_targets` never picks them.
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
        A criterion without one of the two groups; no target segment; an
        unknown ``non_targets`` policy; no client left in the target segments.
    UnknownReferenceError
        A client of an unknown segment, a target segment not among
        ``segments``, or a client without a criterion value.

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
    targets = _target_segments(target_segments, segments, non_targets)
    if targets is not None and non_targets == "exclude":
        excluded = tuple(sorted(c.id for c in clients if c.segment_id not in targets))
        clients = [c for c in clients if c.segment_id in targets]
        if not clients:
            msg = "no client in the target segments"
            raise InvalidInputError(msg, field="clients", value=sorted(targets))
    else:
        excluded = ()
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
            target_segment=targets is None or by_id[it.id].segment_id in targets,
        )
        for it in overall.items
    )
    return ClientRanking(
        items=items,
        ranking=overall,
        cut=float(cut),
        target_segments=None if targets is None else tuple(sorted(targets)),
        non_targets=non_targets,
        excluded=excluded,
    )


def _target_segments(
    target_segments: Collection[str] | None,
    segments: Collection[str] | None,
    non_targets: str,
) -> frozenset[str] | None:
    """The checked set of target segments (None: no constraint)."""
    if non_targets not in NON_TARGETS:
        msg = f"expected one of {list(NON_TARGETS)}"
        raise InvalidInputError(msg, field="non_targets", value=non_targets)
    if target_segments is None:
        return None
    if isinstance(target_segments, str):
        msg = "expected a collection of segment ids, not one string"
        raise InvalidInputError(msg, field="target_segments", value=target_segments)
    targets = frozenset(target_segments)
    if not targets:
        raise InvalidInputError("expected at least one target segment", field="target_segments")
    if segments is not None:
        for s in sorted(targets - set(segments)):
            raise UnknownReferenceError("not a known segment", field=f"target_segments[{s!r}]")
    return targets
