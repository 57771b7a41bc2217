"""Health scorecards: weighted measures with colour schemes (steps 2.4.8, 2.7.2, 2.7.5).

A :class:`HealthScorecard` lists the :class:`HealthMeasure` s an account team
reviews (service levels met, open escalations, the executive sponsor's
engagement, days overdue, ...), each with a weight and a colour scheme: numeric
measures a :class:`ColourScheme` of :class:`Band` s on their own scale,
categorical measures a :class:`Category` per answer with its points and colour.
The weighted score is on 0-100 and has a colour scheme of its own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.bands import check_bands, check_covers
from clientel._internal.display import TableDisplay
from clientel._internal.tuples import checked
from clientel._internal.validators import (
    between,
    finite,
    identifier,
    non_empty,
    optional,
    unique_ids,
    where,
)
from clientel.errors import InvalidInputError, ScaleError, UnknownReferenceError, WeightSumError
from clientel.planning.kernels._health import (
    DEFAULT_HORIZON,
    WEIGHT_TOLERANCE,
    band_index,
    scale_violation,
)

__all__ = ["Band", "Category", "ColourScheme", "HealthMeasure", "HealthScorecard"]

#: The scale of a health score and of every measure's points.
SCORE_SCALE = (0.0, 100.0)


def _flag(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        raise InvalidInputError("expected True or False", field=where(instance, attribute),
                                value=value)  # fmt: skip


def _whole_at_least(low: int) -> Any:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            msg = f"expected a whole number >= {low}"
            raise InvalidInputError(msg, field=where(instance, attribute), value=value)

    return check


@attrs.frozen(kw_only=True)
class Band:
    """One colour band of a scale, ``lower`` to ``upper``, each end included or not as stated.

    Parameters
    ----------
    name : str
        What the band means, e.g. ``"at risk"``.
    colour : str
        Its colour, e.g. ``"red"`` (any text: a name or a hex code).
    lower, upper : float
        Its ends, ``lower < upper``.
    lower_inclusive, upper_inclusive : bool
        Whether each end belongs to the band: ``[lower, upper)`` by default.

    Examples
    --------
    >>> b = Band(name="watch", colour="amber", lower=50, upper=75)
    >>> b.contains(50), b.contains(75), str(b)
    (True, False, 'watch (amber): [50, 75)')
    """

    name: str = attrs.field(validator=non_empty)
    colour: str = attrs.field(validator=non_empty)
    lower: float = attrs.field(validator=finite)
    upper: float = attrs.field(validator=finite)
    lower_inclusive: bool = attrs.field(default=True, validator=_flag)
    upper_inclusive: bool = attrs.field(default=False, validator=_flag)

    def contains(self, value: float) -> bool:
        """True when ``value`` lies in the band, ends as stated."""
        above = value >= self.lower if self.lower_inclusive else value > self.lower
        below = value <= self.upper if self.upper_inclusive else value < self.upper
        return bool(above and below)

    def __str__(self) -> str:
        left = "[" if self.lower_inclusive else "("
        right = "]" if self.upper_inclusive else ")"
        return f"{self.name} ({self.colour}): {left}{self.lower:g}, {self.upper:g}{right}"


_bands = checked(Band, "ColourScheme.bands")


def _band_tuple(value: Iterable[Band]) -> tuple[Band, ...]:
    return _bands(value)


@attrs.frozen(kw_only=True, repr=False)
class ColourScheme(TableDisplay):
    """A numeric colour scheme: bands in order, no gap and no overlap (steps 2.4.8, 2.7.2).

    Between two neighbouring bands the boundary belongs to exactly one of them
    (the upper end of one is exclusive and the lower end of the next
    inclusive, or the other way round).

    Raises
    ------
    BandError
        Bands out of order, with a gap or an overlap (also at one boundary
        point), with duplicate names, or with ``lower >= upper``.

    Examples
    --------
    >>> s = ColourScheme(bands=[
    ...     Band(name="at risk", colour="red", lower=0, upper=50),
    ...     Band(name="watch", colour="amber", lower=50, upper=75),
    ...     Band(name="healthy", colour="green", lower=75, upper=100, upper_inclusive=True)])
    >>> s.band(74.9).colour, s.band(75).colour, s.band(100).name
    ('amber', 'green', 'healthy')
    >>> ColourScheme(bands=[Band(name="low", colour="red", lower=0, upper=50),
    ...                     Band(name="high", colour="green", lower=60, upper=100)])
    Traceback (most recent call last):
    ...
    clientel.errors.BandError: ColourScheme.bands: gap between 'low' and 'high' (got (50, 60))
    """

    bands: tuple[Band, ...] = attrs.field(converter=_band_tuple)
    _display_title = "Colour scheme"

    def __attrs_post_init__(self) -> None:
        check_bands(self.bands, field="ColourScheme.bands")

    def to_records(self) -> list[dict[str, Any]]:
        """One row per band: name, colour and range with its ends (``[50, 75)``)."""
        return [{"band": b.name, "colour": b.colour, "range": str(b).rsplit(": ", 1)[1]}
                for b in self.bands]  # fmt: skip

    def __repr__(self) -> str:
        return f"<ColourScheme {'; '.join(str(b) for b in self.bands)}>"

    @property
    def lower(self) -> float:
        """The low end of the first band."""
        return float(self.bands[0].lower)

    @property
    def upper(self) -> float:
        """The high end of the last band."""
        return float(self.bands[-1].upper)

    def index(self, values: ArrayLike) -> NDArray[np.intp]:
        """The band of each value (0 = first band; -1 where a value is NaN), vectorised.

        Raises
        ------
        ScaleError
            A value outside the bands.
        """
        b = self.bands
        lower, upper = [x.lower for x in b], [x.upper for x in b]
        return band_index(values, lower, upper, [x.lower_inclusive for x in b],
                          [x.upper_inclusive for x in b])  # fmt: skip

    def band(self, value: float) -> Band:
        """The band ``value`` falls in.

        Raises
        ------
        ScaleError
            ``value`` outside the bands, or not a finite number.
        """
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise ScaleError("expected a number", field="value", value=value)
        return self.bands[int(self.index([value])[0])]


@attrs.frozen(kw_only=True)
class Category:
    """One answer of a categorical measure: its points (0-100) and its colour.

    Examples
    --------
    >>> Category(value="engaged", points=100, colour="green").points
    100
    """

    value: str = attrs.field(validator=non_empty)
    points: float = attrs.field(validator=between(*SCORE_SCALE))
    colour: str = attrs.field(validator=non_empty)


_categories = checked(Category, "HealthMeasure.categories")


def _category_tuple(value: Iterable[Category]) -> tuple[Category, ...]:
    return _categories(value)


@attrs.frozen(kw_only=True)
class HealthMeasure:
    """One weighted measure of account health, numeric on a scale or categorical.

    Parameters
    ----------
    id, name : str
        Identifier and display name.
    weight : float
        Its share of the health score, ``0 < weight <= 1``; a scorecard's
        weights sum to 1.
    low, high : float, optional
        A numeric measure's scale (``low < high``); values outside it are refused.
    higher_is_better : bool
        False where less is better (escalations, days overdue). A numeric value
        ``v`` scores ``100 (v - low) / (high - low)`` points, or
        ``100 (high - v) / (high - low)`` where less is better.
    colours : ColourScheme, optional
        A numeric measure's bands, on its own scale, covering ``[low, high]``
        exactly with both ends included.
    categories : tuple of Category
        A categorical measure's answers, each with its points and colour; a
        measure is categorical exactly when it has categories.

    Raises
    ------
    InvalidInputError
        A numeric measure without a scale or colours, a categorical one with
        them, duplicate categories, a weight outside ``(0, 1]``.
    BandError
        Colours that do not cover the scale exactly.

    Examples
    --------
    >>> sla = HealthMeasure(id="sla", name="Service levels met (%)", weight=0.4, low=80,
    ...     high=100, colours=ColourScheme(bands=[
    ...         Band(name="breach", colour="red", lower=80, upper=95),
    ...         Band(name="tight", colour="amber", lower=95, upper=99),
    ...         Band(name="met", colour="green", lower=99, upper=100, upper_inclusive=True)]))
    >>> sla.kind, sla.points([90.0, 100.0]).tolist(), sla.colour(97.5)
    ('numeric', [50.0, 100.0], 'amber')
    >>> sponsor = HealthMeasure(id="sponsor", name="Executive sponsor", weight=0.6,
    ...     categories=[Category(value="engaged", points=100, colour="green"),
    ...                 Category(value="absent", points=0, colour="red")])
    >>> sponsor.kind, sponsor.points(["absent", "engaged", ""]).tolist(), sponsor.colour("absent")
    ('categorical', [0.0, 100.0, nan], 'red')
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    weight: float = attrs.field(validator=between(0.0, 1.0))
    low: float | None = attrs.field(default=None, validator=optional(finite))
    high: float | None = attrs.field(default=None, validator=optional(finite))
    higher_is_better: bool = attrs.field(default=True, validator=_flag)
    colours: ColourScheme | None = None
    categories: tuple[Category, ...] = attrs.field(default=(), converter=_category_tuple)

    def __attrs_post_init__(self) -> None:
        field = f"HealthMeasure[{self.id}]"
        if self.weight <= 0:
            raise WeightSumError("expected a weight > 0", field=f"{field}.weight",
                                 value=self.weight)  # fmt: skip
        if self.categories:
            if (self.low, self.high, self.colours) != (None, None, None):
                msg = "a categorical measure has categories, not a scale or colour bands"
                raise InvalidInputError(msg, field=field)
            values = [c.value for c in self.categories]
            if len(set(values)) != len(values):
                raise InvalidInputError("duplicate categories", field=f"{field}.categories",
                                        value=values)  # fmt: skip
            return
        if self.low is None or self.high is None or not self.low < self.high:
            msg = "a numeric measure needs a scale low < high (or categories)"
            raise InvalidInputError(msg, field=f"{field}.low", value=(self.low, self.high))
        if self.colours is None:
            raise InvalidInputError("a numeric measure needs colours", field=f"{field}.colours")
        check_covers(self.colours.bands, self.low, self.high, field=f"{field}.colours")

    @property
    def kind(self) -> str:
        """``"numeric"`` or ``"categorical"``."""
        return "categorical" if self.categories else "numeric"

    def check(
        self, values: ArrayLike, labels: Sequence[Sequence[str]] | None = None
    ) -> NDArray[Any]:
        """``values`` as an array the measure can score, or an error naming the first bad one.

        Numeric measures take numbers within ``[low, high]`` (NaN or None:
        missing); categorical ones take their category values ("" or None: missing).
        ``labels`` name the positions along each axis (accounts, periods) for the
        error; without them it gives the indices.

        Raises
        ------
        ScaleError
            A value outside the scale, or a category the measure does not have,
            named as ``measure[account, period]``.
        """
        if self.categories:
            arr = text_answers(values, self.id)
            known = {c.value for c in self.categories} | {""}
            unknown = sorted(set(arr.ravel().tolist()) - known)  # distinct answers only
            if unknown:
                at = np.unravel_index(int(np.argmax(arr == unknown[0])), arr.shape)
                raise ScaleError("not one of the measure's categories",
                                 field=self._where(at, labels), value=unknown[0])  # fmt: skip
            return arr
        try:
            num = np.asarray(values, dtype=np.float64)
        except (TypeError, ValueError):
            raise InvalidInputError("expected numbers", field=self.id) from None
        lo, hi = float(self.low or 0.0), float(self.high or 0.0)
        bad = scale_violation(num, lo, hi)
        if bad is not None:
            msg = f"outside the measure's scale [{lo:g}, {hi:g}]"
            raise ScaleError(msg, field=self._where(bad, labels), value=float(num[bad]))
        return num

    def _where(self, at: tuple[Any, ...], labels: Sequence[Sequence[str]] | None) -> str:
        names = [str(labels[d][int(i)]) if labels is not None and d < len(labels) else str(int(i))
                 for d, i in enumerate(at)]  # fmt: skip
        return f"{self.id}[{', '.join(names)}]"

    def points(self, values: ArrayLike) -> NDArray[np.float64]:
        """Points 0-100 of each value (NaN where missing); see the class notes for the rule."""
        return self.scored(self.check(values))[0]

    def colour_index(self, values: ArrayLike) -> NDArray[np.intp]:
        """Each value's band (numeric) or category (categorical) position; -1 where missing."""
        return self.scored(self.check(values))[1]

    def scored(self, arr: NDArray[Any]) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
        """:meth:`points` and :meth:`colour_index` of values that passed :meth:`check`."""
        if self.categories:
            pos = self._positions(arr)
            table = np.array([c.points for c in self.categories] + [np.nan], dtype=np.float64)
            return table[pos], np.where(pos == len(self.categories), -1, pos)
        lo, hi = float(self.low or 0.0), float(self.high or 0.0)
        frac = (arr - lo) / (hi - lo)
        pts: NDArray[np.float64] = 100.0 * (frac if self.higher_is_better else 1.0 - frac)
        assert self.colours is not None
        return pts, self.colours.index(arr)

    def _positions(self, arr: NDArray[Any]) -> NDArray[np.intp]:
        """Each checked answer's category position; ``len(categories)`` where missing.

        The answers are compared as fixed-width text (numpy's own string sort and search,
        not Python comparisons of objects).
        """
        order = sorted(range(len(self.categories)), key=lambda k: self.categories[k].value)
        values = np.array([self.categories[k].value for k in order], dtype=str)
        text = arr.astype(str) if arr.size else np.zeros(arr.shape, dtype=values.dtype)
        at = np.searchsorted(values, text)  # every answer is a category or ""
        hit = (at < values.size) & (values[np.minimum(at, values.size - 1)] == text)
        pos = np.array([*order, len(order)], dtype=np.intp)
        out: NDArray[np.intp] = np.where(hit, pos[np.minimum(at, len(order))], len(order))
        return out

    def colour_names(self) -> tuple[str, ...]:
        """The colours in the order :meth:`colour_index` numbers them."""
        if self.categories:
            return tuple(c.colour for c in self.categories)
        assert self.colours is not None
        return tuple(b.colour for b in self.colours.bands)

    def colour(self, value: float | str) -> str:
        """The colour of one value."""
        k = int(self.colour_index([value])[0])
        if k < 0:
            raise ScaleError("a missing value has no colour", field=self.id, value=value)
        return self.colour_names()[k]


