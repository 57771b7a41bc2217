"""Strategies for account health: colour schemes, measures, scorecards and measure histories."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from clientel import planning
from clientel.models import FiscalYear, Period
from clientel.testing._values import identifiers

__all__ = ["colour_schemes", "health_histories", "health_measures", "health_scorecards"]

_COLOURS = ("red", "amber", "green", "blue", "yellow")
_CATEGORIES = ("engaged", "neutral", "distant", "absent")


def colour_schemes(
    low: float = 0.0, high: float = 100.0
) -> st.SearchStrategy[planning.ColourScheme]:
    """Colour schemes covering ``[low, high]`` (both ends in), 1 to 5 bands, each inner
    boundary owned by the band below or the one above at random."""

    @st.composite
    def build(draw: st.DrawFn) -> planning.ColourScheme:
        k = draw(st.integers(1, 5))
        cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=k - 1, max_size=k - 1,
                                    unique=True)))  # fmt: skip
        edges = [low, *(low + (high - low) * c / 100 for c in cuts), high]
        owned_below = draw(st.lists(st.booleans(), min_size=k - 1, max_size=k - 1))
        bands = [
            planning.Band(
                name=f"band {j + 1}", colour=_COLOURS[j], lower=edges[j], upper=edges[j + 1],
                lower_inclusive=j == 0 or not owned_below[j - 1],
                upper_inclusive=j == k - 1 or owned_below[j])
            for j in range(k)
        ]  # fmt: skip
        return planning.ColourScheme(bands=bands)

    return build()


def _numeric(mid: str, weight: float) -> st.SearchStrategy[planning.HealthMeasure]:
    @st.composite
    def build(draw: st.DrawFn) -> planning.HealthMeasure:
        low = draw(st.integers(-50, 50))
        high = low + draw(st.integers(1, 200))
        return planning.HealthMeasure(id=mid, name=f"Measure {mid}", weight=weight, low=low,
                                      high=high, higher_is_better=draw(st.booleans()),
                                      colours=draw(colour_schemes(low, high)))  # fmt: skip

    return build()


def _categorical(mid: str, weight: float) -> st.SearchStrategy[planning.HealthMeasure]:
    @st.composite
    def build(draw: st.DrawFn) -> planning.HealthMeasure:
        n = draw(st.integers(1, len(_CATEGORIES)))
        cats = [planning.Category(value=v, points=draw(st.integers(0, 100)), colour=_COLOURS[j])
                for j, v in enumerate(_CATEGORIES[:n])]  # fmt: skip
        return planning.HealthMeasure(id=mid, name=f"Measure {mid}", weight=weight,
                                      categories=cats)  # fmt: skip

    return build()


def health_measures(
    mid: str = "m1", weight: float = 1.0
) -> st.SearchStrategy[planning.HealthMeasure]:
    """One measure (numeric on a random scale with random bands, or categorical)."""
    return _numeric(mid, weight) | _categorical(mid, weight)


def health_scorecards(max_measures: int = 5) -> st.SearchStrategy[planning.HealthScorecard]:
    """Scorecards of 1 to ``max_measures`` measures whose weights sum to 1."""

    @st.composite
    def build(draw: st.DrawFn) -> planning.HealthScorecard:
        n = draw(st.integers(1, max_measures))
        raw = draw(st.lists(st.integers(1, 20), min_size=n, max_size=n))
        weights = [r / sum(raw) for r in raw]
        weights[-1] = 1.0 - sum(weights[:-1])
        measures = [draw(health_measures(f"m{j + 1}", w)) for j, w in enumerate(weights)]
        return planning.HealthScorecard(
            id=draw(identifiers("hc-")), name="Account health", measures=measures,
            colours=draw(colour_schemes()), horizon=draw(st.integers(1, 12)),
            trend_window=draw(st.integers(2, 6)),
            trend_tolerance=draw(st.sampled_from([0.0, 0.5, 2.0])))  # fmt: skip

    return build()


def _quarters(n: int, first_year: int = 2024) -> tuple[Period, ...]:
    quarters = [q for y in range(first_year, first_year + (n + 3) // 4)
                for q in FiscalYear(y).quarters()]  # fmt: skip
    return tuple(quarters[:n])


def health_histories(
    scorecard: planning.HealthScorecard,
    *,
    max_accounts: int = 6,
    max_periods: int = 10,
    missing: bool = True,
) -> st.SearchStrategy[planning.HealthHistory]:
    """Histories of ``scorecard``'s measures over 2 to ``max_periods`` quarters, every value on
    its measure's scale; with ``missing`` some values are missing, never all of one cell."""

    @st.composite
    def build(draw: st.DrawFn) -> planning.HealthHistory:
        a = draw(st.integers(1, max_accounts))
        p = draw(st.integers(2, max_periods))
        numbers, texts = {}, {}
        for m in scorecard.measures:
            if m.categories:
                values = [c.value for c in m.categories]
                answers = draw(st.lists(st.sampled_from(values), min_size=a * p, max_size=a * p))
                texts[m.id] = np.array(answers, dtype=object).reshape(a, p)
            else:
                lo, hi = float(m.low or 0.0), float(m.high or 0.0)
                cells = draw(st.lists(st.integers(0, 100), min_size=a * p, max_size=a * p))
                numbers[m.id] = (
                    lo + (hi - lo) * np.array(cells, dtype=np.float64).reshape(a, p) / 100
                )
        if missing and len(scorecard.measures) > 1:
            gaps = draw(st.lists(st.tuples(st.integers(0, a - 1), st.integers(0, p - 1)),
                                 max_size=3))  # fmt: skip
            first = scorecard.measures[0]
            for r, k in gaps:  # the first measure goes missing; the others stay
                if first.categories:
                    texts[first.id][r, k] = ""
                else:
                    numbers[first.id][r, k] = np.nan
        accounts = [f"c{r + 1}" for r in range(a)]
        return planning.HealthHistory(periods=_quarters(p), accounts=accounts, numbers=numbers,
                                      categories=texts)  # fmt: skip

    return build()
