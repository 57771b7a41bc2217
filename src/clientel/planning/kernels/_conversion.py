"""Pipeline conversion learned from outcomes, time in stage, aging and velocity (step 2.4.5).

Arrays in, arrays out: stage positions are integers (0 = the first open stage),
dates are day numbers (``datetime.date.toordinal()``), amounts are floats in one
currency. The entities and their histories are turned into these arrays by
:mod:`clientel.planning` (``smoothed_win_rates``, ``spell_lengths``,
``aging_days``, ``sales_velocity``).
"""

from __future__ import annotations

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_day, as_flags, as_ints, as_number, finite
from clientel._internal.limits import MAX_TABLE_CELLS, check_count
from clientel.errors import InvalidInputError

__all__ = [
    "ConversionFit",
    "StageDurations",
    "VelocityParts",
    "aging_days",
    "sales_velocity",
    "smoothed_win_rates",
    "spell_lengths",
]

Float = NDArray[np.float64]
Int = NDArray[np.int64]


def _ints(name: str, values: ArrayLike) -> Int:
    arr = as_ints(values, name)
    if arr.ndim != 1:
        raise InvalidInputError("expected a 1-D array of whole numbers", field=name)
    return arr


@attrs.frozen(kw_only=True)
class ConversionFit:
    """Per stage: closed opportunities that reached it, the won among them, and the smoothed
    probability of winning with its equal-tailed credible interval (arrays of the stages)."""

    reached: Int
    won: Int
    probability: Float
    low: Float
    high: Float


def smoothed_win_rates(
    furthest: ArrayLike,
    won: ArrayLike,
    prior: ArrayLike,
    *,
    prior_weight: float = 10.0,
    level: float = 0.9,
) -> ConversionFit:
    """Probability of winning from each stage, learned from closed opportunities.

    Parameters
    ----------
    furthest : array of int, shape (n,)
        Per closed opportunity, the furthest open stage it entered (0-based),
        or -1 if it entered none.
    won : array of bool, shape (n,)
        Whether it was won. A won opportunity has passed every stage.
    prior : array of float, shape (stages,)
        Default probability of each stage, in [0, 1].
    prior_weight : float
        Weight ``k > 0`` of the defaults, in closed opportunities.
    level : float
        Mass of the credible interval, in (0, 1).

    Returns
    -------
    ConversionFit

    Notes
    -----
    An opportunity *reached* stage ``s`` when it was won or its furthest stage
    is ``s`` or later (the cumulative count CRMs' funnel reports use). With
    ``n_s`` closed opportunities that reached ``s`` and ``w_s`` of them won, the
    prior of stage ``s`` is Beta(k p_s, k (1 - p_s)), whose mean is the default
    ``p_s``; the posterior is Beta(k p_s + w_s, k (1 - p_s) + n_s - w_s), and the
    probability is its mean

    .. math:: \\hat p_s = \\frac{w_s + k\\,p_s}{n_s + k},

    the default when ``n_s = 0`` and the observed rate ``w_s / n_s`` as
    ``n_s`` grows. The interval holds the central ``level`` of the posterior
    (a posterior with a zero parameter is a point mass at 0 or 1); with little
    data and a default near 0 or 1 the posterior is so skewed that its mean may
    lie outside that interval.

    Examples
    --------
    Ten closed deals: four won, six lost (two after stage 0, four after stage 1):

    >>> fit = smoothed_win_rates([1, 1, 1, 1, 0, 0, 1, 1, 1, 1],
    ...     [True] * 4 + [False] * 6, [0.2, 0.5], prior_weight=10)
    >>> fit.reached.tolist(), fit.won.tolist()
    ([10, 8], [4, 4])
    >>> fit.probability.round(4).tolist()  # (4 + 2) / 20, (4 + 5) / 18
    [0.3, 0.5]
    """
    far = _ints("furthest", furthest)
    win = as_flags(won, "won")
    if win.shape != far.shape:
        raise InvalidInputError("expected booleans, one per opportunity", field="won")
    p0 = finite("prior", prior)
    if p0.ndim != 1 or p0.size == 0 or ((p0 < 0) | (p0 > 1)).any():
        raise InvalidInputError("expected one probability in [0, 1] per stage", field="prior")
    k = as_number(prior_weight, "prior_weight", finite=False)
    if not np.isfinite(k) or k <= 0:
        raise InvalidInputError("expected a finite weight above 0", field="prior_weight", value=k)
    if not 0 < as_number(level, "level") < 1:
        raise InvalidInputError("expected a level in (0, 1)", field="level", value=level)
    stages = p0.size
    if far.size and (far.min() < -1 or far.max() >= stages):
        raise InvalidInputError(f"expected stages -1..{stages - 1}", field="furthest")
    lost_at = np.bincount(far[~win] + 1, minlength=stages + 1)[1:]  # lost, by furthest stage
    lost_reached = np.cumsum(lost_at[::-1])[::-1]  # lost that reached stage s or later
    n_won = np.full(stages, int(win.sum()), dtype=np.int64)
    reached = (n_won + lost_reached).astype(np.int64)
    a = k * p0 + n_won
    b = k * (1.0 - p0) + (reached - n_won)
    low, high = _beta_interval(a, b, level)
    return ConversionFit(reached=reached, won=n_won, probability=a / (a + b), low=low, high=high)