def text_answers(values: ArrayLike, field: str) -> NDArray[np.object_]:
    """Answers of a categorical measure as a read-only object array of text, None read as "".

    Raises
    ------
    InvalidInputError
        An answer that is not text (checked over the distinct answers).
    """
    arr = np.array(values, dtype=object)
    arr[arr == None] = ""  # noqa: E711 - elementwise: None is a missing answer
    try:
        uniques = set(arr.ravel().tolist())  # a hash set: the distinct answers, no sort
    except TypeError:  # an unhashable answer (a list) is not text
        uniques = {None}
    if not all(type(v) is str for v in uniques):
        raise InvalidInputError("expected text answers", field=field)
    arr.flags.writeable = False
    return arr


_measures = checked(HealthMeasure, "HealthScorecard.measures")


def _measure_tuple(value: Iterable[HealthMeasure]) -> tuple[HealthMeasure, ...]:
    return _measures(value)


@attrs.frozen(kw_only=True, repr=False)
class HealthScorecard(TableDisplay):
    """An account-health scorecard: weighted measures, score colours, recency and trend rules.

    Parameters
    ----------
    id, name : str
        Identifier and display name.
    measures : tuple of HealthMeasure
        At least one, ids unique, weights summing to 1 (within 1e-9).
    colours : ColourScheme
        Bands of the 0-100 health score, covering ``[0, 100]`` with both ends included.
    horizon : int
        The recency horizon ``H`` of the time-weighted score (ERPNext's supplier
        scorecard: the latest period weighs ``H/H``, the one before
        ``(H - 1)/H``, ..., periods ``H`` or more back 0); 12 by default, as
        ERPNext's monthly default.
    trend_window : int
        Periods in each least-squares trend slope (>= 2); a trend "turns" when
        the slope over the latest ``trend_window`` periods changes sign.
    trend_tolerance : float
        Slopes within this many points per period of 0 count as flat (no
        sign), so small wobbles raise no alert; 0 by default.

    Raises
    ------
    WeightSumError
        Weights that do not sum to 1.
    BandError
        Score colours that do not cover 0-100 exactly, or gapped or overlapping bands.
    InvalidInputError
        Duplicate measure ids, no measure, a horizon below 1, a window below 2.

    Examples
    --------
    >>> score_colours = ColourScheme(bands=[
    ...     Band(name="at risk", colour="red", lower=0, upper=50),
    ...     Band(name="healthy", colour="green", lower=50, upper=100, upper_inclusive=True)])
    >>> sponsor = HealthMeasure(id="sponsor", name="Executive sponsor", weight=0.5,
    ...     categories=[Category(value="engaged", points=100, colour="green"),
    ...                 Category(value="absent", points=0, colour="red")])
    >>> card = HealthScorecard(id="hc", name="Key accounts", measures=[sponsor],
    ...                        colours=score_colours)
    Traceback (most recent call last):
    ...
    clientel.errors.WeightSumError: HealthScorecard.measures: expected weights that sum to 1 ...
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    measures: tuple[HealthMeasure, ...] = attrs.field(
        converter=_measure_tuple, validator=[non_empty, unique_ids]
    )
    colours: ColourScheme
    horizon: int = attrs.field(default=DEFAULT_HORIZON, validator=_whole_at_least(1))
    trend_window: int = attrs.field(default=3, validator=_whole_at_least(2))
    trend_tolerance: float = attrs.field(default=0.0, validator=between(0.0, 100.0))
    _display_title = "Health scorecard"

    def __attrs_post_init__(self) -> None:
        total = math.fsum(m.weight for m in self.measures)
        if abs(total - 1.0) > WEIGHT_TOLERANCE:
            raise WeightSumError("expected weights that sum to 1",
                                 field="HealthScorecard.measures", value=total)  # fmt: skip
        check_covers(self.colours.bands, *SCORE_SCALE, field="HealthScorecard.colours")

    @property
    def ids(self) -> tuple[str, ...]:
        """The measures' ids, in order."""
        return tuple(m.id for m in self.measures)

    @property
    def weights(self) -> NDArray[np.float64]:
        """The measures' weights, in order."""
        return np.array([m.weight for m in self.measures], dtype=np.float64)

    def to_records(self) -> list[dict[str, Any]]:
        """One row per measure: id, name, weight, kind, scale or answers, and its colours."""
        rows = []
        for m in self.measures:
            if m.categories:
                scale = ", ".join(f"{c.value} {c.points:g}" for c in m.categories)
                colours = ", ".join(f"{c.value} {c.colour}" for c in m.categories)
            else:
                way = "higher is better" if m.higher_is_better else "lower is better"
                scale = f"{m.low:g} to {m.high:g}, {way}"
                colours = "; ".join(str(b) for b in (m.colours.bands if m.colours else ()))
            rows.append({"measure": m.id, "name": m.name, "weight": m.weight, "kind": m.kind,
                         "scale": scale, "colours": colours})  # fmt: skip
        return rows

    def __repr__(self) -> str:
        weights = ", ".join(f"{m.id} {m.weight:g}" for m in self.measures[:5])
        more = ", ..." if len(self.measures) > 5 else ""
        return f"<HealthScorecard {self.id}: {weights}{more}; horizon {self.horizon}>"

    def measure(self, id: str) -> HealthMeasure:  # noqa: A002 - ids are called id everywhere
        """The measure ``id``."""
        for m in self.measures:
            if m.id == id:
                return m
        raise UnknownReferenceError("no such measure", field="id", value=id)
