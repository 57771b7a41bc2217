"""Measure history: each health measure's value per account and period (steps 2.4.8, 2.7.2)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._internal.arrays import frozen_array
from clientel._internal.display import TableDisplay
from clientel._internal.tuples import checked
from clientel._internal.validators import FrozenMap, identifier, non_empty, unique_ids
from clientel.errors import InvalidInputError, PeriodOrderError, UnknownReferenceError
from clientel.models import Period
from clientel.planning._health_cards import HealthScorecard, text_answers

__all__ = ["HealthHistory", "check_periods"]

Float = NDArray[np.float64]
Text = NDArray[np.object_]


def check_periods(periods: tuple[Period, ...], field: str) -> None:
    """Refuse periods that are not in time order or that overlap (each starts after the last ends).

    Raises
    ------
    PeriodOrderError
        Naming the first period out of order, ``field[k]``.
    """
    for k in range(1, len(periods)):
        before, this = periods[k - 1], periods[k]
        if this.start <= before.end:
            word = "repeats or overlaps" if this.start >= before.start else "comes before"
            msg = f"period {this.start}..{this.end} {word} {before.start}..{before.end}"
            raise PeriodOrderError(msg, field=f"{field}[{k}]")


_periods = checked(Period, "HealthHistory.periods")


def _period_tuple(value: Iterable[Period]) -> tuple[Period, ...]:
    return _periods(value)


def _accounts(value: Iterable[str]) -> tuple[str, ...]:
    out = tuple(value)
    for i, a in enumerate(out):
        if not isinstance(a, str):
            raise InvalidInputError("expected an account id", field=f"HealthHistory.accounts[{i}]",
                                    value=a)  # fmt: skip
    return out


def _each_id(instance: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for a in value:
        identifier(instance, attribute, a)


def _numbers(value: Mapping[str, Any] | None) -> Mapping[str, Float]:
    return FrozenMap({k: frozen_array(v, np.float64) for k, v in (value or {}).items()})


def _texts(value: Mapping[str, Any] | None) -> Mapping[str, Text]:
    return FrozenMap({k: text_answers(v, f"HealthHistory.categories[{k!r}]")
                      for k, v in (value or {}).items()})  # fmt: skip


@attrs.frozen(kw_only=True, eq=False, repr=False)
class HealthHistory(TableDisplay):
    """Measure values per account and period: one accounts x periods array per measure.

    Parameters
    ----------
    periods : tuple of Period
        In time order, none overlapping (each starts after the one before ends).
    accounts : tuple of str
        Account (client) ids, unique; the rows of every array.
    numbers : mapping of str to ndarray
        Numeric measures: measure id -> float array ``(accounts, periods)``,
        NaN where a value is missing.
    categories : mapping of str to ndarray
        Categorical measures: measure id -> array of text ``(accounts, periods)``,
        ``""`` (or None) where an answer is missing.

    Raises
    ------
    PeriodOrderError
        Periods out of order, repeated or overlapping.
    InvalidInputError
        Duplicate accounts, an array of another shape, an infinite value, a
        measure in both mappings, text that is not text.

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import FiscalYear
    >>> h = HealthHistory(periods=FiscalYear(2026).quarters()[:2], accounts=["c1", "c2"],
    ...                   numbers={"sla": [[97.0, 99.5], [92.0, float("nan")]]},
    ...                   categories={"sponsor": [["engaged", "engaged"], ["absent", None]]})
    >>> h
    <HealthHistory 2 accounts x 2 periods (FY2026 Q1 .. FY2026 Q2), measures sla, sponsor>
    >>> h.values("sponsor")[1].tolist()
    ['absent', '']
    >>> HealthHistory(periods=FiscalYear(2026).quarters()[::-1], accounts=["c1"])
    Traceback (most recent call last):
    ...
    clientel.errors.PeriodOrderError: HealthHistory.periods[1]: period 2026-07-01..2026-09-30 ...
    """

    periods: tuple[Period, ...] = attrs.field(converter=_period_tuple, validator=non_empty)
    accounts: tuple[str, ...] = attrs.field(
        converter=_accounts, validator=[non_empty, unique_ids, _each_id]
    )
    numbers: Mapping[str, Float] = attrs.field(factory=dict, converter=_numbers)
    categories: Mapping[str, Text] = attrs.field(factory=dict, converter=_texts)
    _display_title = "Health history"

    def __attrs_post_init__(self) -> None:
        check_periods(self.periods, "HealthHistory.periods")
        shape = (len(self.accounts), len(self.periods))
        both = sorted(set(self.numbers) & set(self.categories))
        if both:
            raise InvalidInputError("a measure is numeric or categorical, not both",
                                    field="HealthHistory", value=both)  # fmt: skip
        for kind, table in (("numbers", self.numbers), ("categories", self.categories)):
            for k, arr in table.items():
                field = f"HealthHistory.{kind}[{k!r}]"
                if arr.shape != shape:
                    msg = f"expected an array of accounts x periods {shape}"
                    raise InvalidInputError(msg, field=field, value=arr.shape)
                if kind == "numbers" and np.isinf(arr).any():
                    raise InvalidInputError("expected finite numbers or NaN", field=field)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, HealthHistory):
            return NotImplemented
        if (self.periods, self.accounts) != (other.periods, other.accounts):
            return False
        if set(self.numbers) != set(other.numbers) or set(self.categories) != set(other.categories):
            return False
        same = all(np.array_equal(v, other.numbers[k], equal_nan=True)
                   for k, v in self.numbers.items())  # fmt: skip
        return same and all(np.array_equal(v, other.categories[k])
                            for k, v in self.categories.items())  # fmt: skip

    __hash__ = None  # type: ignore[assignment]

    @property
    def measures(self) -> tuple[str, ...]:
        """Ids of the measures held, sorted."""
        return tuple(sorted([*self.numbers, *self.categories]))

    def values(self, measure: str) -> NDArray[Any]:
        """The accounts x periods array of ``measure``.

        Raises
        ------
        UnknownReferenceError
            A measure the history does not hold.
        """
        if measure in self.numbers:
            return self.numbers[measure]
        if measure in self.categories:
            return self.categories[measure]
        raise UnknownReferenceError("no history for this measure", field="measure",
                                    value=measure)  # fmt: skip

    def between(self, start: dt.date, end: dt.date) -> HealthHistory:
        """The periods that lie within ``[start, end]``, for a review year.

        Raises
        ------
        InvalidInputError
            No period lies within the dates.

        Examples
        --------
        >>> from clientel.models import FiscalYear
        >>> h = HealthHistory(periods=FiscalYear(2026).quarters(), accounts=["c1"],
        ...                   numbers={"sla": [[97.0, 98.0, 99.0, 96.0]]})
        >>> h.between(dt.date(2026, 4, 1), dt.date(2026, 9, 30)).numbers["sla"].tolist()
        [[98.0, 99.0]]
        """
        keep = [k for k, p in enumerate(self.periods) if start <= p.start and p.end <= end]
        if not keep:
            raise InvalidInputError(f"no period within {start}..{end}", field="start, end")
        numbers = {m: v[:, keep] for m, v in self.numbers.items()}
        texts = {m: v[:, keep] for m, v in self.categories.items()}
        return HealthHistory(periods=[self.periods[k] for k in keep], accounts=self.accounts,
                             numbers=numbers, categories=texts)  # fmt: skip

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[Mapping[str, Any]],
        periods: Iterable[Period],
        scorecard: HealthScorecard,
        *,
        account: str = "account_id",
        on: str = "on",
    ) -> HealthHistory:
        """A history from flat rows, one per account and period (a CRM or CSV export).

        Parameters
        ----------
        rows : iterable of mapping
            Each with the account id (key ``account``), a date within its period
            (key ``on``, a date or ISO text) and one entry per measure of
            ``scorecard``: a number (or ``""``/None: missing) for numeric
            measures, a category for categorical ones. Accounts come in the
            order they first appear.
        periods : iterable of Period
            The periods, in time order.
        scorecard : HealthScorecard
            Says which measures there are and which are categorical.

        Raises
        ------
        InvalidInputError
            A row without a measure, a date in no period, two rows for one
            account and period, a number that does not read.
        PeriodOrderError
            Periods out of order.

        Examples
        --------
        >>> from clientel.models import FiscalYear
        >>> from clientel.planning import Band, ColourScheme, HealthMeasure, HealthScorecard
        >>> bands = ColourScheme(bands=[
        ...     Band(name="low", colour="red", lower=0, upper=50),
        ...     Band(name="high", colour="green", lower=50, upper=100, upper_inclusive=True)])
        >>> card = HealthScorecard(id="hc", name="Health", colours=bands, measures=[
        ...     HealthMeasure(id="usage", name="Usage (%)", weight=1, low=0, high=100,
        ...                   colours=bands)])
        >>> rows = [{"account_id": "c1", "on": "2026-01-01", "usage": "64"},
        ...         {"account_id": "c1", "on": "2026-04-01", "usage": ""}]
        >>> h = HealthHistory.from_rows(rows, FiscalYear(2026).quarters()[:2], card)
        >>> h.numbers["usage"].tolist()
        [[64.0, nan]]
        """
        period_list = _period_tuple(periods)
        check_periods(period_list, "periods")
        starts = [p.start for p in period_list]
        cells: dict[tuple[str, int], Mapping[str, Any]] = {}
        order: dict[str, None] = {}
        for i, row in enumerate(rows):
            day = row.get(on)
            day = dt.date.fromisoformat(day) if isinstance(day, str) else day
            k = _period_of(day, period_list, starts)
            if k is None:
                raise InvalidInputError("date in none of the periods", field=f"rows[{i}].{on}",
                                        value=day)  # fmt: skip
            key = (str(row.get(account)), k)
            if key in cells:
                raise InvalidInputError("two rows for one account and period",
                                        field=f"rows[{i}]", value=key)  # fmt: skip
            cells[key] = row
            order.setdefault(key[0])
        accounts = list(order)
        index = {a: r for r, a in enumerate(accounts)}
        shape = (len(accounts), len(period_list))
        numbers: dict[str, Float] = {}
        texts: dict[str, Text] = {}
        for m in scorecard.measures:
            arr = np.full(shape, "" if m.categories else np.nan, dtype=object)
            for (a, k), row in cells.items():
                if m.id not in row:
                    raise InvalidInputError("row without this measure",
                                            field=f"rows[{a!r}, {k}].{m.id}")  # fmt: skip
                arr[index[a], k] = _cell(row[m.id], bool(m.categories), f"{a}.{m.id}")
            if m.categories:
                texts[m.id] = arr
            else:
                numbers[m.id] = arr.astype(np.float64)
        return cls(periods=period_list, accounts=accounts, numbers=numbers, categories=texts)

    def to_records(self) -> list[dict[str, Any]]:
        """One row per account and period, with every measure's value (None where missing)."""
        rows = []
        for r, a in enumerate(self.accounts):
            for k, p in enumerate(self.periods):
                row: dict[str, Any] = {"account": a, "period": p.label or str(p.start)}
                for m in self.measures:
                    v = self.values(m)[r, k]
                    row[m] = None if (v == "" or (isinstance(v, float) and np.isnan(v))) else v
                rows.append(row)
        return rows

    def __repr__(self) -> str:
        first, last = self.periods[0], self.periods[-1]
        span = f"{first.label or first.start} .. {last.label or last.end}"
        shown = ", ".join(self.measures[:4]) + (", ..." if len(self.measures) > 4 else "")
        return (
            f"<HealthHistory {len(self.accounts)} accounts x {len(self.periods)} periods "
            f"({span}), measures {shown or 'none'}>"
        )


def _period_of(day: Any, periods: tuple[Period, ...], starts: list[dt.date]) -> int | None:
    if not isinstance(day, dt.date):
        return None
    k = bisect.bisect_right(starts, day) - 1
    return k if k >= 0 and periods[k].contains(day) else None


def _cell(value: Any, categorical: bool, field: str) -> Any:
    if value is None or value == "":
        return "" if categorical else np.nan
    if categorical:
        if not isinstance(value, str):
            raise InvalidInputError("expected a category", field=field, value=value)
        return value
    if isinstance(value, bool):
        raise InvalidInputError("expected a number", field=field, value=value)
    try:
        return float(value)
    except (TypeError, ValueError):
        raise InvalidInputError("expected a number", field=field, value=value) from None
