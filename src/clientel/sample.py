"""The sample business unit shipped with clientel: "Northwind IT Services".

A fictional IT-services business unit used by ``clientel demo``, the docs and
the tour notebook: six segments with market data, four competitors, 300 clients
from a CRM export (a fifth of the ``it_budget`` and ``relationship`` cells
empty), people with capacities, influencers, channels, three key accounts with
opportunities, inquiries, an RFP, 3,000 closed deals, budgets for 2026-2029 and the
order histories of the 99 current and key clients (``purchases.csv``: repeat orders,
month of the last one, months since the first, margin per order; for customer
lifetime value, step 2.3.1), the value propositions for the segments the demo
targets (``value_propositions.json``, step 2.1.5), the group's review of the
2027 plan (``strategy_review.json``: challenged twice, revised, approved; step 2.1.8)
and the opportunity pipeline (steps 2.4.5-2.4.8): four stages (``pipeline.json``), the
key-account opportunities' open stage histories, 120 closed and 30 more open
opportunities (``pipeline_opportunities.json``, a fifth in CHF) and the EUR rates of the
CHF (``rates.json``).
The account health of the 99 current and key clients (issue 24; steps 2.4.8, 2.7):
the health scorecard (``health_scorecard.json``), its five measures every month from
December 2024 to November 2026 (``health.csv``), the quarterly relationship survey
(``surveys.csv``: would you recommend us, 0-10, and the three 1-5 questions of step
2.7.2) and the projects of each review year with their earned value (``projects.csv``).
A review year is the twelve months to 30 November, the planning date of the next year's
plan: 2025 runs from December 2024 to November 2025.

The files are made by ``scripts/generate_sample.py`` from one seed and can be
regenerated bit for bit.

Examples
--------
>>> from clientel.sample import load_sample
>>> unit = load_sample()
>>> unit.unit.name, len(unit.clients), len(unit.segments)
('Northwind IT Services', 300, 7)
>>> sum(c.attributes["it_budget"] is None for c in unit.clients)
60
>>> len(unit.health.accounts), len(unit.health.periods), len(unit.surveys)
(99, 24, 1976)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from importlib import resources
from typing import Any

import attrs

from clientel import models as m
from clientel import planning as pl
from clientel._internal.dates import add_months
from clientel.workflow import AuthorityMatrix

__all__ = ["SampleUnit", "health_periods", "load_sample", "read_table", "read_text"]

_PACKAGE = "clientel.data.sample"
_CLIENT_CRITERIA = (
    "revenue_potential",
    "growth",
    "margin",
    "strategic_fit",
    "relationship",
    "access",
    "capability_fit",
    "it_budget",
)


def read_text(name: str) -> str:
    """Text of one sample file, e.g. ``"deals.csv"``.

    Parameters
    ----------
    name : str
        A file of the sample, e.g. ``"deals.csv"`` or ``"unit.json"``.

    Returns
    -------
    str
        The file's text (read as UTF-8).

    Raises
    ------
    FileNotFoundError
        No sample file of that name.

    Examples
    --------
    >>> read_text("deals.csv").splitlines()[0]
    'id,segment_id,closed_on,list_price,price,cost,won,competitor_id,loss_reason'
    """
    return resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of a sample CSV file as dicts of strings (empty string = missing).

    Parameters
    ----------
    name : str
        A CSV file of the sample, e.g. ``"deals.csv"``.

    Returns
    -------
    list of dict
        One ``{column: text}`` dictionary per row, in file order.

    Raises
    ------
    FileNotFoundError
        No sample file of that name.

    Examples
    --------
    >>> deals = read_table("deals.csv")
    >>> len(deals), deals[0]["id"], deals[0]["won"], deals[1]["loss_reason"]
    (3000, 'd-00001', 'false', '')
    """
    return list(csv.DictReader(io.StringIO(read_text(name))))


def _load(name: str, cls: Any) -> Any:
    return m.loads(read_text(name), cls)


def _client(row: dict[str, str]) -> m.Client:
    attributes = {k: (float(row[k]) if row[k] != "" else None) for k in _CLIENT_CRITERIA}
    return m.Client(
        id=row["id"],
        name=row["name"],
        segment_id=row["segment_id"],
        status=m.ClientStatus(row["status"]),
        attributes=attributes,
    )