def _beta_interval(a: Float, b: Float, level: float) -> tuple[Float, Float]:
    from scipy import special

    tail = (1.0 - level) / 2.0
    safe_a, safe_b = np.where(a > 0, a, 1.0), np.where(b > 0, b, 1.0)
    bounds = []
    for q in (tail, 1.0 - tail):
        x = np.asarray(special.betaincinv(safe_a, safe_b, q), dtype=np.float64)
        # Older scipy gives NaN for a parameter near the smallest float (a default probability
        # of 5e-324): the mass then sits at the end of the smaller parameter.
        x = np.where(np.isnan(x), np.where(safe_a < safe_b, 0.0, 1.0), x)
        bounds.append(np.where(a <= 0, 0.0, np.where(b <= 0, 1.0, x)))
    return bounds[0], bounds[1]


@attrs.frozen(kw_only=True)
class StageDurations:
    """Per stage: completed spells, their mean and percentiles of days (NaN where none)."""

    count: Int
    mean: Float
    percentiles: Float  # shape (stages, len(q))
    q: tuple[float, ...]


def spell_lengths(
    stage: ArrayLike, days: ArrayLike, stages: int, q: tuple[float, ...] = (50.0, 90.0)
) -> StageDurations:
    """Days spent in each stage over completed spells (entered, then left for another stage).

    Parameters
    ----------
    stage : array of int, shape (m,)
        Stage of each completed spell (0-based).
    days : array of int, shape (m,)
        Its length in days (left minus entered, at least 0).
    stages : int
        Number of stages.
    q : tuple of float
        Percentiles to report (numpy's default, linear, definition).

    Returns
    -------
    StageDurations
        ``mean`` and ``percentiles`` are NaN for a stage without completed spells
        (its ``count`` is 0).

    Examples
    --------
    >>> t = spell_lengths([0, 0, 0, 1], [10, 20, 60, 5], 3)
    >>> t.count.tolist(), t.mean.tolist()[:2], t.percentiles[0].tolist()
    ([3, 1, 0], [30.0, 5.0], [20.0, 52.0])
    """
    stages = check_count(stages, "stages", limit="MAX_TABLE_CELLS", maximum=MAX_TABLE_CELLS)
    s, d = _ints("stage", stage), _ints("days", days)
    if s.shape != d.shape:
        raise InvalidInputError("expected one length per spell", field="days")
    if s.size and (s.min() < 0 or s.max() >= stages or d.min() < 0):
        raise InvalidInputError(f"expected stages 0..{stages - 1} and days >= 0", field="stage")
    if any(not 0 <= x <= 100 for x in q):
        raise InvalidInputError("percentiles must be in [0, 100]", field="q", value=q)
    count = np.bincount(s, minlength=stages).astype(np.int64)
    total = np.bincount(s, weights=d.astype(np.float64), minlength=stages)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    key = s.astype(np.int16) if stages <= np.iinfo(np.int16).max else s
    order = np.argsort(key, kind="stable")  # grouped by stage (a radix sort of small ints)
    edges = np.concatenate(([0], np.cumsum(count)))
    grouped = d[order].astype(np.float64)
    pct = np.full((stages, len(q)), np.nan)
    for j in np.flatnonzero(count):  # one percentile call (a partition) per stage, not per row
        pct[j] = np.percentile(grouped[edges[j] : edges[j + 1]], q)
    return StageDurations(count=count, mean=mean, percentiles=pct, q=tuple(float(x) for x in q))


