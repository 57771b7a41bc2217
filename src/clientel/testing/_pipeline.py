"""Strategies for the opportunity pipeline: stages, dated stage histories, exchange rates,
and stage conversions learned from drawn histories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from hypothesis import strategies as st

from clientel import models as m
from clientel import planning
from clientel.testing._values import amounts, company_names, identifiers

__all__ = [
    "dated_rate_tables",
    "pipeline_opportunities",
    "pipelines",
    "stage_conversions",
    "stage_histories",
]

_START = dt.date(2024, 1, 1)


def pipelines(min_stages: int = 1, max_stages: int = 6) -> st.SearchStrategy[m.Pipeline]:
    """Pipelines of ``min_stages`` to ``max_stages`` open stages (ids ``"s1"``, ``"s2"``, ...)
    with default probabilities in [0, 1]."""

    @st.composite
    def build(draw: st.DrawFn) -> m.Pipeline:
        k = draw(st.integers(min_stages, max_stages))
        probabilities = draw(st.lists(st.floats(0, 1), min_size=k, max_size=k))
        stages = [
            m.PipelineStage(id=f"s{i + 1}", name=f"Stage {i + 1}", probability=p)
            for i, p in enumerate(probabilities)
        ]
        return m.Pipeline(id=draw(identifiers("pl-")), name=draw(company_names), stages=stages)

    return build()


def stage_histories(
    stages: Sequence[str], created_on: dt.date, *, closed: bool | None = None
) -> st.SearchStrategy[tuple[m.StageChange, ...]]:
    """Valid dated histories over ``stages`` from ``created_on``: dates in order, no stage
    repeated twice in a row, moves back allowed; ending in won or lost when ``closed`` is
    True, open when False, either when None."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[m.StageChange, ...]:
        n = draw(st.integers(1, 5))
        visited: list[str] = []
        for _ in range(n):
            choices = [s for s in stages if not visited or s != visited[-1]]
            if not choices:
                break
            visited.append(draw(st.sampled_from(choices)))
        end = draw(st.booleans()) if closed is None else closed
        if end:
            visited.append(draw(st.sampled_from(m.END_STAGES)))
        gaps = draw(st.lists(st.integers(0, 120), min_size=len(visited), max_size=len(visited)))
        out, day = [], created_on
        for stage, gap in zip(visited, gaps, strict=True):
            day += dt.timedelta(days=gap)
            out.append(m.StageChange(stage=stage, on=day))
        return tuple(out)

    return build()


def pipeline_opportunities(
    pipeline: m.Pipeline, currency: str = "EUR", *, closed: bool | None = None
) -> st.SearchStrategy[m.Opportunity]:
    """Opportunities with a creation date, an expected close and a stage history through
    the stages of ``pipeline``, one to three years of revenue in ``currency``."""

    @st.composite
    def build(draw: st.DrawFn) -> m.Opportunity:
        created = _START + dt.timedelta(days=draw(st.integers(0, 3 * 365)))
        history = draw(stage_histories(pipeline.stage_ids, created, closed=closed))
        years = draw(st.integers(1, 3))
        revenue = draw(st.lists(amounts(currency, 0, 10**7), min_size=years, max_size=years))
        return m.Opportunity(
            id=draw(identifiers("o-")),
            client_id=draw(identifiers("c-")),
            name=draw(company_names),
            origin=draw(st.sampled_from(m.OpportunityOrigin)),
            first_year=created.year + 1,
            revenue=revenue,
            cost=[r * Decimal("0.7") for r in revenue],
            created_on=created,
            expected_close_on=created + dt.timedelta(days=draw(st.integers(0, 720))),
            stage_history=history,
        )

    return build()


def dated_rate_tables(currency: str = "EUR") -> st.SearchStrategy[m.DatedRateTable]:
    """Rate tables reporting in ``currency`` with up to three dated rates per other currency."""
    others = [c for c in ("EUR", "USD", "GBP", "CHF", "JPY") if c != currency]

    @st.composite
    def build(draw: st.DrawFn) -> m.DatedRateTable:
        rates = []
        for code in draw(st.lists(st.sampled_from(others), unique=True, max_size=3)):
            starts = draw(st.lists(st.integers(0, 3 * 365), min_size=1, max_size=3, unique=True))
            for start in starts:
                rate = draw(st.decimals(Decimal("0.0001"), Decimal("500"), places=4))
                rates.append(
                    m.DatedRate(currency=code, start=_START + dt.timedelta(days=start), rate=rate)
                )
        return m.DatedRateTable(currency=currency, rates=rates)

    return build()


def stage_conversions(
    pipeline: m.Pipeline | None = None, max_closed: int = 20
) -> st.SearchStrategy[planning.StageConversion]:
    """Stage conversions learned by :func:`clientel.planning.fit_stage_conversion` from up to
    ``max_closed`` drawn closed opportunities through ``pipeline`` (drawn when None), with a
    prior weight from 0.5 to 50: what :func:`clientel.planning.forecast_pipeline` takes."""

    @st.composite
    def build(draw: st.DrawFn) -> planning.StageConversion:
        pipe = pipeline if pipeline is not None else draw(pipelines())
        closed = draw(st.lists(pipeline_opportunities(pipe, closed=True), max_size=max_closed,
                               unique_by=lambda o: o.id))  # fmt: skip
        weight = draw(st.floats(0.5, 50.0))
        return planning.fit_stage_conversion(closed, pipe, prior_weight=weight)

    return build()
