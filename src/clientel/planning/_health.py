"""Account health over time: scores, recency-weighted averages, trends and alerts (2.4.8, 2.7).

:func:`health_scores` scores every account in every period of a
:class:`HealthHistory` against a :class:`HealthScorecard` in one vectorised
pass (:mod:`clientel.planning.kernels`) and returns an :class:`AccountHealth`:
the score and its colour per period, the recency-weighted score, the trend and
the alerts. :func:`segment_health` rolls accounts up per segment.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._explanation import Explanation, Factor
from clientel._internal.arrays import frozen_floats, frozen_intp
from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping
from clientel.errors import (
    InvalidInputError,
    MissingDataError,
    UnknownReferenceError,
    WeightSumError,
)
from clientel.models import Period
from clientel.planning._health_cards import HealthScorecard
from clientel.planning._health_history import HealthHistory
from clientel.planning.kernels._health import (
    _previous,
    health_composite,
    rolling_slope,
    time_weighted,
    time_weights,
    trend_slope,
    trend_turns,
    weighted_rollup,
)

__all__ = ["AccountHealth", "HealthAlert", "SegmentHealth", "health_scores", "segment_health"]

Float = NDArray[np.float64]
Index = NDArray[np.intp]

#: The kinds of alert: a colour band crossed, or the trend turned.
ALERT_KINDS = ("band", "trend")


def _label(p: Period) -> str:
    return p.label or f"{p.start}..{p.end}"


@attrs.frozen(kw_only=True, repr=False)
class HealthAlert(TableDisplay):
    """A band crossed or a trend turned, for one account in one period.

    Attributes
    ----------
    account_id : str
        The account.
    period : Period
        The period in which it happened.
    kind : str
        ``"band"`` (the score or a measure moved to another colour band) or
        ``"trend"`` (the slope over the scorecard's trend window changed sign).
    subject : str
        ``"health"`` for the score, or the measure's id.
    before, after : str
        The bands (``"watch (amber)"``) or the directions (``"rising"``, ``"falling"``).
    value : float
        The score or measure points in the period (band), or the new slope (trend).
    """

    account_id: str
    period: Period
    kind: str
    subject: str
    before: str
    after: str
    value: float
    _display_title = "Health alert"

    @property
    def message(self) -> str:
        """One line for a reader."""
        what = "health" if self.subject == "health" else f"measure {self.subject}"
        if self.kind == "trend":
            return (f"{self.account_id} {_label(self.period)}: {what} trend turned from "
                    f"{self.before} to {self.after} ({self.value:+.2f} per period)")  # fmt: skip
        return (f"{self.account_id} {_label(self.period)}: {what} moved from {self.before} to "
                f"{self.after} ({self.value:.1f})")  # fmt: skip

    def to_records(self) -> list[dict[str, Any]]:
        """One row: account, period, kind, subject, before, after, value."""
        return [{"account_id": self.account_id, "period": _label(self.period), "kind": self.kind,
                 "subject": self.subject, "before": self.before, "after": self.after,
                 "value": self.value}]  # fmt: skip

    def __repr__(self) -> str:
        return f"<HealthAlert {self.message}>"


@attrs.frozen(kw_only=True, eq=False)
class _AlertTable:
    """The alerts as columns, sorted by period, account, kind and subject; HealthAlert items
    are built on access (millions of alerts cost arrays, not objects)."""

    account: Index  # row in AccountHealth.accounts
    period: Index
    kind: Index  # position in ALERT_KINDS
    subject: Index  # 0: the score; j + 1: measure j of the scorecard
    before: Index  # band / category position; for trends 1 rising, -1 falling
    after: Index
    value: Float
    subjects: tuple[str, ...]  # "health", then the measures' ids
    labels: tuple[tuple[str, ...], ...]  # per subject: "name (colour)" per position

    def __len__(self) -> int:
        return int(self.account.size)

    def item(self, i: int, accounts: Sequence[str], periods: Sequence[Period]) -> HealthAlert:
        s, kind = int(self.subject[i]), ALERT_KINDS[int(self.kind[i])]
        if kind == "trend":
            words = {1: "rising", -1: "falling"}
            before, after = words[int(self.before[i])], words[int(self.after[i])]
        else:
            before, after = self.labels[s][int(self.before[i])], self.labels[s][int(self.after[i])]
        return HealthAlert(account_id=accounts[int(self.account[i])],
                           period=periods[int(self.period[i])], kind=kind,
                           subject=self.subjects[s], before=before, after=after,
                           value=float(self.value[i]))  # fmt: skip


@attrs.frozen(kw_only=True, eq=False, repr=False)
class AccountHealth(TableDisplay):
    """Health scores of many accounts over many periods, with colours, trend and alerts.

    Attributes
    ----------
    scorecard : HealthScorecard
        The scorecard scored against.
    periods : tuple of Period
        Oldest first.
    accounts : tuple of str
        Account ids, the rows of every array.
    points : ndarray, shape (accounts, periods, measures)
        Each measure's 0-100 points (NaN where missing), measures in the
        scorecard's order.
    measure_colours : ndarray of int, shape (accounts, periods, measures)
        Each measure's band or category position (-1 where missing).
    score : ndarray, shape (accounts, periods)
        The weighted score, 0-100 (weights renormalised over the measures present).
    coverage : ndarray, shape (accounts, periods)
        The share of the weights observed (1: every measure present).
    colour_index : ndarray of int, shape (accounts, periods)
        The score's band in the scorecard's colours.
    recent : ndarray, shape (accounts,)
        The recency-weighted score at the latest period (:func:`kernels.time_weights`).
    trend : ndarray, shape (accounts,)
        The least-squares slope of the score over the latest ``trend_window``
        periods (all of them when there are fewer), in points per period.
    slopes : ndarray, shape (accounts, periods - window + 1)
        The rolling slopes behind the trend alerts; column ``t`` ends at period
        ``t + window - 1``.
    alerts : tuple of HealthAlert
        Bands crossed and trends turned, by period, then account, kind and subject
        (built on first access from columns; :meth:`alerts_for` reads one account's
        without building the others).
    """

    scorecard: HealthScorecard
    periods: tuple[Period, ...]
    accounts: tuple[str, ...]
    history: HealthHistory = attrs.field(repr=False)
    points: Float = attrs.field(converter=frozen_floats)
    measure_colours: Index = attrs.field(converter=frozen_intp)
    score: Float = attrs.field(converter=frozen_floats)
    coverage: Float = attrs.field(converter=frozen_floats)
    colour_index: Index = attrs.field(converter=frozen_intp)
    recent: Float = attrs.field(converter=frozen_floats)
    trend: Float = attrs.field(converter=frozen_floats)
    slopes: Float = attrs.field(converter=frozen_floats)
    alert_table: _AlertTable = attrs.field(repr=False)
    _rows: dict[str, int] = attrs.field(init=False, factory=dict, eq=False)
    _cache: dict[str, Any] = attrs.field(init=False, factory=dict, eq=False)
    _display_title = "Account health"

    def __attrs_post_init__(self) -> None:
        self._rows.update({a: r for r, a in enumerate(self.accounts)})

    @property
    def ids(self) -> tuple[str, ...]:
        """The account ids, in row order."""
        return self.accounts

    @property
    def window(self) -> int:
        """Periods in each trend slope: the scorecard's window, or all periods when fewer."""
        return min(self.scorecard.trend_window, len(self.periods))

    def row(self, id: str) -> int:  # noqa: A002 - ids are called id everywhere
        """The row of account ``id``.

        Raises
        ------
        UnknownReferenceError
            An account that was not scored.
        """
        try:
            return self._rows[id]
        except KeyError:
            raise UnknownReferenceError("account not scored", field="id", value=id) from None

    def band(self, id: str, period: int = -1) -> str:  # noqa: A002
        """Account ``id``'s score band and colour in a period (the latest by default)."""
        b = self.scorecard.colours.bands[int(self.colour_index[self.row(id), period])]
        return f"{b.name} ({b.colour})"

    @property
    def alerts(self) -> tuple[HealthAlert, ...]:
        """Every alert, by period, then account, kind and subject."""
        if "alerts" not in self._cache:
            t = self.alert_table
            self._cache["alerts"] = tuple(t.item(i, self.accounts, self.periods)
                                          for i in range(len(t)))  # fmt: skip
        out: tuple[HealthAlert, ...] = self._cache["alerts"]
        return out

    def alerts_for(self, id: str) -> tuple[HealthAlert, ...]:  # noqa: A002
        """The alerts of account ``id``, in period order."""
        r = self.row(id)
        if "by_account" not in self._cache:  # one stable sort, then a slice per account
            order = np.argsort(self.alert_table.account, kind="stable")
            bounds = np.searchsorted(self.alert_table.account[order],
                                     np.arange(len(self.accounts) + 1))  # fmt: skip
            self._cache["by_account"] = (order, bounds)
        order, bounds = self._cache["by_account"]
        return tuple(self.alert_table.item(int(i), self.accounts, self.periods)
                     for i in order[bounds[r]:bounds[r + 1]])  # fmt: skip

    def explain(self, id: str) -> Explanation:  # noqa: A002
        """Each measure's share of account ``id``'s latest score, in the scorecard's order.

        A factor's effect is the points the measure adds to the score
        (``weight x points / coverage``), so the effects sum to the score; its
        value is the measure's raw value (a number or a category; None where
        missing, and then its weight is spread over the others).
        """
        r = self.row(id)
        card = self.scorecard
        pts, cover = self.points[r, -1], float(self.coverage[r, -1])
        factors = []
        for measure, p in zip(card.measures, pts, strict=True):
            raw = self.history.values(measure.id)[r, -1]
            value: float | str | None
            if measure.categories:
                value = str(raw) or None
            else:
                value = None if np.isnan(raw) else float(raw)
            effect = 0.0 if np.isnan(p) else float(measure.weight * p / cover)
            factors.append(Factor(criterion=measure.id, effect=effect, value=value))
        last = self.periods[-1]
        summary = (
            f"health {self.score[r, -1]:.1f}, {self.band(id)} in {_label(last)}; recency-weighted "
            f"{self.recent[r]:.1f}; trend {self.trend[r]:+.2f} per period over {self.window} "
            "periods"
        )
        notes = [a.message for a in self.alerts_for(id)]
        if cover < 1:
            notes.append(f"{1 - cover:.0%} of the weight missing in {_label(last)}; "
                         "the other measures' weights are scaled up")  # fmt: skip
        return Explanation(subject=id, summary=summary, factors=factors,
                           effect_kind="points of the latest health score (weight x points)",
                           notes=notes)  # fmt: skip

    def to_records(self) -> list[dict[str, Any]]:
        """One row per account: latest score and band, recency-weighted score, trend, alerts."""
        n_alerts = np.bincount(self.alert_table.account, minlength=len(self.accounts))
        return [
            {"account": acc, "score": float(self.score[r, -1]), "band": self.band(acc),
             "recent": float(self.recent[r]), "trend": float(self.trend[r]),
             "coverage": float(self.coverage[r, -1]), "alerts": int(n_alerts[r])}
            for r, acc in enumerate(self.accounts)
        ]  # fmt: skip

    def timeline(self, id: str) -> list[dict[str, Any]]:  # noqa: A002
        """Account ``id``'s score, band and measure points per period, oldest first."""
        r = self.row(id)
        bands = self.scorecard.colours.bands
        return [
            {"period": _label(p), "score": float(self.score[r, k]),
             "band": bands[int(self.colour_index[r, k])].name,
             **{m.id: (None if np.isnan(v) else float(v))
                for m, v in zip(self.scorecard.measures, self.points[r, k], strict=True)}}
            for k, p in enumerate(self.periods)
        ]  # fmt: skip

    def plot(self, id: str, ax: Any = None) -> Any:  # noqa: A002
        """Account ``id``'s health over the periods on its colour bands, with the trend line.

        Calls :func:`clientel.plots.plot_health_trend`; matplotlib (the
        ``clientel[plot]`` extra) is imported only by this call.
        """
        from clientel.plots import plot_health_trend

        r = self.row(id)
        bands = [(b.lower, b.upper, b.colour, b.name) for b in self.scorecard.colours.bands]
        marks = [self.periods.index(a.period) for a in self.alerts_for(id) if a.subject == "health"]
        return plot_health_trend([_label(p) for p in self.periods], self.score[r].tolist(),
                                 bands=bands, window=self.window, alerts=marks,
                                 title=f"Health of {id}: {self.scorecard.name}", ax=ax)  # fmt: skip

    def __repr__(self) -> str:
        bands = self.scorecard.colours.bands
        counts = np.bincount(self.colour_index[:, -1], minlength=len(bands))
        names = ", ".join(f"{b.colour} {int(c)}" for b, c in zip(bands, counts, strict=True))
        return (f"<AccountHealth {len(self.accounts)} accounts x {len(self.periods)} periods, "
                f"{self.scorecard.id}: {names}; {len(self.alert_table)} alerts>")  # fmt: skip


def _measure_arrays(card: HealthScorecard, history: HealthHistory) -> tuple[Float, Index]:
    """Points and colour positions, accounts x periods x measures, one measure at a time."""
    points, colours = [], []
    labels = (history.accounts, [_label(p) for p in history.periods])
    for m in card.measures:
        if m.id not in history.measures:
            raise MissingDataError("no history for this measure of the scorecard",
                                   field=f"history[{m.id!r}]")  # fmt: skip
        if (m.id in history.categories) != bool(m.categories):
            kind = "categorical" if m.categories else "numeric"
            raise InvalidInputError(f"the scorecard's measure is {kind}; its history is not",
                                    field=f"history[{m.id!r}]")  # fmt: skip
        raw = m.check(history.values(m.id), labels)
        pts, colour = m.scored(raw)
        points.append(pts)
        colours.append(colour)
    return np.stack(points, axis=-1), np.stack(colours, axis=-1)


def _label_of(names: Sequence[str], colours: Sequence[str]) -> tuple[str, ...]:
    return tuple(f"{n} ({c})" for n, c in zip(names, colours, strict=True))


def _alerts(
    card: HealthScorecard,
    colour_index: Index,
    score: Float,
    measure_colours: Index,
    points: Float,
    slopes: Float,
    window: int,
) -> _AlertTable:
    """Band crossings of the score and of each measure, and trend turns, as sorted columns."""
    bands = card.colours.bands
    subjects = ("health", *card.ids)
    labels = [_label_of([b.name for b in bands], [b.colour for b in bands])]
    layers: list[tuple[Index, Float]] = [(colour_index, score)]
    for j, m in enumerate(card.measures):
        kinds = [c.value for c in m.categories] if m.categories else [
            b.name for b in (m.colours.bands if m.colours else ())]  # fmt: skip
        labels.append(_label_of(kinds, m.colour_names()))
        layers.append((measure_colours[..., j], points[..., j]))
    cols: list[list[Any]] = [[] for _ in range(7)]
    for s, (idx, val) in enumerate(layers):
        known = idx >= 0
        prev, has = _previous(idx.astype(np.int64), known)
        a, k = np.nonzero(known & has & (prev != idx))  # kernels.band_changes, with prev kept
        for c, part in zip(cols, (a, k, np.zeros(a.size, np.intp), np.full(a.size, s),
                                  prev[a, k], idx[a, k], val[a, k]), strict=True):  # fmt: skip
            c.append(part)
    if slopes.shape[-1]:
        a, t = np.nonzero(trend_turns(slopes, card.trend_tolerance))
        new = slopes[a, t]
        way = np.where(new > 0, 1, -1)
        parts = (a, t + window - 1, np.ones(a.size, np.intp), np.zeros(a.size, np.intp), -way,
                 way, new)  # fmt: skip
        for c, part in zip(cols, parts, strict=True):
            c.append(part)
    account, period, kind, subject, before, after, value = (
        np.concatenate(c) if c else np.zeros(0) for c in cols)  # fmt: skip
    rank = np.argsort(np.argsort(np.array(subjects[1:], dtype=object), kind="stable")) + 1
    subject_rank = np.concatenate([[0], rank])[subject.astype(np.intp)]
    order = np.lexsort((subject_rank, kind, account, period))

    def ints(arr: Any) -> Index:
        out: Index = arr[order].astype(np.intp, copy=False)  # a fresh array: frozen in place
        out.flags.writeable = False
        return out

    return _AlertTable(account=ints(account), period=ints(period), kind=ints(kind),
                       subject=ints(subject), before=ints(before), after=ints(after),
                       value=frozen_floats(value[order]), subjects=subjects,
                       labels=tuple(labels))  # fmt: skip


def health_scores(scorecard: HealthScorecard, history: HealthHistory) -> AccountHealth:
    """Score every account in every period against a scorecard (steps 2.4.8, 2.7.2).

    Parameters
    ----------
    scorecard : HealthScorecard
        The measures, weights, colours, recency horizon and trend window.
    history : HealthHistory
        Every measure of the scorecard per account and period (at least two
        periods, for a trend).

    Returns
    -------
    AccountHealth
        Per account and period the measure points, the score and its colour;
        per account the recency-weighted score, the trend and the alerts.

    Raises
    ------
    ScaleError
        A value outside its measure's scale or not one of its categories (the
        measure, account and period named as ``measure[row, period]``).
    MissingDataError
        A measure of the scorecard without history; an account and period
        with no measure at all; fewer than two periods.
    InvalidInputError
        A measure numeric in the scorecard and categorical in the history, or
        the other way round.

    Notes
    -----
    * Points: a numeric value ``v`` on ``[low, high]`` scores
      ``100 (v - low) / (high - low)`` (reversed where less is better); a
      category scores its stated points.
    * Score: ``sum_m w_m x_m / sum_m w_m`` over the measures present in the
      period (``coverage = sum_m w_m`` over them says how much was seen).
    * Recency-weighted score: ``sum_p t_p s_p`` with ERPNext's linear weights
      ``t_p`` over the scorecard's horizon (:func:`kernels.time_weights`).
    * Trend: the least-squares slope of the score over the latest
      ``trend_window`` periods, in points per period.
    * Alerts: a band crossed when a period's band differs from the latest
      known band before it (for the score and each measure); a trend turned
      when the slope over the ``trend_window`` periods ending in a period has
      the other sign than the latest signed slope before it (slopes within
      ``trend_tolerance`` of 0 are flat).

    Examples
    --------
    >>> from clientel.models import FiscalYear
    >>> from clientel.planning import Band, ColourScheme, HealthMeasure, HealthScorecard
    >>> colours = ColourScheme(bands=[
    ...     Band(name="at risk", colour="red", lower=0, upper=50),
    ...     Band(name="watch", colour="amber", lower=50, upper=75),
    ...     Band(name="healthy", colour="green", lower=75, upper=100, upper_inclusive=True)])
    >>> card = HealthScorecard(id="hc", name="Key accounts", colours=colours, horizon=4,
    ...     measures=[HealthMeasure(id="usage", name="Usage (%)", weight=1, low=0, high=100,
    ...                             colours=colours)])
    >>> history = HealthHistory(periods=FiscalYear(2026).quarters(), accounts=["c1", "c2"],
    ...                         numbers={"usage": [[80, 78, 70, 64], [60, 62, 66, 76]]})
    >>> h = health_scores(card, history)
    >>> h.score[:, -1].tolist(), h.recent.round(1).tolist(), h.trend.tolist()
    ([64.0, 76.0], [70.2, 68.6], [-7.0, 7.0])
    >>> for alert in h.alerts:
    ...     print(alert.message)
    c1 FY2026 Q3: health moved from healthy (green) to watch (amber) (70.0)
    c1 FY2026 Q3: measure usage moved from healthy (green) to watch (amber) (70.0)
    c2 FY2026 Q4: health moved from watch (amber) to healthy (green) (76.0)
    c2 FY2026 Q4: measure usage moved from watch (amber) to healthy (green) (76.0)
    """
    n_periods = len(history.periods)
    if n_periods < 2:
        raise MissingDataError("a trend needs at least two periods", field="history.periods",
                               value=n_periods)  # fmt: skip
    points, measure_colours = _measure_arrays(scorecard, history)
    score, coverage = health_composite(points, scorecard.weights)
    colour_index = scorecard.colours.index(score)
    window = min(scorecard.trend_window, n_periods)
    recent = time_weighted(score, time_weights(n_periods, scorecard.horizon))
    trend = trend_slope(score[:, -window:])
    slopes = rolling_slope(score, window)
    alerts = _alerts(scorecard, colour_index, score, measure_colours, points, slopes, window)
    return AccountHealth(scorecard=scorecard, periods=history.periods, accounts=history.accounts,
                         history=history, points=points, measure_colours=measure_colours,
                         score=score, coverage=coverage, colour_index=colour_index,
                         recent=recent, trend=trend, slopes=slopes, alert_table=alerts)  # fmt: skip


@attrs.frozen(kw_only=True, eq=False, repr=False)
class SegmentHealth(TableDisplay):
    """Account health rolled up per segment, by a stated rule (steps 2.4.8, 2.7.5).

    Attributes
    ----------
    segments : tuple of str
        Segment ids, sorted; the rows of every array.
    periods : tuple of Period
        Oldest first.
    rule : str
        ``"mean"`` (every account weighs 1) or ``"weighted by <basis>"``.
    weights : mapping of str to float
        The weight each account carried (1.0 each for the mean).
    members : mapping of str to tuple of str
        Each segment's accounts.
    latest : mapping of str to float
        Each account's latest score.
    score, low, high : ndarray, shape (segments, periods)
        The roll-up ``sum_a w_a s_a / sum_a w_a`` over the segment's accounts,
        and the lowest and highest member score (the roll-up lies between them).
    colour_index : ndarray of int, shape (segments, periods)
        The roll-up's band in the scorecard's colours.
    recent, trend : ndarray, shape (segments,)
        The roll-ups of the accounts' recency-weighted scores and trends (the
        same weights; both are linear in the scores, so this equals the
        recency-weighted score and trend of the rolled-up series).
    """

    scorecard: HealthScorecard
    segments: tuple[str, ...]
    periods: tuple[Period, ...]
    rule: str
    weights: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    members: Mapping[str, tuple[str, ...]] = attrs.field(converter=frozen_mapping)
    latest: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    score: Float = attrs.field(converter=frozen_floats)
    low: Float = attrs.field(converter=frozen_floats)
    high: Float = attrs.field(converter=frozen_floats)
    colour_index: Index = attrs.field(converter=frozen_intp)
    recent: Float = attrs.field(converter=frozen_floats)
    trend: Float = attrs.field(converter=frozen_floats)
    _display_title = "Segment health"

    def row(self, id: str) -> int:  # noqa: A002
        """The row of segment ``id``."""
        if id not in self.segments:
            raise UnknownReferenceError("no such segment", field="id", value=id)
        return self.segments.index(id)

    def explain(self, id: str) -> Explanation:  # noqa: A002
        """Each member account's share of the segment's latest roll-up, largest first.

        A factor's effect is ``w_a s_a / sum w`` (the effects sum to the
        roll-up); its value is the account's latest score.
        """
        g = self.row(id)
        members = self.members[id]
        total = math.fsum(self.weights[a] for a in members)
        factors = [Factor(criterion=a, effect=self.weights[a] * self.latest[a] / total,
                          value=self.latest[a]) for a in members]  # fmt: skip
        summary = (f"health {self.score[g, -1]:.1f} ({self.rule} of {len(members)} accounts, "
                   f"from {self.low[g, -1]:.1f} to {self.high[g, -1]:.1f}), trend "
                   f"{self.trend[g]:+.2f} per period")  # fmt: skip
        return Explanation(subject=f"segment {id}", summary=summary,
                           factors=sorted(factors, key=lambda f: (-f.effect, f.criterion)),
                           effect_kind="points of the segment's latest roll-up")  # fmt: skip

    def to_records(self) -> list[dict[str, Any]]:
        """One row per segment: latest roll-up and band, member range, recency-weighted, trend."""
        bands = self.scorecard.colours.bands
        return [
            {"segment": s, "accounts": len(self.members[s]), "score": float(self.score[g, -1]),
             "band": bands[int(self.colour_index[g, -1])].name,
             "low": float(self.low[g, -1]), "high": float(self.high[g, -1]),
             "recent": float(self.recent[g]), "trend": float(self.trend[g])}
            for g, s in enumerate(self.segments)
        ]  # fmt: skip

    def __repr__(self) -> str:
        return (f"<SegmentHealth {len(self.segments)} segments x {len(self.periods)} periods, "
                f"{self.rule}>")  # fmt: skip


def _weight_ok(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) and v >= 0


def segment_health(
    health: AccountHealth,
    segments: Mapping[str, str],
    *,
    weights: Mapping[str, float] | None = None,
    basis: str = "weight",
) -> SegmentHealth:
    """Roll account health up per segment: the mean, or a weighted mean with weights given.

    Parameters
    ----------
    health : AccountHealth
        From :func:`health_scores`.
    segments : mapping of str to str
        Each scored account's segment id.
    weights : mapping of str to float, optional
        Each account's weight (for example its yearly revenue), finite and
        >= 0; without it every account weighs 1 (the simple mean).
    basis : str
        What the weights are, for the rule's text (``"revenue"``).

    Returns
    -------
    SegmentHealth
        Per segment and period ``sum_a w_a s_a / sum_a w_a`` over its accounts,
        the members' lowest and highest score, the band, and the roll-ups of
        the recency-weighted scores and trends.

    Raises
    ------
    UnknownReferenceError
        A scored account without a segment.
    MissingDataError
        A scored account without a weight (when weights are given).
    WeightSumError
        A segment whose accounts' weights sum to 0.
    InvalidInputError
        A negative or non-finite weight.

    Examples
    --------
    >>> from clientel.models import FiscalYear
    >>> from clientel.planning import Band, ColourScheme, HealthMeasure, HealthScorecard
    >>> colours = ColourScheme(bands=[
    ...     Band(name="at risk", colour="red", lower=0, upper=50),
    ...     Band(name="healthy", colour="green", lower=50, upper=100, upper_inclusive=True)])
    >>> card = HealthScorecard(id="hc", name="Health", colours=colours, measures=[
    ...     HealthMeasure(id="usage", name="Usage", weight=1, low=0, high=100, colours=colours)])
    >>> h = health_scores(card, HealthHistory(periods=FiscalYear(2026).halves(),
    ...     accounts=["c1", "c2", "c3"], numbers={"usage": [[40, 50], [80, 90], [70, 70]]}))
    >>> s = segment_health(h, {"c1": "bank", "c2": "bank", "c3": "retail"},
    ...                    weights={"c1": 3.0, "c2": 1.0, "c3": 2.0}, basis="revenue")
    >>> s.score.tolist(), s.rule
    ([[50.0, 60.0], [70.0, 70.0]], 'weighted by revenue')
    """
    accounts = health.accounts
    try:
        labels = [segments[a] for a in accounts]
    except KeyError:
        missing = [a for a in accounts if a not in segments]
        raise UnknownReferenceError("account without a segment", field="segments",
                                    value=missing[:3]) from None  # fmt: skip
    if weights is None:
        wa = np.ones(len(accounts))
        rule = "mean"
    else:
        absent = [a for a in accounts if a not in weights]
        if absent:
            raise MissingDataError("account without a weight", field="weights", value=absent[:3])
        given = [weights[a] for a in accounts]
        typed = all(issubclass(t, int | float) and t is not bool for t in set(map(type, given)))
        wa = np.array(given, dtype=np.float64) if typed else np.zeros(len(accounts))
        if not typed or not (np.isfinite(wa) & (wa >= 0)).all():
            r = next(k for k, v in enumerate(given) if not _weight_ok(v))
            raise InvalidInputError("expected a finite weight >= 0",
                                    field=f"weights[{accounts[r]!r}]", value=given[r])  # fmt: skip
        rule = f"weighted by {basis}"
    uniq, codes = np.unique(np.array(labels, dtype=object), return_inverse=True)
    names = [str(n) for n in uniq]
    groups = codes.astype(np.intp).ravel()
    den = np.bincount(groups, weights=wa, minlength=len(names))
    if (den <= 0).any():
        bad_segment = names[int(np.argmax(den <= 0))]
        raise WeightSumError("the segment's account weights sum to 0",
                             field=f"segments[{bad_segment!r}]")  # fmt: skip
    w = dict(zip(accounts, wa.tolist(), strict=True))
    order = np.argsort(groups, kind="stable")
    cuts = np.searchsorted(groups[order], np.arange(len(names) + 1))
    members = {s: tuple(accounts[i] for i in order[cuts[g]:cuts[g + 1]])
               for g, s in enumerate(names)}  # fmt: skip
    block = np.column_stack([health.score, health.recent, health.trend])
    mean, low, high = weighted_rollup(block, groups, wa, len(names))
    n = health.score.shape[1]
    return SegmentHealth(scorecard=health.scorecard, segments=tuple(names),
                         periods=health.periods, rule=rule, weights=w, members=members,
                         latest=dict(zip(accounts, health.score[:, -1].tolist(), strict=True)),
                         score=mean[:, :n], low=low[:, :n], high=high[:, :n],
                         colour_index=health.scorecard.colours.index(mean[:, :n]),
                         recent=mean[:, n], trend=mean[:, n + 1])  # fmt: skip
