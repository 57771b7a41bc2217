"""Seeded Monte Carlo over uncertain drivers: chunk-invariant, memory flat in the draws.

The draws come from :func:`clientel.planning.kernels.sample_drivers` (fixed
random-number blocks, one stream per block, Gaussian copula), so a result never
depends on the chunk size used to evaluate the model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike

from clientel._internal.display import TableDisplay
from clientel._internal.limits import MAX_SIMULATION_DRAWS, check_count
from clientel._internal.validators import frozen_mapping
from clientel.errors import InvalidInputError
from clientel.planning.kernels import BLOCK, sample_drivers
from clientel.planning.kernels._discount import Timing, npv
from clientel.planning.kernels._model import Model, evaluate
from clientel.planning.kernels._sampling import Distribution, check_drivers, copula_factor
from clientel.planning.kernels._streaming import (
    DrawCounts,
    DrawSums,
    DrawValues,
    draw_counts,
    draw_sums,
    draw_values,
    selection_bins,
    summaries,
)

__all__ = ["SimulationResult", "Summary", "simulate", "simulate_range", "simulation_result"]

#: Draws up to which ``simulate`` keeps every draw's two outputs (16 bytes a draw, 256 MiB
#: here) and gives exact percentiles in one pass; above, two passes and a histogram.
EXACT_DRAWS = 1 << 24


@attrs.frozen(kw_only=True, repr=False)
class Summary(TableDisplay):
    """Distribution of one simulated output.

    ``percentiles`` follow numpy's default (linear) definition and are the
    exact sample percentiles (``np.percentile`` of the draws' outputs) when the
    outputs were kept: by ``simulate`` up to 2**24 draws (or with
    ``exact=True``). Otherwise each order statistic is read from a 65,536-bin
    histogram between the minimum and the maximum and is within
    (max - min) / 65536 of the exact one. Mean and sd come from block-wise sums
    (independent of the chunking).
    """

    mean: float
    sd: float
    minimum: float
    maximum: float
    percentiles: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    probability_below_zero: float
    _display_title = "Simulated output"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: mean, sd, extremes, each percentile and the probability below zero."""
        return [_summary_row(self)]

    def _brief(self) -> str:
        return f"mean={self.mean:.4g}, sd={self.sd:.4g}, P(<0)={self.probability_below_zero:.4g}"


def _summary_row(s: Summary) -> dict[str, Any]:
    return {
        "mean": s.mean,
        "sd": s.sd,
        "minimum": s.minimum,
        "maximum": s.maximum,
        **s.percentiles,
        "probability_below_zero": s.probability_below_zero,
    }


@attrs.frozen(kw_only=True, repr=False)
class SimulationResult(TableDisplay):
    """NPV and margin distributions of a simulation.

    Shows as a two-row table (NPV, margin) in a notebook; the repr gives the
    number of draws, the seed, and each output's mean, sd and probability below zero.
    """

    draws: int
    seed: int
    npv: Summary
    margin: Summary
    _display_title = "Simulation"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per output (``npv``, ``margin``) with its summary."""
        return [
            {"output": name, "draws": self.draws, **_summary_row(s)}
            for name, s in (("npv", self.npv), ("margin", self.margin))
        ]

    def __repr__(self) -> str:
        return (
            f"SimulationResult(draws={self.draws}, seed={self.seed}, "
            f"npv=({self.npv._brief()}), margin=({self.margin._brief()}))"
        )


def simulate(
    model: Model,
    drivers: Sequence[Distribution],
    *,
    rate: float,
    draws: int,
    seed: int,
    timing: Timing = "start",
    correlation: ArrayLike | None = None,
    chunk_size: int = 65_536,
    percentiles: Sequence[float] = (5, 10, 50, 90, 95),
    exact: bool | None = None,
) -> SimulationResult:
    """Monte Carlo of a cash-flow model: NPV and total-margin distributions.

    Parameters
    ----------
    model : callable
        ``model(values) -> flows``: given a mapping driver name -> array of draws,
        return the margin cash flows, shape (draws, periods), vectorised.
    drivers : sequence of Distribution
        The uncertain drivers (unique names).
    rate, timing : float, {"start", "end"}
        Discounting of the flows (see :func:`clientel.planning.npv`).
    draws, seed : int
        Number of draws and the seed: same seed, same numbers.
    correlation : array_like, optional
        Driver correlation matrix (Gaussian copula), in the order of ``drivers``.
    chunk_size : int
        Draws evaluated at once; only memory depends on it, never the results.
    percentiles : sequence of float
        The percentiles reported in each summary, in [0, 100] (numpy's default
        "linear" definition).
    exact : bool, optional
        ``True``: one pass keeping every draw's NPV and margin (16 bytes a
        draw), exact percentiles, for at most 2**24 draws
        (``LimitExceededError`` above). ``False``: two passes with memory flat in
        ``draws`` (the model evaluated twice per draw), percentiles within
        (max - min) / 65536. ``None`` (default): exact up to 2**24 draws.

    Returns
    -------
    SimulationResult
        ``npv`` and ``margin`` summaries; ``probability_below_zero`` of ``npv``
        is the probability of a loss.

    Raises
    ------
    InvalidInputError
        A percentile outside [0, 100], bad drivers, ``draws``, ``correlation``,
        ``exact`` or flows from the model (named).

    Notes
    -----
    Up to 2**24 draws (or with ``exact=True``) the model is evaluated once per
    draw and the outputs are kept for exact percentiles. Above (or with
    ``exact=False``) it is evaluated twice per draw, the second pass filling a
    histogram between the minimum and maximum found by the first, so memory
    stays flat in ``draws``. Mean, sd, extremes and the probability below zero
    are the same numbers either way (financial impact of options, step 2.4.6).

    .. versionchanged:: 0.2.0
       One pass and exact percentiles up to 2**24 draws; ``exact``.

    Examples
    --------
    A renewal worth 1.0 M a year for 3 years, volume PERT(0.7, 1.0, 1.2), cost
    ratio triangular(0.70, 0.75, 0.90), after a 0.4 M investment. With
    independent drivers the expected margin is 0.98333 x 0.21667 = 0.2131 a
    year, so the expected NPV is -0.4 + 0.2131 x 2.5771 = 0.149:

    >>> def model(v):
    ...     margin = 1.0 * v["volume"] * (1 - v["cost_ratio"])
    ...     return np.column_stack([np.full_like(margin, -0.4), margin, margin, margin])
    >>> res = simulate(model, [Distribution.pert("volume", 0.7, 1.0, 1.2),
    ...                        Distribution.triangular("cost_ratio", 0.70, 0.75, 0.90)],
    ...                rate=0.08, draws=20_000, seed=42)
    >>> round(res.npv.mean, 2), round(res.npv.probability_below_zero, 2)
    (0.15, 0.12)
    """
    check_count(draws, "draws", limit="MAX_SIMULATION_DRAWS", maximum=MAX_SIMULATION_DRAWS)
    _check(drivers, seed, rate, timing, correlation, chunk_size)
    if any(not 0 <= q <= 100 for q in percentiles):
        raise InvalidInputError("percentiles must be in [0, 100]", field="percentiles")
    if exact is not None and not isinstance(exact, bool):
        raise InvalidInputError("expected True, False or None", field="exact", value=exact)
    if exact is True:  # every draw kept: the memory cap of a kept result (16 bytes a draw)
        check_count(draws, "draws", limit="EXACT_DRAWS", maximum=EXACT_DRAWS)
    keep = draws <= EXACT_DRAWS if exact is None else exact
    args: dict[str, Any] = {"rate": rate, "seed": seed, "timing": timing,
                            "correlation": correlation, "chunk_size": chunk_size}  # fmt: skip
    sums = simulate_range(model, drivers, start=0, stop=draws, keep_values=keep, **args)
    assert isinstance(sums, DrawSums)
    if keep:
        return simulation_result(sums, percentiles=percentiles)
    counts = simulate_range(model, drivers, start=0, stop=draws, sums=sums, **args)
    assert isinstance(counts, DrawCounts)
    return simulation_result(sums, counts, percentiles=percentiles)


def _check(
    drivers: Sequence[Distribution],
    seed: int,
    rate: float,
    timing: Timing,
    correlation: ArrayLike | None,
    chunk_size: int,
) -> None:
    check_drivers(drivers, seed)
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise InvalidInputError("expected chunk_size >= 1", field="chunk_size", value=chunk_size)
    copula_factor(correlation, len(drivers))
    npv(rate, [0.0], timing=timing)  # validates rate and timing before any work


def simulate_range(
    model: Model,
    drivers: Sequence[Distribution],
    *,
    rate: float,
    seed: int,
    start: int,
    stop: int,
    sums: DrawSums | None = None,
    timing: Timing = "start",
    correlation: ArrayLike | None = None,
    chunk_size: int = 65_536,
    keep_values: bool = False,
    counts: DrawCounts | None = None,
    percentiles: Sequence[float] = (5, 10, 50, 90, 95),
) -> DrawSums | DrawCounts | DrawValues:
    """One partition's share of a simulation: draws ``start`` to ``stop - 1``, one pass.

    Without ``sums`` this is pass one (:class:`~clientel.planning.kernels.DrawSums`:
    per-block sums and extremes, and with ``keep_values`` the range's outputs,
    16 bytes a draw, for exact percentiles without a second pass); with the
    merged pass-one sums of *all* ranges it is pass two
    (:class:`~clientel.planning.kernels.DrawCounts`: histogram counts). Merge
    each pass's partial results in any order (``.merge``) and finish with
    :func:`simulation_result`: the numbers of :func:`simulate` over all draws
    (with ``exact`` as the values were kept), whatever the split. A range
    starts on a multiple of :data:`clientel.planning.kernels.BLOCK` (4,096
    draws); only the last may end inside a block.

    .. versionchanged:: 0.2.0
       ``keep_values``.

    Parameters
    ----------
    model, drivers, rate, seed, timing, correlation, chunk_size
        As for :func:`simulate`; the same in every range of one simulation.
    start, stop : int
        The draws of this range, ``0 <= start < stop``.
    sums : DrawSums, optional
        The merged pass-one sums of all ranges (pass two); ``None`` for pass one.
    keep_values : bool
        Pass one keeps the range's NPVs and margins (exact percentiles, no
        second pass); ignored in pass two.
    counts, percentiles : DrawCounts, sequence of float, optional
        With ``sums``, pass two's counts merged over all ranges: pass three,
        the draws inside the histogram bins that hold ``percentiles``
        (:class:`~clientel.planning.kernels.DrawValues`), for exact percentiles
        in flat memory (what ``clientel.dask`` runs).

    Returns
    -------
    DrawSums, DrawCounts or DrawValues
        Pass one's sums without ``sums``, pass two's counts with it, pass
        three's kept draws with ``counts`` too.

    Raises
    ------
    InvalidInputError
        ``start`` and ``stop`` not integers with ``0 <= start < stop``,
        ``start`` not on a block boundary, or ``keep_values`` not a bool.

    Examples
    --------
    >>> def model(v):
    ...     margin = v["volume"] * (1 - v["cost_ratio"])
    ...     return np.column_stack([np.full_like(margin, -0.4), margin, margin, margin])
    >>> drivers = [Distribution.pert("volume", 0.7, 1.0, 1.2),
    ...            Distribution.triangular("cost_ratio", 0.70, 0.75, 0.90)]
    >>> ranges = [(0, 8192), (8192, 20_000)]
    >>> sums = [simulate_range(model, drivers, rate=0.08, seed=42, start=a, stop=b,
    ...                        keep_values=True) for a, b in ranges]
    >>> split = simulation_result(sums[1].merge(sums[0]))
    >>> split == simulate(model, drivers, rate=0.08, draws=20_000, seed=42)
    True

    Memory flat in the draws: two passes, the second given the merged sums.

    >>> sums = [simulate_range(model, drivers, rate=0.08, seed=42, start=a, stop=b)
    ...         for a, b in ranges]
    >>> merged = sums[1].merge(sums[0])
    >>> counts = [simulate_range(model, drivers, rate=0.08, seed=42, start=a, stop=b,
    ...                          sums=merged) for a, b in ranges]
    >>> split = simulation_result(merged, counts[0].merge(counts[1]))
    >>> split == simulate(model, drivers, rate=0.08, draws=20_000, seed=42, exact=False)
    True
    """
    _check(drivers, seed, rate, timing, correlation, chunk_size)
    if isinstance(start, bool) or not isinstance(start, int) or not 0 <= start < stop:
        raise InvalidInputError("expected integers 0 <= start < stop", field="start", value=start)
    if start % BLOCK:
        msg = f"a range of draws starts on a multiple of {BLOCK}"
        raise InvalidInputError(msg, field="start", value=start)
    if not isinstance(keep_values, bool):
        raise InvalidInputError("expected True or False", field="keep_values", value=keep_values)
    if counts is not None and sums is None:
        raise InvalidInputError("the third pass needs the merged sums too", field="sums")
    keys = None if counts is None else selection_bins(counts, _percentiles(percentiles))
    step = max(BLOCK, chunk_size // BLOCK * BLOCK)
    kept = np.empty((2, stop - start)) if keep_values and sums is None else None
    out: Any = None
    for a in range(start, stop, step):  # chunks of whole blocks: memory flat in the draws
        n = min(step, stop - a)
        values = sample_drivers(drivers, n, seed=seed, start=a, correlation=correlation)
        flows = evaluate(model, values, n)
        x = np.empty((2, n)) if kept is None else kept[:, a - start : a - start + n]
        x[0] = npv(rate, flows, timing=timing)
        flows.sum(axis=1, out=x[1])
        part: Any
        if sums is None:
            part = draw_sums(x, start=a, seed=seed, block=BLOCK)
        elif keys is None:
            part = draw_counts(x, sums)
        else:
            part = draw_values(x, sums, keys)
        out = part if out is None else out.merge(part)
    if kept is not None:
        kept.flags.writeable = False  # the record keeps it without a copy
        out = attrs.evolve(out, values=kept)
    result: DrawSums | DrawCounts | DrawValues = out
    return result


def _percentiles(percentiles: Sequence[float]) -> Sequence[float]:
    if any(not 0 <= q <= 100 for q in percentiles):
        raise InvalidInputError("percentiles must be in [0, 100]", field="percentiles")
    return percentiles


def simulation_result(
    sums: DrawSums,
    counts: DrawCounts | None = None,
    values: DrawValues | None = None,
    *,
    percentiles: Sequence[float] = (5, 10, 50, 90, 95),
) -> SimulationResult:
    """The NPV and margin summaries from the merged partial results of all draws.

    ``sums`` that kept their values (``simulate_range(..., keep_values=True)``)
    give exact percentiles and need no ``counts``; otherwise pass the merged
    second-pass ``counts`` (histogram percentiles).

    .. versionchanged:: 0.2.0
       ``counts`` is optional: not needed when ``sums`` kept the values.

    Parameters
    ----------
    sums : DrawSums
        Pass one's sums merged over all ranges.
    counts : DrawCounts, optional
        Pass two's counts merged over all ranges (not needed when ``sums``
        kept the values).
    values : DrawValues, optional
        Pass three's kept draws merged over all ranges (with ``counts``):
        exact percentiles in flat memory, the numbers of kept values.
    percentiles : sequence of float
        The percentiles reported in each summary, in [0, 100].

    Returns
    -------
    SimulationResult
        What :func:`simulate` returns for the same draws.

    Raises
    ------
    InvalidInputError
        A percentile outside [0, 100], draws missing from ``sums``, or no
        ``counts`` for sums without values (named).

    Examples
    --------
    A simulation in one range of 4,096 draws, finished by hand:

    >>> def model(v):
    ...     margin = v["volume"] * 0.25
    ...     return np.column_stack([np.full_like(margin, -0.4), margin, margin, margin])
    >>> drivers = [Distribution.pert("volume", 0.7, 1.0, 1.2)]
    >>> sums = simulate_range(model, drivers, rate=0.08, seed=7, start=0, stop=4096,
    ...                       keep_values=True)
    >>> res = simulation_result(sums)
    >>> res == simulate(model, drivers, rate=0.08, draws=4096, seed=7)
    True
    >>> round(res.npv.mean, 3)
    0.234
    """
    rows = summaries(sums, counts, _percentiles(percentiles), values)
    npv_s, margin_s = (Summary(**row) for row in rows)
    return SimulationResult(draws=sums.draws, seed=sums.seed, npv=npv_s, margin=margin_s)
