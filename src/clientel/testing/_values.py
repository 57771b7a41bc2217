"""Strategies for clientel's value types (ids, Money, fiscal years, periods) and shared parts.

The lower-case helpers without a leading underscore (``amounts``, ``days``,
``texts``, ...) are building blocks of the entity strategies in this package;
only the value-type strategies are re-exported by :mod:`clientel.testing`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from clientel import models as m

__all__ = [
    "amounts",
    "company_names",
    "criterion_values",
    "currencies",
    "fiscal_years",
    "identifiers",
    "maybe_scores",
    "money",
    "notes",
    "periods",
    "scores",
    "segment_words",
    "texts",
]

SEGMENT_WORDS = ("banking", "insurance", "public", "retail", "energy", "health", "telecom")
_COMPANY_WORDS = ("Nord", "Alp", "Vista", "Terra", "Quanta", "Helix", "Orbis", "Civic", "Lumen")


def identifiers(prefix: str = "") -> st.SearchStrategy[str]:
    """Valid entity ids, e.g. ``'c-17'``."""
    body = st.from_regex(r"[a-z][a-z0-9_\-]{0,11}", fullmatch=True)
    return body.map(lambda s: f"{prefix}{s}")


def currencies() -> st.SearchStrategy[str]:
    """A few realistic currencies, including ones with 0 and 3 minor digits."""
    return st.sampled_from(["EUR", "USD", "GBP", "CHF", "JPY", "KWD"])


def money(
    currency: str | st.SearchStrategy[str] | None = None,
    *,
    min_value: int = -(10**9),
    max_value: int = 10**9,
    places: int | None = None,
) -> st.SearchStrategy[m.Money]:
    """Money amounts on the currency's minor unit (or ``places`` decimals)."""
    cur = currencies() if currency is None else currency
    cur_st = cur if isinstance(cur, st.SearchStrategy) else st.just(cur)

    @st.composite
    def build(draw: st.DrawFn) -> m.Money:
        code = draw(cur_st)
        digits = m.minor_unit(code) if places is None else places
        units = draw(st.integers(min_value * 10**digits, max_value * 10**digits))
        return m.Money(Decimal(units).scaleb(-digits), code)

    return build()


def amounts(currency: str, low: int = 0, high: int = 10**7) -> st.SearchStrategy[m.Money]:
    """Money in ``currency`` between ``low`` and ``high`` whole units."""
    return money(currency, min_value=low, max_value=high)


def fiscal_years() -> st.SearchStrategy[m.FiscalYear]:
    """Fiscal years 2000-2050 with any start month."""
    return st.builds(m.FiscalYear, st.integers(2000, 2050), st.integers(1, 12))


def periods() -> st.SearchStrategy[m.Period]:
    """Date intervals with end on or after start."""
    day = st.dates(dt.date(2000, 1, 1), dt.date(2050, 12, 31))
    return st.tuples(day, st.integers(0, 800)).map(
        lambda t: m.Period(t[0], t[0] + dt.timedelta(days=t[1]), "P")
    )


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20)
company_names = st.builds(
    lambda a, b: f"{a} {b}".strip(),
    st.sampled_from(_COMPANY_WORDS),
    st.sampled_from(SEGMENT_WORDS),
)
notes = st.lists(texts, max_size=3).map(tuple)
scores = st.floats(0, 1, allow_nan=False)
maybe_scores = st.none() | scores
criterion_values = st.dictionaries(
    st.sampled_from(["revenue_potential", "growth", "margin", "fit", "relationship", "access"]),
    st.none() | st.floats(-1e6, 1e6, allow_nan=False),
    max_size=4,
)
segment_words = st.sampled_from(SEGMENT_WORDS)
