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
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from typing import Any

import attrs

from clientel import models as m
from clientel import planning as pl
from clientel.workflow import AuthorityMatrix

__all__ = ["SampleUnit", "load_sample", "read_table", "read_text"]

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
    """Text of one sample file, e.g. ``"deals.csv"``."""
    return resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of a sample CSV file as dicts of strings (empty string = missing)."""
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


def load_sample() -> SampleUnit:
    """Load the sample business unit from the package data.

    Returns
    -------
    SampleUnit
        Frozen entities; deals, budgets and order histories are read with
        :func:`read_table` (``"deals.csv"``, ``"budget.csv"``, ``"purchases.csv"``).
    """
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
    )
