"""Scenarios (pessimistic / base / optimistic) and one-at-a-time sensitivity (tornado)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, overload

import attrs
import numpy as np

from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping
from clientel.errors import InvalidInputError
from clientel.planning._records import fields_row
from clientel.planning.kernels._discount import Timing, npv
from clientel.planning.kernels._model import Model, evaluate, one_at_a_time

__all__ = ["ScenarioResult", "Tornado", "TornadoBar", "scenarios", "tornado"]

_NAMES = ("pessimistic", "base", "optimistic")


@attrs.frozen(kw_only=True, repr=False)
class ScenarioResult(TableDisplay):
    """NPV and total margin of one scenario, with the driver values used."""

    name: str
    drivers: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    npv: float
    margin: float
    _display_title = "Scenario"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: scenario name, driver values (``drivers.<name>`` in a frame), NPV, margin."""
        return [fields_row(self)]


@attrs.frozen(kw_only=True, repr=False)
class TornadoBar(TableDisplay):
    """NPV with one driver at its low and at its high value, the others at base."""

    driver: str
    low_value: float
    high_value: float
    npv_low: float
    npv_high: float
    swing: float
    _display_title = "Tornado bar"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: the driver, its low and high values, the NPVs and the swing."""
        return [fields_row(self)]


@attrs.frozen(kw_only=True, repr=False)
class Tornado(TableDisplay):
    """One-at-a-time sensitivity of NPV: the bars, widest swing first, and the base case.

    Iterates, indexes and has a length like the tuple of its
    :class:`TornadoBar`; ``base`` is the NPV with every driver at base and
    ``currency`` the currency of the model's flows, when given.
    """

    bars: tuple[TornadoBar, ...]
    base: float
    currency: str | None = None
    _display_title = "Tornado"

    def __repr__(self) -> str:
        drivers = ", ".join(b.driver for b in self.bars[:3]) + (", …" if len(self.bars) > 3 else "")
        return f"<Tornado base NPV {self.base:.4g}: {len(self.bars)} drivers ({drivers})>"

    def __iter__(self) -> Iterator[TornadoBar]:
        return iter(self.bars)

    def __len__(self) -> int:
        return len(self.bars)

    @overload
    def __getitem__(self, index: int) -> TornadoBar: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[TornadoBar, ...]: ...
    def __getitem__(self, index: int | slice) -> TornadoBar | tuple[TornadoBar, ...]:
        return self.bars[index]

    def plot(self, ax: Any = None) -> Any:
        """The tornado chart: NPV range per driver, widest on top, base case marked (2.4.6).

        Calls :func:`clientel.plots.plot_tornado` on ``ax`` (a new figure's
        axes by default) and returns the axes; matplotlib, the
        ``clientel[plot]`` extra, is imported only by this call. The driver's
        low and high values are written at the ends of its bar.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.

        Examples
        --------
        >>> def model(v):
        ...     m = v["volume"] * (1 - v["cost_ratio"])
        ...     return np.column_stack([np.full_like(m, -0.4), m, m, m])
        >>> t = tornado(model, {"volume": 1.0, "cost_ratio": 0.75},
        ...             {"volume": 0.7, "cost_ratio": 0.9}, {"volume": 1.2, "cost_ratio": 0.7},
        ...             rate=0.08, currency="MEUR")
        >>> ax = t.plot()
        >>> ax.get_xlabel(), [x.get_text() for x in ax.get_yticklabels()]
        ('NPV (MEUR)', ['cost_ratio', 'volume'])
        """
        from clientel.plots import plot_tornado

        bars = self.bars
        return plot_tornado(
            [b.driver for b in bars],
            [b.npv_low for b in bars],
            [b.npv_high for b in bars],
            self.base,
            currency=self.currency,
            low_labels=[f"{b.low_value:g}" for b in bars],
            high_labels=[f"{b.high_value:g}" for b in bars],
            ax=ax,
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per driver, widest swing first, with the base NPV."""
        return [{**fields_row(b), "npv_base": self.base} for b in self.bars]


def _ranges(
    base: Mapping[str, float], low: Mapping[str, float], high: Mapping[str, float]
) -> list[str]:
    if not base:
        raise InvalidInputError("expected at least one driver", field="base")
    names = sorted(base)
    for label, other in (("low", low), ("high", high)):
        if set(other) != set(base):
            diff = sorted(set(other) ^ set(base))
            raise InvalidInputError(f"drivers differ from base: {diff}", field=label)
    for k in names:
        if not all(np.isfinite((low[k], base[k], high[k]))):
            raise InvalidInputError("values must be finite", field=f"drivers[{k}]")
    return names


