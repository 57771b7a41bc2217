"""Three-year budget, gaps to the group's targets and year-over-year variance (step 2.1.7)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from clientel._internal.display import TableDisplay
from clientel._internal.validators import identifier, non_empty, optional
from clientel.errors import CurrencyMismatchError, InvalidInputError
from clientel.models import FinancialTarget, Money
from clientel.planning._records import fields_row

__all__ = ["BudgetLine", "LineVariance", "YearTotals", "budget_totals", "budget_variance"]

_CATEGORIES = ("revenue", "cost")


def _category(instance: Any, attribute: Any, value: str) -> None:
    if value not in _CATEGORIES:
        raise InvalidInputError(
            f"expected one of {_CATEGORIES}", field="BudgetLine.category", value=value
        )


@attrs.frozen(kw_only=True)
class BudgetLine:
    """One budget line for one fiscal year."""

    line: str = attrs.field(validator=non_empty)
    category: str = attrs.field(validator=_category)
    year: int
    amount: Money
    segment_id: str | None = attrs.field(default=None, validator=optional(identifier))


@attrs.frozen(kw_only=True, repr=False)
class LineVariance(TableDisplay):
    """This year's budget line against last year's: absolute and relative change."""

    line: str
    category: str
    last: Money
    this: Money
    change: Money
    relative: float | None
    _display_title = "Budget line variance"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: line, category, last and this year's amounts, change, relative change."""
        return [fields_row(self)]


@attrs.frozen(kw_only=True, repr=False)
class YearTotals(TableDisplay):
    """Pro-forma totals of one year and the gap to the group's target (target - budget)."""

    year: int
    revenue: Money
    cost: Money
    margin: Money
    revenue_gap: Money | None
    margin_gap: Money | None
    _display_title = "Budget totals"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: the year's revenue, cost, margin and gaps to target (None: no target)."""
        return [fields_row(self)]


def _currency(lines: Sequence[BudgetLine]) -> str:
    if not lines:
        raise InvalidInputError("expected at least one budget line", field="lines")
    currencies = {ln.amount.currency for ln in lines}
    if len(currencies) != 1:
        raise CurrencyMismatchError(f"budget lines in {sorted(currencies)}", field="lines")
    return currencies.pop()


def budget_variance(
    last_year: Iterable[BudgetLine], this_year: Iterable[BudgetLine]
) -> tuple[LineVariance, ...]:
    """Year-over-year variance per line, biggest absolute movers first (ties by line name).

    Lines present in only one year count as zero in the other; the relative
    change is None when last year's amount is zero.

    Parameters
    ----------
    last_year, this_year : iterable of BudgetLine
        The two years' budget lines (step 2.1.7).

    Returns
    -------
    tuple of LineVariance
        One row per line: both amounts, the change and the relative change.

    Raises
    ------
    InvalidInputError
        A line appears twice in one year.

    Examples
    --------
    >>> eur = lambda x: Money(x, "EUR")
    >>> last = [BudgetLine(line="banking", category="revenue", year=2026, amount=eur(24e6)),
    ...         BudgetLine(line="retail", category="revenue", year=2026, amount=eur(6e6))]
    >>> this = [BudgetLine(line="banking", category="revenue", year=2027, amount=eur(25e6)),
    ...         BudgetLine(line="retail", category="revenue", year=2027, amount=eur(4e6))]
    >>> [(v.line, str(v.change), round(v.relative, 3)) for v in budget_variance(last, this)]
    [('retail', '-2000000.0 EUR', -0.333), ('banking', '1000000.0 EUR', 0.042)]
    """
    old, new = list(last_year), list(this_year)
    currency = _currency(old + new)
    keyed_old = {(ln.line, ln.category): ln.amount for ln in old}
    keyed_new = {(ln.line, ln.category): ln.amount for ln in new}
    if len(keyed_old) != len(old) or len(keyed_new) != len(new):
        raise InvalidInputError("a line appears twice in one year", field="lines")
    zero = Money.zero(currency)
    out = []
    for key in sorted(set(keyed_old) | set(keyed_new)):
        a, b = keyed_old.get(key, zero), keyed_new.get(key, zero)
        change = b - a
        rel = None if a.is_zero() else float(change.amount / a.amount)
        out.append(
            LineVariance(line=key[0], category=key[1], last=a, this=b, change=change, relative=rel)
        )
    out.sort(key=lambda v: (-abs(v.change.amount), v.line, v.category))
    return tuple(out)


def budget_totals(
    lines: Iterable[BudgetLine], targets: Sequence[FinancialTarget] = ()
) -> tuple[YearTotals, ...]:
    """Pro-forma revenue, cost and margin per year, with the gap to each year's target.

    Parameters
    ----------
    lines : iterable of BudgetLine
        The three-year budget's revenue and cost lines (step 2.1.7).
    targets : sequence of FinancialTarget
        The group's targets per year; years without one have no gap.

    Returns
    -------
    tuple of YearTotals
        One row per year, in year order: revenue, cost, margin and the gaps to
        the year's target.

    Raises
    ------
    InvalidInputError
        No budget line.

    Examples
    --------
    >>> eur = lambda x: Money(x, "EUR")
    >>> lines = [BudgetLine(line="all", category="revenue", year=2027, amount=eur(90)),
    ...          BudgetLine(line="delivery", category="cost", year=2027, amount=eur(70))]
    >>> t = budget_totals(lines, [FinancialTarget(year=2027, revenue=eur(96), margin=eur(21))])
    >>> str(t[0].margin), str(t[0].revenue_gap), str(t[0].margin_gap)
    ('20 EUR', '6 EUR', '1 EUR')
    """
    items = list(lines)
    if not items:
        raise InvalidInputError("expected at least one budget line", field="lines")
    currency = _currency(items)
    by_target = {t.year: t for t in targets}
    out = []
    for year in sorted({ln.year for ln in items}):
        rev = Money.sum(
            (ln.amount for ln in items if ln.year == year and ln.category == "revenue"), currency
        )
        cost = Money.sum(
            (ln.amount for ln in items if ln.year == year and ln.category == "cost"), currency
        )
        target = by_target.get(year)
        margin = rev - cost
        out.append(
            YearTotals(
                year=year,
                revenue=rev,
                cost=cost,
                margin=margin,
                revenue_gap=None if target is None else target.revenue - rev,
                margin_gap=None
                if target is None or target.margin is None
                else target.margin - margin,
            )
        )
    return tuple(out)
