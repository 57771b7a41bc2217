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
    "group_strategy_reviews",
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


_PLAN_LINES = ("banking", "retail", "public", "delivery", "sales", "marketing")
_QUESTIONS = st.sampled_from(
    ("Why does banking grow faster than its market?", "Where is the insurance pipeline?",
     "Can delivery cost fall by 2 %?", "Which hires does healthcare need?")
)  # fmt: skip
_ANSWERS = st.sampled_from(("Two framework contracts renew.", "Revised down.", "See the plan."))


def _plan_budgets(year: int, currency: str) -> st.SearchStrategy[list[planning.BudgetLine]]:
    """A plan's three-year budget: each (line, category, year) once, amounts >= 0."""
    line = st.builds(
        planning.BudgetLine,
        line=st.sampled_from(_PLAN_LINES),
        category=st.sampled_from(["revenue", "cost"]),
        year=st.integers(year, year + 2),
        amount=money(currency, min_value=0, max_value=10**8),
    )
    key = lambda ln: (ln.line, ln.category, ln.year)  # noqa: E731
    return st.lists(line, min_size=1, max_size=9, unique_by=key)


def _review_step(
    draw: st.DrawFn, review: planning.GroupStrategyReview, action: str, day: dt.date
) -> planning.GroupStrategyReview:
    if action == "submit":
        return review.submit("p-gm", day)
    if action == "challenge":
        asked = draw(st.lists(_QUESTIONS, min_size=1, max_size=3))
        return review.challenge("p-bg", day, asked, role="bg_gm")
    if action == "revise":
        answers = {q: draw(_ANSWERS) for q in review.open_questions}
        cur = review.budget[0].amount.currency
        budget = draw(st.none() | _plan_budgets(review.year, cur))
        return review.revise("p-gm", day, answers, budget=budget)
    if action == "approve":
        return review.approve("p-bg", day, note=draw(st.sampled_from(["", "as revised"])))
    return review.reject("p-bg", day, note="targets not met")


def group_strategy_reviews(
    currency: str = "EUR", max_steps: int = 8, *, approved: bool = False
) -> st.SearchStrategy[planning.GroupStrategyReview]:
    """Group strategy reviews (step 2.1.8) after a random sequence of *allowed* steps.

    With ``approved=True`` every review ends approved (the walk avoids a
    rejection, then answers any open question and approves).
    """

    @st.composite
    def build(draw: st.DrawFn) -> planning.GroupStrategyReview:
        year = draw(st.integers(2020, 2035))
        day = draw(_days)
        review = planning.GroupStrategyReview(
            id=draw(identifiers("sr-")), unit_id=draw(identifiers("bu-")),
            group_id=draw(identifiers("g-")), year=year, prepared_by="p-gm", prepared_on=day,
            budget=draw(_plan_budgets(year, currency)),
            reviewer_id=draw(st.sampled_from([None, "p-bg"])), summary=draw(st.text(max_size=20)),
        )  # fmt: skip
        for _ in range(draw(st.integers(0, max_steps))):
            allowed = [
                a for a in review.allowed() if not approved or a not in {"approve", "reject"}
            ]
            if not allowed:
                break
            day += dt.timedelta(days=draw(st.integers(0, 20)))
            review = _review_step(draw, review, draw(st.sampled_from(allowed)), day)
        if approved:
            for action in ("submit", "revise", "approve"):
                if action in review.allowed():
                    review = _review_step(draw, review, action, day)
        return review

    return build()


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