def scenarios(
    model: Model,
    base: Mapping[str, float],
    pessimistic: Mapping[str, float],
    optimistic: Mapping[str, float],
    *,
    rate: float,
    timing: Timing = "start",
) -> tuple[ScenarioResult, ...]:
    """NPV and margin of the pessimistic, base and optimistic cases in one model call.

    ``model(values) -> flows`` maps driver arrays to margin flows (rows x periods),
    as for :func:`clientel.planning.simulate`.

    Parameters
    ----------
    model : callable
        ``model(values) -> flows``, vectorised over rows (here three).
    base, pessimistic, optimistic : mapping of str to float
        Driver name -> value in each case (the same names in all three).
    rate : float
        Discount rate per period (> -1).
    timing : {"start", "end"}
        Whether the first flow is at t = 0 (``"start"``) or t = 1.

    Returns
    -------
    tuple of ScenarioResult
        Pessimistic, base and optimistic, each with its NPV and total margin.

    Examples
    --------
    >>> def model(v):
    ...     m = v["volume"] * (1 - v["cost_ratio"])
    ...     return np.column_stack([np.full_like(m, -0.4), m, m, m])
    >>> out = scenarios(model, {"volume": 1.0, "cost_ratio": 0.75},
    ...                 {"volume": 0.7, "cost_ratio": 0.9}, {"volume": 1.2, "cost_ratio": 0.7},
    ...                 rate=0.08)
    >>> [(s.name, round(s.npv, 3)) for s in out]
    [('pessimistic', -0.22), ('base', 0.244), ('optimistic', 0.528)]
    """
    names = _ranges(base, pessimistic, optimistic)
    cases = (pessimistic, base, optimistic)
    rows = {k: np.array([c[k] for c in cases], dtype=np.float64) for k in names}
    flows = evaluate(model, rows, len(cases))
    values = np.asarray(npv(rate, flows, timing=timing))
    return tuple(
        ScenarioResult(name=_NAMES[i], drivers={k: float(cases[i][k]) for k in names},
                       npv=float(values[i]), margin=float(flows[i].sum()))
        for i in range(3)
    )  # fmt: skip


def tornado(
    model: Model,
    base: Mapping[str, float],
    low: Mapping[str, float],
    high: Mapping[str, float],
    *,
    rate: float,
    timing: Timing = "start",
    currency: str | None = None,
) -> Tornado:
    """One-at-a-time sensitivity of NPV: widest swing first (ties by driver name).

    All ``1 + 2k`` cases (base, then each driver low and high) are evaluated in
    one model call. ``swing = |npv_high - npv_low|``.

    Parameters
    ----------
    model : callable
        ``model(values) -> flows``: driver arrays to margin flows (rows x periods).
    base, low, high : mapping of str to float
        Each driver's base, low and high value (the same drivers in each).
    rate : float
        Discount rate per period.
    timing : {"start", "end"}
        Whether the first flow is at t = 0 (``"start"``) or at the end of period 1.
    currency : str, optional
        Currency of the flows, kept for the chart's axis.

    Returns
    -------
    Tornado
        The bars (a :class:`TornadoBar` per driver, widest swing first; the
        result iterates and indexes like a tuple of them), the base NPV and
        the currency. ``.plot()`` draws the tornado chart.

    Raises
    ------
    InvalidInputError
        No driver, drivers that differ between base, low and high, or values
        that are not finite (named).

    Examples
    --------
    >>> def model(v):
    ...     m = v["volume"] * (1 - v["cost_ratio"])
    ...     return np.column_stack([np.full_like(m, -0.4), m, m, m])
    >>> bars = tornado(model, {"volume": 1.0, "cost_ratio": 0.75},
    ...                {"volume": 0.7, "cost_ratio": 0.9}, {"volume": 1.2, "cost_ratio": 0.7},
    ...                rate=0.08)
    >>> [(b.driver, round(b.swing, 3)) for b in bars]
    [('cost_ratio', 0.515), ('volume', 0.322)]
    """
    names = _ranges(base, low, high)
    k = len(names)
    grid = one_at_a_time(*(np.array([v[n] for n in names], dtype=np.float64)
                           for v in (base, low, high)))  # fmt: skip
    rows = {n: grid[:, j] for j, n in enumerate(names)}
    values = np.asarray(npv(rate, evaluate(model, rows, 1 + 2 * k), timing=timing))
    lo, hi = values[1::2], values[2::2]
    swing = np.abs(hi - lo)
    order = sorted(range(k), key=lambda j: (-swing[j], names[j]))
    bars = tuple(
        TornadoBar(driver=names[j], low_value=float(low[names[j]]),
                   high_value=float(high[names[j]]), npv_low=float(lo[j]),
                   npv_high=float(hi[j]), swing=float(swing[j]))
        for j in order
    )  # fmt: skip
    return Tornado(bars=bars, base=float(values[0]), currency=currency)
