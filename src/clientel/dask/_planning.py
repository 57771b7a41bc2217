"""Cash flows and simulations over dask: NPV and IRR per series, seeded Monte Carlo (2.4.2).

NPV and IRR solve each series on its own, so every block of series is a task
and the results are those of the single-process kernels. A simulation splits
its draws into ranges of whole random-number blocks; each pass runs
:func:`clientel.planning.simulate_range` on every range where a worker is free
and merges the partial results here: the numbers of
:func:`clientel.planning.simulate`, bit for bit, exact percentiles included.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.limits import MAX_SIMULATION_DRAWS, check_count
from clientel.dask._blocks import blocks, by_row, combine, matrix, offsets, one_pass, vector
from clientel.dask._require import da, dask
from clientel.errors import InvalidInputError
from clientel.planning import (
    Distribution,
    SimulationResult,
    simulate_range,
    simulation_result,
)
from clientel.planning import (
    npv as npv_kernel,
)
from clientel.planning._simulation import EXACT_DRAWS
from clientel.planning.kernels import BLOCK, IrrResult
from clientel.planning.kernels import irr as irr_kernel
from clientel.planning.kernels._discount import Timing, npv_of
from clientel.planning.kernels._model import Model

__all__ = ["irr", "irr_result", "npv", "simulate"]

F64 = NDArray[np.float64]


def _npv_block(flows: F64, rate: Any, timing: Timing, one_rate: bool | None = None) -> F64:
    out: Any = npv_of(rate, flows, timing=timing, one_rate=one_rate) if flows.shape[0] else []
    return np.asarray(out, dtype=np.float64).reshape(-1)


def _npv_one(flows: F64, start: int, rate: float, timing: Timing) -> F64:
    return _npv_block(flows, rate, timing)


def _npv_rates(flows: F64, rates: F64, timing: Timing, one_rate: bool) -> F64:
    return _npv_block(flows, rates[:, 0], timing, one_rate)


def npv(rate: Any, flows: Any, *, timing: Timing = "start") -> Any:
    """NPV of every series (row of ``flows``), lazily: one value per row.

    Parameters
    ----------
    rate : float or dask array
        One rate for all series or one per series (a dask array or sequence,
        chunked as the rows of ``flows``).
    flows : dask array, shape (series, periods)
        Cash flows, the first at t = 0 (``timing="start"``).
    timing : {"start", "end"}
        As :func:`clientel.planning.npv`.

    Returns
    -------
    dask array
        Chunked as the rows of ``flows``; the numbers of :func:`clientel.planning.npv`.

    Examples
    --------
    >>> import dask.array as da
    >>> npv(0.1, da.from_array([[-100.0, 110.0], [-100.0, 121.0]], chunks=1)).compute().round(6)
    array([ 0., 10.])
    """
    F = matrix(flows)
    if np.ndim(rate) == 0 and not isinstance(rate, da.Array):
        npv_kernel(rate, [0.0], timing=timing)  # the rate's and timing's errors, before any work
        return by_row(_npv_one, F, rate=rate, timing=timing)
    npv_kernel(0.0, [0.0], timing=timing)
    r = vector(rate, "rate", F.chunks[0]).astype(np.float64)
    low, high = dask.compute(r.min(), r.max()) if r.shape[0] else (0.0, 0.0)
    one_rate = bool(low == high)  # as the whole table would: one rate where all are equal
    return da.map_blocks(_npv_rates, F, r[:, None], timing=timing, one_rate=one_rate,
                         drop_axis=1, dtype=np.float64, meta=np.empty(0))  # fmt: skip


def _irr_block(flows: F64, offset: int, tol: float, maxiter: int) -> IrrResult:
    return irr_kernel(flows, tol=tol, maxiter=maxiter, offset=offset)


def irr_result(flows: Any, *, tol: float = 1e-13, maxiter: int = 200) -> IrrResult:
    """IRR, status and roots of every series, computed: one task per block, concatenated.

    The result of :func:`clientel.planning.kernels.irr` on all the series
    (each is solved on its own, so the numbers never depend on the blocks).

    Examples
    --------
    >>> import dask.array as da
    >>> res = irr_result(da.from_array([[-100.0, 110.0], [100.0, 50.0], [-100.0, 121.0]], chunks=2))
    >>> res.rate.round(6).tolist()
    [0.1, nan, 0.21]
    """
    F = matrix(flows)
    parts = one_pass(_irr_block, blocks(F), offsets(F), tol=tol, maxiter=maxiter)
    return IrrResult.concat(parts)


def _rate_block(flows: F64, start: int, tol: float, maxiter: int) -> F64:
    return irr_kernel(flows, tol=tol, maxiter=maxiter).rate.copy()


def irr(flows: Any, *, tol: float = 1e-13, maxiter: int = 200) -> Any:
    """The IRR of every series, lazily (NaN where :func:`irr_result` gives a status other than OK).

    Examples
    --------
    >>> import dask.array as da
    >>> irr(da.from_array([[-100.0, 110.0], [-100.0, 121.0]], chunks=1)).compute().round(6)
    array([0.1 , 0.21])
    """
    F = matrix(flows)
    return by_row(_rate_block, F, tol=tol, maxiter=maxiter)


def _ranges(draws: int, partitions: int | None) -> list[tuple[int, int]]:
    blocks_ = -(-draws // BLOCK)
    parts = check_count(16 if partitions is None else partitions, "partitions",
                        limit="MAX_SIMULATION_DRAWS", maximum=MAX_SIMULATION_DRAWS)  # fmt: skip
    parts = min(parts, blocks_)
    cuts = sorted({min(round(blocks_ * i / parts), blocks_) * BLOCK for i in range(parts)})
    starts = [c for c in cuts if c < draws]
    return list(zip(starts, [*starts[1:], draws], strict=True))


def _range(start: int, stop: int, model: Model, drivers: Sequence[Distribution],
           kwargs: dict[str, Any]) -> Any:  # fmt: skip
    return simulate_range(model, drivers, start=start, stop=stop, **kwargs)


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
    partitions: int | None = None,
) -> SimulationResult:
    """:func:`clientel.planning.simulate` with its draws split over the workers.

    Parameters
    ----------
    model, drivers, rate, draws, seed, timing, correlation, chunk_size, percentiles
        As :func:`clientel.planning.simulate` (``model`` must pickle for
        process workers: a module-level function).
    exact : bool, optional
        As :func:`clientel.planning.simulate` (default: exact up to 2**24
        draws). Exact percentiles take a third pass that keeps only the draws
        in the histogram bins holding them, so memory stays flat in the draws.
    partitions : int, optional
        Ranges of draws, each a task per pass (default 16); each starts on a
        multiple of :data:`clientel.planning.kernels.BLOCK`.

    Returns
    -------
    SimulationResult
        Equal to ``clientel.planning.simulate`` with the same arguments, whatever
        the partitions.

    Examples
    --------
    >>> from clientel.planning import simulate as whole
    >>> def model(v):
    ...     margin = v["volume"] * (1 - v["cost_ratio"])
    ...     return np.column_stack([np.full_like(margin, -0.4), margin, margin, margin])
    >>> drivers = [Distribution.pert("volume", 0.7, 1.0, 1.2),
    ...            Distribution.triangular("cost_ratio", 0.70, 0.75, 0.90)]
    >>> split = simulate(model, drivers, rate=0.08, draws=20_000, seed=42, partitions=3)
    >>> split == whole(model, drivers, rate=0.08, draws=20_000, seed=42)
    True
    """
    check_count(draws, "draws", limit="MAX_SIMULATION_DRAWS", maximum=MAX_SIMULATION_DRAWS)
    if exact is not None and not isinstance(exact, bool):
        raise InvalidInputError("expected True, False or None", field="exact", value=exact)
    keep = draws <= EXACT_DRAWS if exact is None else exact
    args: dict[str, Any] = {"rate": rate, "seed": seed, "timing": timing,
                            "correlation": correlation, "chunk_size": chunk_size,
                            "percentiles": percentiles}  # fmt: skip
    simulate_range(model, drivers, start=0, stop=1, **args)  # every check, before any pass
    ranges = _ranges(draws, partitions)
    starts, stops = [a for a, _ in ranges], [b for _, b in ranges]
    sums = combine(one_pass(_range, starts, stops, model=model, drivers=drivers, kwargs=args))
    args["sums"] = sums
    counts = combine(one_pass(_range, starts, stops, model=model, drivers=drivers, kwargs=args))
    values = None
    if keep:
        args["counts"] = counts
        values = combine(one_pass(_range, starts, stops, model=model, drivers=drivers,
                                  kwargs=args))  # fmt: skip
    return simulation_result(sums, counts, values, percentiles=percentiles)
