"""Strategies for planning inputs: cash flows, budget lines, team models, drivers, BG/NBD."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray

from clientel import models as m
from clientel import planning
from clientel.testing._values import identifiers, money

__all__ = [
    "bgnbd_models",
    "budget_lines",
    "cash_flow_series",
    "distributions",
    "purchase_histories",
    "team_models",
    "training_records",
]

_days = st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31))


def cash_flow_series(
    max_series: int = 8, max_periods: int = 24, *, conventional: bool = False
) -> st.SearchStrategy[NDArray[np.float64]]:
    """2-D arrays (series x periods) of cash flows in cents precision.

    With ``conventional=True`` each series is one investment then inflows (one
    sign change and a positive total), so it has exactly one IRR.
    """

    @st.composite
    def build(draw: st.DrawFn) -> NDArray[np.float64]:
        rows = draw(st.integers(1, max_series))
        n = draw(st.integers(2, max_periods))
        cents = st.integers(-(10**9), 10**9)
        if conventional:
            cents = st.integers(0, 10**9)
        f = np.array(draw(st.lists(st.lists(cents, min_size=n, max_size=n), min_size=rows,
                                   max_size=rows)), dtype=np.float64) / 100  # fmt: skip
        if conventional:
            f[:, 0] = -np.maximum(f[:, 0], 1.0)
            f[:, 1] = np.maximum(f[:, 1], -f[:, 0] * 1e-3 + 1.0)
        return f

    return build()


def budget_lines(
    year: int = 2027, currency: str = "EUR"
) -> st.SearchStrategy[list[planning.BudgetLine]]:
    """Lists of budget lines of one year with unique (line, category) keys."""
    line = st.builds(
        planning.BudgetLine,
        line=st.sampled_from(["banking", "retail", "public", "delivery", "sales", "marketing"]),
        category=st.sampled_from(["revenue", "cost"]),
        year=st.just(year),
        amount=money(currency, min_value=0, max_value=10**8),
    )
    return st.lists(line, min_size=1, max_size=8, unique_by=lambda ln: (ln.line, ln.category))


def team_models() -> st.SearchStrategy[m.TeamModel]:
    """Team models with required head counts per role and required training."""
    roles = st.sampled_from([r.value for r in m.Role])
    return st.builds(
        m.TeamModel,
        id=identifiers("team-"),
        required=st.dictionaries(roles, st.integers(0, 10).map(float), max_size=5),
        required_training=st.lists(st.sampled_from(["security", "pm", "gdpr"]), unique=True),
    )


def training_records() -> st.SearchStrategy[m.TrainingRecord]:
    """Completed training of one person."""
    return st.builds(
        m.TrainingRecord,
        person_id=identifiers("p-"),
        topic=st.sampled_from(["security", "pm", "gdpr"]),
        completed_on=_days,
        hours=st.floats(0, 80),
    )


def distributions(name: str = "driver") -> st.SearchStrategy[planning.Distribution]:
    """Valid driver distributions of every kind."""
    lo = st.floats(-100, 100)

    @st.composite
    def build(draw: st.DrawFn) -> planning.Distribution:
        kind = draw(st.sampled_from(planning.DistributionKind))
        a = draw(lo)
        width = draw(st.floats(0.01, 100))
        if kind in (planning.DistributionKind.TRIANGULAR, planning.DistributionKind.PERT):
            mode = a + width * draw(st.floats(0, 1))
            return planning.Distribution(name=name, kind=kind, params=(a, mode, a + width))
        if kind is planning.DistributionKind.UNIFORM:
            return planning.Distribution(name=name, kind=kind, params=(a, a + width))
        mean = abs(a) + 0.01 if kind is planning.DistributionKind.LOGNORMAL else a
        return planning.Distribution(name=name, kind=kind, params=(mean, width / 4))

    return build()


def bgnbd_models(time_unit: str = "week") -> st.SearchStrategy[planning.BgNbdModel]:
    """BG/NBD models with parameters across the range fitted in practice (0.01 to 100)."""
    positive = st.floats(0.01, 100.0, allow_nan=False, allow_infinity=False)
    return st.builds(
        planning.BgNbdModel, r=positive, alpha=positive, a=positive, b=positive,
        time_unit=st.just(time_unit),
    )  # fmt: skip


Histories = tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]


def purchase_histories(min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[Histories]:
    """Valid (frequency, recency, age) arrays: whole counts, 0 <= recency <= age, recency 0
    exactly when there is no repeat purchase."""

    @st.composite
    def build(draw: st.DrawFn) -> Histories:
        n = draw(st.integers(min_size, max_size))
        ages = draw(st.lists(st.floats(0.5, 200.0), min_size=n, max_size=n))
        counts = draw(st.lists(st.integers(0, 60), min_size=n, max_size=n))
        shares = draw(st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n))
        T = np.array(ages)
        x = np.array(counts, dtype=np.float64)
        t_x = np.where(x > 0, T * np.array(shares), 0.0)
        return x, t_x, T

    return build()
