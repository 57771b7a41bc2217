"""The bid-response fit and price bands over dask arrays (step 2.5.4).

The fit is the single-process one, pass by pass: one pass for the column
moments (:func:`~clientel.pricing.kernels.logit_moments`), then one pass per
Newton trial point for the log-likelihood, gradient and information sums
(:func:`~clientel.pricing.kernels.logit_sums`), driven by the same
:func:`~clientel.pricing.kernels.newton_logit` as
:func:`clientel.pricing.kernels.fit_bid_response`. The standardised design is
kept on the workers between passes (``dask.persist``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from clientel.dask._blocks import at_row, blocks, combine, offsets, one_pass, vector
from clientel.dask._require import da, dask
from clientel.errors import InvalidInputError
from clientel.pricing import BidResponseModel
from clientel.pricing.kernels import (
    LogitMoments,
    LogitScaling,
    LogitSums,
    logit_moments,
    logit_sums,
    newton_logit,
    standardise,
)
from clientel.pricing.kernels import (
    band as band_kernel,
)
from clientel.pricing.kernels._response import Basis, bid_design, bid_response_model

__all__ = ["band", "fit_bid_response"]

F64 = NDArray[np.float64]


def _design(x: F64, *covariates: F64, names: tuple[str, ...]) -> F64:
    return bid_design(np.asarray(x, dtype=np.float64), dict(zip(names, covariates, strict=True)))[1]


def _moments(X: F64, y: F64, start: int) -> LogitMoments:
    try:
        return logit_moments(X, y)
    except InvalidInputError as exc:  # name the deal (the design's cell) of the whole data
        width = X.shape[1] if (exc.field or "").startswith("x[") else 1
        raise at_row(exc, start, width) from None


def _won(won: Any) -> F64:
    return np.asarray(won, dtype=np.float64)


def fit_bid_response(
    x: Any,
    won: Any,
    *,
    basis: Basis = "list_ratio",
    covariates: Mapping[str, Any] | None = None,
    max_iter: int = 100,
    tol: float = 1e-10,
) -> BidResponseModel:
    """The logit bid response fitted on partitioned deals: the single-process fit, pass by pass.

    Parameters
    ----------
    x, won : dask arrays or Series
        Price (or price / list price) and 1/0 outcome of each deal.
    basis : {"list_ratio", "price"}
        What ``x`` is.
    covariates : mapping of name to dask array, optional
        Extra regressors, one value per deal.
    max_iter, tol : int, float
        Newton's limits (as :func:`clientel.pricing.kernels.fit_logit`).

    Returns
    -------
    BidResponseModel
        Coefficients within 1e-12 (relative) and standard errors within 1e-10 of
        :func:`clientel.pricing.kernels.fit_bid_response` on the same deals.

    Raises
    ------
    InvalidInputError, NoSolutionError, ConvergenceError
        As the single-process fit (a NaN price, an outcome other than 0/1,
        collinear covariates, separated data, ...).

    Examples
    --------
    >>> import dask.array as da
    >>> from clientel.pricing.kernels import fit_bid_response as whole
    >>> rng = np.random.default_rng(5)
    >>> x = rng.uniform(0.7, 1.1, 5_000)
    >>> won = (rng.uniform(size=5_000) < 1 / (1 + np.exp(-9 + 10 * x))).astype(float)
    >>> m = fit_bid_response(da.from_array(x, chunks=1_200), da.from_array(won, chunks=1_200))
    >>> bool(abs(m.b - whole(x, won).b) <= 1e-12 * abs(m.b)), m.n
    (True, 5000)
    """
    if basis not in ("list_ratio", "price"):
        raise InvalidInputError("expected 'list_ratio' or 'price'", field="basis", value=basis)
    xs = vector(x, "x")
    chunks = xs.chunks[0]
    names = tuple(sorted(covariates or {}))
    cols = [vector((covariates or {})[k], f"covariates[{k!r}]", chunks) for k in names]
    y = vector(won, "won", chunks)
    X = da.map_blocks(_design, xs, *cols, names=names, new_axis=1,
                      chunks=(chunks, (2 + len(names),)), dtype=np.float64)  # fmt: skip
    y = y.map_blocks(_won, dtype=np.float64)
    X, y = dask.persist(X, y)
    k = 2 + len(names)
    moments = combine(one_pass(_moments, blocks(X), blocks(y), offsets(y)))
    scaling: LogitScaling = moments.scaling()
    (Zt,) = dask.persist([dask.delayed(standardise)(b, scaling) for b in blocks(X)])
    ys = blocks(y)
    del X

    def sums(theta: F64) -> LogitSums:  # one pass: each block's sums, merged in block order
        merged: LogitSums = combine(one_pass(logit_sums, Zt, ys, theta=theta))
        return merged

    theta, cov_z, ll, _ = newton_logit(sums, k, moments.n, max_iter=max_iter, tol=tol)
    beta, cov = scaling.coefficients(theta, cov_z)
    return bid_response_model(beta, cov, ll, n=moments.n, wins=int(moments.wins), basis=basis,
                              covariates=names)  # fmt: skip


def _band_block(cost: F64, *columns: F64, model: BidResponseModel, delta: float,
                given: tuple[str, ...]) -> F64:  # fmt: skip
    if cost.size == 0:
        return np.zeros((0, 4))
    named = dict(zip(given, columns, strict=True))
    cov = {k[len("covariates.") :]: v for k, v in named.items() if k.startswith("covariates.")}
    floor, target, stretch, below = band_kernel(
        model, cost, delta=delta, floor_min=named.get("floor_min"),
        ceiling=named.get("ceiling"), covariates=cov or None,
    )  # fmt: skip
    return np.column_stack([floor, target, stretch, below.astype(np.float64)])


def band(
    model: BidResponseModel,
    cost: Any,
    *,
    delta: float = 0.1,
    floor_min: Any = None,
    ceiling: Any = None,
    covariates: Mapping[str, Any] | None = None,
) -> tuple[Any, Any, Any, Any]:
    """Guarded price bands of every quote, lazily: :func:`clientel.pricing.kernels.band` per block.

    Returns
    -------
    floor, target, stretch, below_floor : dask arrays
        Chunked as ``cost``; the numbers of the single-process kernel, bit for bit.

    Examples
    --------
    >>> import dask.array as da
    >>> m = BidResponseModel(a=-5.0, b=0.05, basis="price")
    >>> floor, target, stretch, below = band(m, da.from_array([60.0, 60.0], chunks=1),
    ...                                      floor_min=[0.0, 120.0])
    >>> target.compute().round(6).tolist(), below.compute().tolist()
    ([100.0, 120.0], [False, True])
    """
    c = vector(cost, "cost")
    chunks = c.chunks[0]
    named = {"floor_min": floor_min, "ceiling": ceiling}
    named.update({f"covariates.{k}": v for k, v in sorted((covariates or {}).items())})
    given = tuple(k for k, v in named.items() if v is not None)
    cols = [vector(named[k], k if "." not in k else f"covariates[{k[11:]!r}]", chunks)
            for k in given]  # fmt: skip
    out = da.map_blocks(_band_block, c, *cols, model=model, delta=delta, given=given,
                        new_axis=1, chunks=(chunks, (4,)), dtype=np.float64)  # fmt: skip
    return out[:, 0], out[:, 1], out[:, 2], out[:, 3] == 1.0
