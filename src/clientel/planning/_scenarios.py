"""Scenarios (pessimistic / base / optimistic) and one-at-a-time sensitivity (tornado)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.validators import frozen_mapping
from clientel.errors import InvalidInputError
from clientel.planning._cashflow import Timing, npv

__all__ = ["ScenarioResult", "TornadoBar", "scenarios", "tornado"]

Float = NDArray[np.float64]
Model = Callable[[Mapping[str, Float]], ArrayLike]
_NAMES = ("pessimistic", "base", "optimistic")


@attrs.frozen(kw_only=True)
class ScenarioResult:
    """NPV and total margin of one scenario, with the driver values used."""

    name: str
    drivers: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    npv: float
    margin: float


@attrs.frozen(kw_only=True)
class TornadoBar:
    """NPV with one driver at its low and at its high value, the others at base."""

    driver: str
    low_value: float
    high_value: float
    npv_low: float
    npv_high: float
    swing: float


def _evaluate(model: Model, rows: dict[str, Float]) -> Float:
    n = len(next(iter(rows.values())))
    flows = np.asarray(model(rows), dtype=np.float64)
    if flows.ndim != 2 or flows.shape[0] != n or not np.isfinite(flows).all():
        msg = f"model must return finite flows of shape ({n}, periods)"
        raise InvalidInputError(msg, field="model", value=flows.shape)
    return flows


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
    flows = _evaluate(model, rows)
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
    grid = np.tile(np.array([base[n] for n in names], dtype=np.float64), (1 + 2 * k, 1))
    idx = np.arange(k)
    grid[1 + 2 * idx, idx] = [low[n] for n in names]
    grid[2 + 2 * idx, idx] = [high[n] for n in names]
    rows = {n: grid[:, j] for j, n in enumerate(names)}
    values = np.asarray(npv(rate, _evaluate(model, rows), timing=timing))
    lo, hi = values[1::2], values[2::2]
    swing = np.abs(hi - lo)
    order = sorted(range(k), key=lambda j: (-swing[j], names[j]))
    return tuple(
        TornadoBar(driver=names[j], low_value=float(low[names[j]]),
                   high_value=float(high[names[j]]), npv_low=float(lo[j]),
                   npv_high=float(hi[j]), swing=float(swing[j]))
        for j in order
    )  # fmt: skip
