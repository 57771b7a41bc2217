"""Stage-to-win probabilities learned from outcomes, smoothed toward the defaults (step 2.4.5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs
import numpy as np

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay
from clientel.errors import InvalidInputError, UnknownReferenceError
from clientel.models import END_STAGES, LOST, WON, Opportunity, Pipeline
from clientel.planning._pipeline_data import check_date, opportunity_list, view
from clientel.planning.kernels._conversion import smoothed_win_rates as _fit

__all__ = ["StageConversion", "StageRate", "fit_stage_conversion"]


@attrs.frozen(kw_only=True, repr=False)
class StageRate(TableDisplay):
    """One stage's learned probability of winning, with the counts behind it.

    ``reached``: closed opportunities that reached the stage (won, or lost at
    this stage or a later one); ``won``: the won among them; ``probability``:
    ``(won + k x default) / (reached + k)``; ``low``, ``high``: the central
    credible interval of the posterior Beta distribution.
    """

    stage: str
    name: str
    order: int
    default: float
    reached: int
    won: int
    probability: float
    low: float
    high: float
    _display_title = "Stage conversion"

    def __repr__(self) -> str:
        return (
            f"<StageRate {self.stage}: {self.probability:.3f} from {self.won} won of "
            f"{self.reached} (default {self.default:g})>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row with every field."""
        return [attrs.asdict(self)]


