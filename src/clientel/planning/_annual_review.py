"""The annual review from computed results, feeding next year's ranking (step 2.7.5 -> 2.3).

:func:`annual_reviews` reads a year's account health (:func:`health_scores`),
delivery (:func:`earned_value` per client) and survey results
(:func:`survey_series`) and writes each client's
:class:`~clientel.models.AnnualReview` with next year's values of the
ranking criteria in :data:`REVIEW_CRITERIA`: nothing is typed in by hand.
:meth:`AnnualReviews.apply` puts them into the clients' attributes for
:func:`clientel.scoring.rank_clients`, and :func:`rank_change` says why a
client's rank moved between two years' rankings.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping
from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.models import AnnualReview, Client
from clientel.planning._followup import criteria_from_reviews
from clientel.planning._health import AccountHealth
from clientel.planning._survey_series import SurveySeries
from clientel.planning.kernels._earned_value import EarnedValue

if TYPE_CHECKING:
    from clientel.scoring import Ranked

__all__ = ["REVIEW_CRITERIA", "AnnualReviews", "annual_reviews", "rank_change"]

#: The ranking criteria an annual review computes, with where each comes from.
REVIEW_CRITERIA = (
    "health",  # the recency-weighted health score, 0-100
    "health_trend",  # the health trend, points per period
    "nps",  # the year's NPS, -100..100 (all answers of the year pooled)
    "csat",  # the year's top-box share, 0..1 (pooled)
    "delivery_cpi",  # sum of earned value / sum of actual cost over the client's projects
    "delivery_spi",  # sum of earned value / sum of planned value
)

_MAX_LESSONS = 5


@attrs.frozen(kw_only=True, repr=False)
class AnnualReviews(TableDisplay):
    """A year's annual reviews (step 2.7.5), one per client, with where each value came from.

    Attributes
    ----------
    year : int
        The year reviewed.
    reviews : tuple of AnnualReview
        One per client, sorted by client id; ``criteria_updates`` holds the
        :data:`REVIEW_CRITERIA` (None where the client had no data of that kind).
    sources : mapping of str to mapping of str to str
        Client -> criterion -> how the value was computed, in words.
    """

    year: int
    reviews: tuple[AnnualReview, ...]
    sources: Mapping[str, Mapping[str, str]] = attrs.field(converter=frozen_mapping)
    _display_title = "Annual reviews"

    @property
    def ids(self) -> tuple[str, ...]:
        """The clients reviewed, sorted."""
        return tuple(r.client_id for r in self.reviews)

    def item(self, id: str) -> AnnualReview:  # noqa: A002 - ids are called id everywhere
        """The review of client ``id``."""
        for r in self.reviews:
            if r.client_id == id:
                return r
        raise UnknownReferenceError("no review of this client", field="id", value=id)

    def criteria(self) -> dict[str, dict[str, float]]:
        """Client -> criterion -> value for next year's ranking (None values left out).

        The same as :func:`criteria_from_reviews` over :attr:`reviews`.
        """
        return criteria_from_reviews(self.reviews)

    def apply(self, clients: Sequence[Client]) -> tuple[Client, ...]:
        """The clients with next year's values of the review criteria in their attributes.

        Each of :data:`REVIEW_CRITERIA` is set (replacing last year's value): the
        review's value, or None where the client has none, so the ranking's
        missing-data policy decides (a client without a review gets None for
        every one). The other attributes are kept; the clients given are unchanged.
        """
        values = {r.client_id: r.criteria_updates for r in self.reviews}
        return tuple(
            attrs.evolve(c, attributes={**c.attributes, **{k: values.get(c.id, {}).get(k)
                                                           for k in REVIEW_CRITERIA}})
            for c in clients
        )  # fmt: skip

    def explain(self, id: str) -> Explanation:  # noqa: A002
        """Client ``id``'s computed criteria: each value and where it came from."""
        r = self.item(id)
        factors = [Factor(criterion=k, effect=float(v), value=self.sources[id].get(k))
                   for k, v in r.criteria_updates.items() if v is not None]  # fmt: skip
        missing = [k for k, v in r.criteria_updates.items() if v is None]
        notes = [*r.lessons]
        if missing:
            notes.append(f"no data for {', '.join(missing)}: the ranking's missing-data policy "
                         "applies")  # fmt: skip
        return Explanation(subject=id, summary=r.summary, factors=factors,
                           effect_kind="next year's criterion value", notes=notes)  # fmt: skip

    def to_records(self) -> list[dict[str, Any]]:
        """One row per client: the year, each criterion's value, the client's evaluation."""
        return [{"client_id": r.client_id, "year": r.year, **dict(r.criteria_updates),
                 "client_evaluation": r.client_evaluation, "lessons": len(r.lessons)}
                for r in self.reviews]  # fmt: skip

    def __repr__(self) -> str:
        filled = sum(v is not None for r in self.reviews for v in r.criteria_updates.values())
        return (f"<AnnualReviews {self.year}: {len(self.reviews)} clients, {filled} criterion "
                f"values computed>")  # fmt: skip


def _pooled(n: Any, value: Any, row: int) -> tuple[float | None, int]:
    """The n-weighted mean of a row's per-period values (exact for NPS and shares), and n."""
    counts = np.asarray(n[row], dtype=np.float64)
    total = int(counts.sum())
    if total == 0:
        return None, 0
    vals = np.where(counts > 0, np.asarray(value[row]), 0.0)
    return float(vals @ counts / total), total


def _delivery(ev: EarnedValue) -> tuple[float | None, float | None]:
    e, a, p = float(np.sum(ev.ev)), float(np.sum(ev.ac)), float(np.sum(ev.pv))
    return (e / a if a > 0 else None), (e / p if p > 0 else None)


def annual_reviews(
    year: int,
    *,
    health: AccountHealth | None = None,
    surveys: SurveySeries | None = None,
    delivery: Mapping[str, EarnedValue] | None = None,
    clients: Iterable[str] | None = None,
) -> AnnualReviews:
    """Each client's annual review from the year's computed results (step 2.7.5).

    Parameters
    ----------
    year : int
        The year reviewed.
    health : AccountHealth, optional
        The year's health (:func:`health_scores` over the year's periods):
        ``health`` is the recency-weighted score at the year's last period,
        ``health_trend`` the trend.
    surveys : SurveySeries, optional
        The year's answers per client (:func:`survey_series`): ``nps`` and
        ``csat`` pool every answer of the year (the n-weighted mean of the
        periods' values, which is the NPS and top-box share of all the
        answers together); ``csat`` is also the review's ``client_evaluation``.
    delivery : mapping of str to EarnedValue, optional
        Each client's projects (:func:`earned_value`): ``delivery_cpi =
        sum EV / sum AC`` and ``delivery_spi = sum EV / sum PV``.
    clients : iterable of str, optional
        The clients to review; by default every client found in the inputs.

    Returns
    -------
    AnnualReviews
        One :class:`~clientel.models.AnnualReview` per client, its
        ``criteria_updates`` holding :data:`REVIEW_CRITERIA` (None where the
        client had no data of that kind), its ``summary`` the figures in
        words and its ``lessons`` the year's alerts (at most five).

    Raises
    ------
    MissingDataError
        No input at all, or no client to review.
    InvalidInputError
        Health or surveys that are not per client (a survey series grouped by
        segment is refused: its groups are not clients).

    Examples
    --------
    >>> from clientel.planning import earned_value
    >>> r = annual_reviews(2026, delivery={"c1": earned_value([100.0, 50.0], [60.0, 50.0],
    ...                                                       [54.0, 50.0], [70.0, 40.0])})
    >>> dict(r.item("c1").criteria_updates)["delivery_cpi"]
    0.9454545454545454
    """
    if health is None and surveys is None and delivery is None:
        raise MissingDataError("expected health, surveys or delivery results", field="year")
    if surveys is not None and surveys.by != "client":
        raise InvalidInputError("expected surveys per client, not per group", field="surveys",
                                value=surveys.groups[:3])  # fmt: skip
    found: set[str] = set()
    if health is not None:
        found |= set(health.accounts)
    if surveys is not None:
        found |= set(surveys.groups)
    if delivery is not None:
        found |= set(delivery)
    ids = sorted(found if clients is None else set(clients))
    if not ids:
        raise MissingDataError("no client to review", field="clients")
    reviews, sources = [], {}
    for cid in ids:
        values: dict[str, float | None] = dict.fromkeys(REVIEW_CRITERIA)
        source: dict[str, str] = {}
        words: list[str] = []
        lessons: list[str] = []
        if health is not None and cid in health.accounts:
            r = health.row(cid)
            values["health"] = float(health.recent[r])
            values["health_trend"] = float(health.trend[r])
            span = f"{len(health.periods)} periods, horizon {health.scorecard.horizon}"
            source["health"] = f"recency-weighted health over {span}"
            source["health_trend"] = f"least-squares slope over the last {health.window} periods"
            words.append(f"health {values['health']:.1f} ({health.band(cid)}), trend "
                         f"{values['health_trend']:+.1f}/period")  # fmt: skip
            lessons += [a.message for a in health.alerts_for(cid) if a.subject == "health"]
        if surveys is not None and cid in surveys.groups:
            g = surveys.row(cid)
            nps_v, n_nps = _pooled(surveys.nps_n, surveys.nps, g)
            csat_v, n_csat = _pooled(surveys.csat_n, surveys.csat, g)
            values["nps"], values["csat"] = nps_v, csat_v
            source["nps"] = f"NPS of {n_nps} answers in {len(surveys.periods)} periods"
            source["csat"] = (f"top-{surveys.boxes}-box share of {n_csat} {surveys.question} "
                              "answers")  # fmt: skip
            if nps_v is not None:
                words.append(f"NPS {nps_v:+.0f} (n={n_nps})")
            if csat_v is not None:
                words.append(f"CSAT {csat_v:.0%} (n={n_csat})")
        if delivery is not None and cid in delivery:
            cpi, spi = _delivery(delivery[cid])
            values["delivery_cpi"], values["delivery_spi"] = cpi, spi
            n_projects = int(np.size(delivery[cid].ev))
            source["delivery_cpi"] = f"sum EV / sum AC over {n_projects} projects"
            source["delivery_spi"] = f"sum EV / sum PV over {n_projects} projects"
            if cpi is not None and spi is not None:
                words.append(f"CPI {cpi:.2f}, SPI {spi:.2f}")
        for k, v in values.items():
            if v is not None and not math.isfinite(v):
                raise InvalidInputError("expected a finite value", field=f"{cid}.{k}", value=v)
        reviews.append(AnnualReview(client_id=cid, year=year,
                                    summary="; ".join(words) or "no results this year",
                                    client_evaluation=values["csat"],
                                    lessons=tuple(lessons[-_MAX_LESSONS:]),
                                    criteria_updates=values))  # fmt: skip
        sources[cid] = source
    return AnnualReviews(year=year, reviews=tuple(reviews), sources=sources)


def _shown(value: float | str | None) -> str:
    return (
        "missing" if value is None else f"{value:.4g}" if isinstance(value, float) else str(value)
    )


def rank_change(before: Ranked[Any], after: Ranked[Any], id: str) -> Explanation:  # noqa: A002
    """Why ``id``'s rank moved between two rankings (last year's and this year's, step 2.3).

    Parameters
    ----------
    before, after : Ranked
        Two rankings of the same criteria (:func:`clientel.scoring.rank_clients`
        before and after :meth:`AnnualReviews.apply`, for instance).
    id : str
        The client.

    Returns
    -------
    clientel.Explanation
        Summary ``"rank 4 -> 9 (down 5), mainly health"``; one factor per
        criterion whose effect is the change of its effect in the rankings'
        explanations (each ranking explains a criterion's effect as the
        client's contribution minus the average), largest change first, with
        the new value; the notes give each moved criterion's value before and
        after.

    Raises
    ------
    UnknownReferenceError
        ``id`` is not in both rankings.
    InvalidInputError
        The rankings explain different criteria.

    Examples
    --------
    >>> from clientel.scoring import Criterion, score_alternatives
    >>> crit = [Criterion(name="revenue", weight=1), Criterion(name="health", weight=1)]
    >>> last = score_alternatives({"a": {"revenue": 5, "health": 80}, "b": {"revenue": 4,
    ...                            "health": 60}, "c": {"revenue": 1, "health": 70}}, crit,
    ...                           method="weighted_sum")
    >>> this = score_alternatives({"a": {"revenue": 5, "health": 40}, "b": {"revenue": 4,
    ...                            "health": 60}, "c": {"revenue": 1, "health": 70}}, crit,
    ...                           method="weighted_sum")
    >>> change = rank_change(last, this, "a")
    >>> change.summary, change[0].criterion
    ('rank 1 -> 2 (down 1), mainly health', 'health')
    """
    old, new = before.explain(id), after.explain(id)
    old_rank, new_rank = int(before.item(id).rank), int(after.item(id).rank)
    was = {f.criterion: f for f in old}
    now = {f.criterion: f for f in new}
    if set(was) != set(now):
        raise InvalidInputError("the two rankings explain different criteria", field="after",
                                value=sorted(set(was) ^ set(now)))  # fmt: skip
    factors = sorted(
        (Factor(criterion=c, effect=now[c].effect - was[c].effect, value=now[c].value)
         for c in now),
        key=lambda f: (-abs(f.effect), f.criterion),
    )  # fmt: skip
    moved = new_rank - old_rank
    way = "unchanged" if moved == 0 else f"{'down' if moved > 0 else 'up'} {abs(moved)}"
    main = factors[0].criterion if factors and factors[0].effect != 0 else None
    summary = f"rank {old_rank} -> {new_rank} ({way})" + (f", mainly {main}" if main else "")
    notes = [f"{f.criterion} {_shown(was[f.criterion].value)} -> {_shown(f.value)} "
             f"(effect {f.effect:+.4g})" for f in factors[:3] if f.effect != 0]  # fmt: skip
    return Explanation(subject=id, summary=summary, factors=factors,
                       effect_kind=f"change of the effect ({new.effect_kind})",
                       notes=notes)  # fmt: skip
