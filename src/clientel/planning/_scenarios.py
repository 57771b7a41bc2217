"""Scenarios (pessimistic / base / optimistic) and one-at-a-time sensitivity (tornado)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np

from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping
from clientel.errors import InvalidInputError
from clientel.planning._records import fields_row
from clientel.planning.kernels._discount import Timing, npv
from clientel.planning.kernels._model import Model, evaluate, one_at_a_time

__all__ = ["ScenarioResult", "TornadoBar", "scenarios", "tornado"]

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
) -> tuple[TornadoBar, ...]:
    """One-at-a-time sensitivity of NPV: widest swing first (ties by driver name).

    All ``1 + 2k`` cases (base, then each driver low and high) are evaluated in
    one model call. ``swing = |npv_high - npv_low|``.

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
    return tuple(
        TornadoBar(driver=names[j], low_value=float(low[names[j]]),
                   high_value=float(high[names[j]]), npv_low=float(lo[j]),
                   npv_high=float(hi[j]), swing=float(swing[j]))
        for j in order
    )  # fmt: skip
