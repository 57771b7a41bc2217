"""Business group, business unit, segments, competitors and strategic options (step 2.1)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from clientel._internal import tuples
from clientel._internal.validators import (
    at_least,
    between,
    described,
    finite,
    identifier,
    non_empty,
    number_mapping,
    optional,
    str_tuple,
    unique_ids,
    where,
)
from clientel.errors import InvalidInputError
from clientel.models._money import Money
from clientel.models._money_checks import currency_code, money_at_least_zero
from clientel.models._periods import FiscalYear

__all__ = [
    "BusinessGroup",
    "BusinessUnit",
    "Competitor",
    "FinancialTarget",
    "KeySuccessFactor",
    "Segment",
    "StrategicOption",
    "Swot",
]


def _check_month(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        msg = "expected a month 1..12 (a whole number)"
        raise InvalidInputError(msg, field=where(instance, attribute), value=value)


_month = described(_check_month, {"minimum": 1, "maximum": 12})


@attrs.frozen(kw_only=True)
class FinancialTarget:
    """The group's target for one fiscal year (step 2.1.7).

    Parameters
    ----------
    year : int
        Fiscal year.
    revenue : Money
        Revenue target.
    margin : Money, optional
        Gross-margin target.
    """

    year: int = attrs.field(validator=between(1900, 2200))
    revenue: Money = attrs.field(validator=money_at_least_zero)
    margin: Money | None = None


@attrs.frozen(kw_only=True)
class BusinessGroup:
    """The business group that sets goals for its units (step 2.1).

    Parameters
    ----------
    id, name : str
        Identifier and display name.
    targets : tuple of FinancialTarget
        The group's three-year targets for the unit (step 2.1.7).
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    targets: tuple[FinancialTarget, ...] = attrs.field(default=(), converter=tuples.targets)


@attrs.frozen(kw_only=True)
class BusinessUnit:
    """A business unit: the level at which the process runs.

    .. versionchanged:: 0.1.0
       ``fiscal_year_start`` (schema version 2; version-1 documents load with 1).

    Parameters
    ----------
    id, name : str
        Identifier and display name.
    group_id : str
        The :class:`BusinessGroup` it belongs to.
    code : str
        Short capital code used in proposal and contract numbers, e.g. ``"ITS"``.
    currency : str
        Reporting currency (ISO 4217).
    offerings, geographies, target_segment_ids : tuple of str
        What it sells, where, and the target segments chosen in step 2.1.4.
    fiscal_year_start : int
        First month of its fiscal year, 1 (calendar year) by default; budgets
        (step 2.1.7) and pipeline forecasts (step 2.4.6) use its fiscal years.

    Examples
    --------
    >>> unit = BusinessUnit(id="bu-its", name="IT Services", group_id="grp", code="ITS",
    ...                     currency="EUR", fiscal_year_start=4)
    >>> unit
    BusinessUnit(id='bu-its', name='IT Services', group_id='grp', code='ITS', currency='EUR', ...)
    >>> unit.fiscal_year(2027).start
    datetime.date(2026, 4, 1)
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    group_id: str = attrs.field(validator=identifier)
    code: str = attrs.field(validator=attrs.validators.matches_re(r"^[A-Z0-9]{2,8}$"))
    currency: str = attrs.field(validator=currency_code)
    offerings: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    geographies: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    target_segment_ids: tuple[str, ...] = attrs.field(
        default=(), converter=str_tuple, validator=unique_ids
    )
    fiscal_year_start: int = attrs.field(default=1, validator=_month)

    def fiscal_year(self, year: int) -> FiscalYear:
        """The unit's fiscal year ``year`` (named by the calendar year it ends in)."""
        return FiscalYear(year, self.fiscal_year_start)


@attrs.frozen(kw_only=True)
class KeySuccessFactor:
    """A key success factor of a segment or offering (steps 2.1.2, 2.4.4)."""

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    description: str = ""


@attrs.frozen(kw_only=True)
class Segment:
    """A client segment with its market data (step 2.1.1).

    Parameters
    ----------
    id, name : str
        Identifier and display name.
    industry, geography, offering : str
        What defines the segment.
    parent_id : str, optional
        Parent segment, for the segment tree used by price bands (a leaf with
        too few deals falls back to its parent).
    size : Money, optional
        Market size per year; the bubble on the nine-box.
    growth : float, optional
        Yearly growth as a fraction (0.08 = 8 %); at least -1.
    price_trend, profit_trend : float, optional
        Yearly change of average price and of profit, as fractions.
    substitute_threat : float, optional
        Threat of new or substitute offerings, 0 (none) to 1 (severe).
    our_share : float, optional
        Our market share, 0..1.
    key_success_factor_ids : tuple of str
        The segment's key success factors.
    factors : mapping of str to float or None
        Further scored factors (caller's scale); ``None`` means unknown.
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    industry: str = ""
    geography: str = ""
    offering: str = ""
    parent_id: str | None = attrs.field(default=None, validator=optional(identifier))
    size: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    growth: float | None = attrs.field(default=None, validator=optional(at_least(-1.0)))
    price_trend: float | None = attrs.field(default=None, validator=optional(at_least(-1.0)))
    profit_trend: float | None = attrs.field(default=None, validator=optional(finite))
    substitute_threat: float | None = attrs.field(default=None, validator=optional(between(0, 1)))
    our_share: float | None = attrs.field(default=None, validator=optional(between(0, 1)))
    key_success_factor_ids: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    factors: Mapping[str, float | None] = number_mapping(allow_none=True)

    def __attrs_post_init__(self) -> None:
        if self.parent_id == self.id:
            raise InvalidInputError("a segment cannot be its own parent", field="Segment.parent_id")


@attrs.frozen(kw_only=True)
class Competitor:
    """A competitor with shares, financials and ratings on key success factors (2.1.2, 2.4.4).

    Parameters
    ----------
    segment_shares : mapping of str to float
        Market share per segment id, each 0..1.
    revenue : Money, optional
        Latest yearly revenue.
    profit_margin : float, optional
        Latest operating margin as a fraction.
    ratings : mapping of str to float
        Rating per key-success-factor id, on the caller's scale (e.g. 1..5).
    strengths, weaknesses : tuple of str
        Free-text notes.
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    segment_shares: Mapping[str, float] = number_mapping(0.0, 1.0)
    revenue: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    profit_margin: float | None = attrs.field(default=None, validator=optional(finite))
    ratings: Mapping[str, float] = number_mapping()
    strengths: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    weaknesses: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)


@attrs.frozen(kw_only=True)
class Swot:
    """A SWOT record attached to a segment, an account or the unit (``subject_id``)."""

    id: str = attrs.field(validator=identifier)
    subject_id: str = attrs.field(validator=identifier)
    strengths: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    weaknesses: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    opportunities: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    threats: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)


@attrs.frozen(kw_only=True)
class StrategicOption:
    """A candidate strategic option (step 2.1.3).

    Parameters
    ----------
    values : mapping of str to float or None
        The option's value on each evaluation criterion; ``None`` when unknown.
    opportunities, challenges : tuple of str
        Notes on the option.
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    description: str = ""
    opportunities: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    challenges: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    values: Mapping[str, float | None] = number_mapping(allow_none=True)