@attrs.frozen(kw_only=True)
class SampleUnit:
    """The sample business unit's entities (see the module docstring)."""

    unit: m.BusinessUnit
    group: m.BusinessGroup
    segments: tuple[m.Segment, ...]
    key_success_factors: tuple[m.KeySuccessFactor, ...]
    competitors: tuple[m.Competitor, ...]
    people: tuple[m.Person, ...]
    clients: tuple[m.Client, ...]
    influencers: tuple[m.Influencer, ...]
    channels: tuple[m.Channel, ...]
    opportunities: tuple[m.Opportunity, ...]
    inquiries: tuple[m.Inquiry, ...]
    rfp: m.RFP
    authority: AuthorityMatrix
    value_propositions: tuple[m.ValueProposition, ...]
    strategy_review: pl.GroupStrategyReview
    pipeline: m.Pipeline
    pipeline_opportunities: tuple[m.Opportunity, ...]
    rates: m.DatedRateTable
    health_scorecard: pl.HealthScorecard
    health: pl.HealthHistory
    surveys: tuple[m.SatisfactionResponse, ...]

    @property
    def leaf_segments(self) -> tuple[m.Segment, ...]:
        """Segments that are nobody's parent (where clients live)."""
        parents = {s.parent_id for s in self.segments}
        return tuple(s for s in self.segments if s.id not in parents)

    @property
    def key_clients(self) -> tuple[m.Client, ...]:
        """Clients with an opportunity plan (the key accounts of step 2.4)."""
        ids = {o.client_id for o in self.opportunities}
        return tuple(c for c in self.clients if c.id in ids)

    @staticmethod
    def review_year(year: int) -> tuple[dt.date, dt.date]:
        """First and last day of a review year: the twelve months to 30 November ``year``."""
        return dt.date(year - 1, 12, 1), dt.date(year, 11, 30)

    @staticmethod
    def review_quarters(year: int) -> tuple[m.Period, ...]:
        """The four quarters of a review year (December to February first), for surveys."""
        starts = [add_months(SampleUnit.review_year(year)[0], 3 * q) for q in range(5)]
        return tuple(
            m.Period(starts[q], starts[q + 1] - dt.timedelta(days=1), f"{year} Q{q + 1}")
            for q in range(4)
        )

    def delivery(self, year: int) -> dict[str, pl.EarnedValue]:
        """Each client's projects of a review year as earned-value measures (step 2.7.1)."""
        rows = [r for r in read_table("projects.csv") if int(r["year"]) == year]
        out: dict[str, pl.EarnedValue] = {}
        for cid in sorted({r["client_id"] for r in rows}):
            mine = [r for r in rows if r["client_id"] == cid]
            out[cid] = pl.earned_value(*(
                [float(r[k]) for r in mine]
                for k in ("bac", "planned_value", "earned_value", "actual_cost")))  # fmt: skip
        return out


def health_periods() -> tuple[m.Period, ...]:
    """The 24 months of the sample's health history, December 2024 first (labels ``"2025-03"``).

    Returns
    -------
    tuple of Period
        One period per month, December 2024 to November 2026.

    Examples
    --------
    >>> months = health_periods()
    >>> len(months), months[0].label, months[-1].label
    (24, '2024-12', '2026-11')
    """
    starts = [add_months(dt.date(2024, 12, 1), k) for k in range(25)]
    return tuple(
        m.Period(starts[k], starts[k + 1] - dt.timedelta(days=1), starts[k].strftime("%Y-%m"))
        for k in range(24)
    )


def _health(card: pl.HealthScorecard) -> pl.HealthHistory:
    rows = [{**r, "on": f"{r['month']}-01"} for r in read_table("health.csv")]
    return pl.HealthHistory.from_rows(rows, health_periods(), card, account="client_id")


def _answer(text: str) -> int | None:
    return int(text) if text else None


def _surveys() -> tuple[m.SatisfactionResponse, ...]:
    return tuple(
        m.SatisfactionResponse(
            client_id=r["client_id"], respondent=r["respondent"],
            answered_on=dt.date.fromisoformat(r["answered_on"]),
            recommend=_answer(r["recommend"]), execution=_answer(r["execution"]),
            after_sales=_answer(r["after_sales"]), people=_answer(r["people"]))
        for r in read_table("surveys.csv")
    )  # fmt: skip


def load_sample() -> SampleUnit:
    """Load the sample business unit from the package data.

    Returns
    -------
    SampleUnit
        Frozen entities; deals, budgets and order histories are read with
        :func:`read_table` (``"deals.csv"``, ``"budget.csv"``, ``"purchases.csv"``).

    Examples
    --------
    >>> unit = load_sample()
    >>> unit.unit.name, len(unit.clients), len(unit.segments)
    ('Northwind IT Services', 300, 7)
    """
    card = _load("health_scorecard.json", pl.HealthScorecard)
    return SampleUnit(
        unit=_load("unit.json", m.BusinessUnit),
        group=_load("group.json", m.BusinessGroup),
        segments=tuple(_load("segments.json", list[m.Segment])),
        key_success_factors=tuple(_load("key_success_factors.json", list[m.KeySuccessFactor])),
        competitors=tuple(_load("competitors.json", list[m.Competitor])),
        people=tuple(_load("people.json", list[m.Person])),
        clients=tuple(_client(row) for row in read_table("clients.csv")),
        influencers=tuple(_load("influencers.json", list[m.Influencer])),
        channels=tuple(_load("channels.json", list[m.Channel])),
        opportunities=tuple(_load("opportunities.json", list[m.Opportunity])),
        inquiries=tuple(_load("inquiries.json", list[m.Inquiry])),
        rfp=_load("rfp.json", m.RFP),
        authority=_load("authority.json", AuthorityMatrix),
        value_propositions=tuple(_load("value_propositions.json", list[m.ValueProposition])),
        strategy_review=_load("strategy_review.json", pl.GroupStrategyReview),
        pipeline=_load("pipeline.json", m.Pipeline),
        pipeline_opportunities=tuple(_load("pipeline_opportunities.json", list[m.Opportunity])),
        rates=_load("rates.json", m.DatedRateTable),
        health_scorecard=card,
        health=_health(card),
        surveys=_surveys(),
    )