@attrs.frozen(kw_only=True, repr=False)
class StageConversion(TableDisplay):
    """Probabilities of winning from each stage, learned from closed opportunities (2.4.5).

    A fitted model: pass it to :func:`forecast_pipeline` and
    :func:`pipeline_coverage`, store it as a JSON document (``dumps``), explain a
    stage's probability with :meth:`explain`.
    """

    pipeline_id: str
    prior_weight: float
    level: float
    as_of: dt.date | None
    closed: int
    stages: tuple[StageRate, ...]
    _display_title = "Stage conversion"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per stage, in pipeline order: defaults, counts, learned probability."""
        return [row for s in self.stages for row in s.to_records()]

    def __repr__(self) -> str:
        shown = ", ".join(f"{s.stage}={s.probability:.3g}" for s in self.stages[:4])
        more = ", …" if len(self.stages) > 4 else ""
        return (
            f"<StageConversion {self.pipeline_id}: {shown}{more} "
            f"from {self.closed} closed, prior weight {self.prior_weight:g}>"
        )

    def rate(self, id: str) -> StageRate:  # noqa: A002
        """The row of stage ``id``.

        Raises
        ------
        UnknownReferenceError
            Not an open stage of the pipeline.
        """
        for s in self.stages:
            if s.stage == id:
                return s
        known = ", ".join(s.stage for s in self.stages)
        msg = f"not an open stage of pipeline {self.pipeline_id!r} (known: {known})"
        raise UnknownReferenceError(msg, field="stage", value=id)

    def probability(self, id: str) -> float:  # noqa: A002
        """The learned probability of winning from stage ``id`` (1 for won, 0 for lost)."""
        if id in END_STAGES:
            return 1.0 if id == WON else 0.0
        return self.rate(id).probability

    def explain(self, id: str) -> Explanation:  # noqa: A002
        """Why stage ``id`` has its probability: the observed rate's share and the default's.

        The two factors add up to the probability: ``n / (n + k)`` times the
        observed rate ``w / n`` and ``k / (n + k)`` times the default.
        """
        s, k = self.rate(id), self.prior_weight
        n, w = s.reached, s.won
        observed = w / n if n else None
        factors = [
            Factor(criterion="observed win rate", effect=w / (n + k), value=observed),
            Factor(
                criterion="default probability", effect=k * s.default / (n + k), value=s.default
            ),
        ]
        summary = (
            f"P(win | reached {s.stage}) = {s.probability:.3f} "
            f"({self.level:.0%} interval {s.low:.3f}-{s.high:.3f}): {w} won of {n} closed "
            f"that reached it, smoothed toward the default {s.default:g} with weight {k:g}"
        )
        notes = (
            f"(w + k p0) / (n + k) = ({w} + {k:g} x {s.default:g}) / ({n} + {k:g}): the mean of "
            f"the Beta posterior from the prior Beta(k p0, k (1 - p0)) with mean p0",
        )
        return Explanation(subject=f"stage {s.stage}", summary=summary, factors=factors,
                           effect_kind="share of the probability", notes=notes)  # fmt: skip


def _check_weight(prior_weight: float, level: float) -> None:
    if isinstance(prior_weight, bool) or not isinstance(prior_weight, int | float):
        raise InvalidInputError("expected a number", field="prior_weight", value=prior_weight)
    if not np.isfinite(prior_weight) or prior_weight <= 0:
        msg = "expected a finite weight above 0 (in closed opportunities)"
        raise InvalidInputError(msg, field="prior_weight", value=prior_weight)
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0 < level < 1:
        raise InvalidInputError("expected a level in (0, 1)", field="level", value=level)


def fit_stage_conversion(
    opportunities: Iterable[Opportunity],
    pipeline: Pipeline,
    *,
    as_of: dt.date | None = None,
    since: dt.date | None = None,
    prior_weight: float = 10.0,
    level: float = 0.9,
) -> StageConversion:
    """Learn each stage's probability of winning from closed opportunities (step 2.4.5).

    Parameters
    ----------
    opportunities : iterable of Opportunity
        With stage histories through the stages of ``pipeline``; open ones and
        ones without a history are not counted (an open outcome is unknown).
    pipeline : Pipeline
        The stages, their order and default probabilities.
    as_of : datetime.date, optional
        Learn only from what was known at the end of this day (later stage
        changes have not happened yet); all outcomes by default.
    since : datetime.date, optional
        Count only opportunities closed on or after this day (a look-back window).
    prior_weight : float
        ``k > 0``: how many closed opportunities the default is worth.
    level : float
        Mass of each probability's credible interval.

    Returns
    -------
    StageConversion

    Raises
    ------
    UnknownReferenceError
        A stage in a history that the pipeline does not have.
    InvalidInputError
        A weight that is not above 0, a level outside (0, 1), dates that are
        not dates, duplicate opportunity ids.

    Notes
    -----
    An opportunity *reached* a stage when it was won or its furthest stage is
    that one or a later one (moving back does not undo having been further).
    With ``n`` closed opportunities that reached a stage, ``w`` of them won, its
    default ``p0`` and weight ``k``, the prior is Beta(k p0, k (1 - p0)) (mean
    ``p0``) and the learned probability is the posterior mean

    ``(w + k p0) / (n + k)``:

    the default without history, the observed rate ``w / n`` as history grows.

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import OpportunityOrigin, PipelineStage
    >>> pipe = Pipeline(id="p", name="Sales", stages=[
    ...     PipelineStage(id="qualify", name="Qualify", probability=0.2),
    ...     PipelineStage(id="propose", name="Propose", probability=0.5)])
    >>> def deal(i, *path):
    ...     o = Opportunity(id=f"o{i}", client_id="c", name="deal",
    ...                     origin=OpportunityOrigin.CLIENT_IT_NEED)
    ...     for k, stage in enumerate(path):
    ...         o = o.advance(stage, dt.date(2026, 1, 1) + dt.timedelta(days=30 * k))
    ...     return o
    >>> deals = ([deal(i, "qualify", "propose", "won") for i in range(4)]
    ...          + [deal(i, "qualify", "lost") for i in range(4, 6)]
    ...          + [deal(i, "qualify", "propose", "lost") for i in range(6, 10)])
    >>> fit = fit_stage_conversion(deals, pipe, prior_weight=10)
    >>> [(s.stage, s.reached, s.won, round(s.probability, 4)) for s in fit.stages]
    [('qualify', 10, 4, 0.3), ('propose', 8, 4, 0.5)]
    >>> fit_stage_conversion([], pipe).probability("propose")  # no history: the default
    0.5
    """
    opps = opportunity_list(opportunities, pipeline)
    _check_weight(prior_weight, level)
    if as_of is not None:
        check_date(as_of, "as_of")
    if since is not None:
        check_date(since, "since")
    far, won = [], []
    for opp in opps:
        seen = view(opp, as_of) if as_of is not None else view(opp, dt.date.max)
        if not seen.is_closed or (since is not None and seen.closed_on < since):
            continue
        stages = [pipeline.order(c.stage) for c in seen.history if c.stage not in (WON, LOST)]
        far.append(max(stages, default=-1))
        won.append(seen.is_won)
    fit = _fit(np.asarray(far, dtype=np.int64), np.asarray(won, dtype=bool),
               [s.probability for s in pipeline.stages], prior_weight=float(prior_weight),
               level=float(level))  # fmt: skip
    rows = tuple(
        StageRate(
            stage=s.id,
            name=s.name,
            order=i,
            default=s.probability,
            reached=int(fit.reached[i]),
            won=int(fit.won[i]),
            probability=float(fit.probability[i]),
            low=float(fit.low[i]),
            high=float(fit.high[i]),
        )
        for i, s in enumerate(pipeline.stages)
    )
    return StageConversion(pipeline_id=pipeline.id, prior_weight=float(prior_weight),
                           level=float(level), as_of=as_of, closed=len(far),
                           stages=rows)  # fmt: skip