def aging_days(
    created: ArrayLike, entered: ArrayLike, close: ArrayLike, as_of: int
) -> tuple[Int, Int, Int]:
    """Age, days in the current stage and days past the expected close, at day ``as_of``.

    Parameters
    ----------
    created, entered, close : array of int, shape (n,)
        Day numbers of creation, of entering the current stage, of the expected close.
    as_of : int
        The day of the view.

    Returns
    -------
    age, in_stage, overdue : arrays of int
        ``as_of - created``, ``as_of - entered`` and ``max(as_of - close, 0)``.

    Examples
    --------
    >>> [a.tolist() for a in aging_days([0, 10], [5, 40], [30, 90], 60)]
    [[60, 50], [55, 20], [30, 0]]
    """
    as_of = as_day(as_of, "as_of")
    c, e, x = _ints("created", created), _ints("entered", entered), _ints("close", close)
    if not c.shape == e.shape == x.shape:
        raise InvalidInputError("expected arrays of one length", field="entered")
    if ((e < c) | (e > as_of) | (c > as_of)).any():
        raise InvalidInputError("expected created <= entered <= as_of", field="entered")
    return as_of - c, as_of - e, np.maximum(as_of - x, 0)


@attrs.frozen(kw_only=True)
class VelocityParts:
    """The four inputs of pipeline velocity and the velocity itself (value per day)."""

    opportunities: int
    average_value: float
    win_rate: float
    cycle_days: float
    velocity: float


def sales_velocity(
    open_count: int, won_values: ArrayLike, won_cycle_days: ArrayLike, lost_count: int
) -> VelocityParts:
    """Pipeline velocity: open opportunities x average won value x win rate / cycle length.

    Parameters
    ----------
    open_count : int
        Open opportunities.
    won_values : array of float, shape (w,)
        Values of the won opportunities of the look-back window.
    won_cycle_days : array of int, shape (w,)
        Their days from creation to won.
    lost_count : int
        Opportunities lost in the window.

    Returns
    -------
    VelocityParts
        ``win_rate`` = won / (won + lost); ``cycle_days`` the mean cycle of the
        won; ``velocity`` in value per day. HubSpot's sales-velocity equation
        (number of opportunities x average deal value x win rate / length of the
        sales cycle).

    Raises
    ------
    InvalidInputError
        No won opportunity in the window (no average value, no cycle), or a
        mean cycle of 0 days.

    Examples
    --------
    18 open, six won of 25 closed (24 %) at 42,000 on average in 78 days:

    >>> v = sales_velocity(18, [42_000.0] * 6, [78] * 6, 19)
    >>> round(v.velocity, 2)  # 18 x 42,000 x 0.24 / 78
    2326.15
    """
    values = finite("won_values", won_values)
    cycle = _ints("won_cycle_days", won_cycle_days)
    if values.ndim != 1 or values.shape != cycle.shape:
        raise InvalidInputError("expected one cycle per won value", field="won_cycle_days")
    for name, count in (("open_count", open_count), ("lost_count", lost_count)):
        check_count(count, name, limit="2**53", maximum=2**53, low=0)
    if (cycle < 0).any():
        raise InvalidInputError("expected cycles >= 0 days", field="won_cycle_days")
    if values.size == 0:
        msg = "no won opportunity in the window: no average value and no cycle length"
        raise InvalidInputError(msg, field="won_values")
    mean_cycle = float(cycle.mean())
    if mean_cycle == 0:
        msg = "the won closed on the day they were created"
        raise InvalidInputError(msg, field="won_cycle_days")
    win_rate = values.size / (values.size + lost_count)
    average = float(values.mean())
    return VelocityParts(
        opportunities=int(open_count),
        average_value=average,
        win_rate=win_rate,
        cycle_days=mean_cycle,
        velocity=open_count * average * win_rate / mean_cycle,
    )
