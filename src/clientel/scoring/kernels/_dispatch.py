"""One entry point over the methods, plus chunked (fit, then apply) scoring."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_matrix
from clientel.errors import InvalidInputError
from clientel.scoring.kernels._additive import weighted_product, weighted_sum
from clientel.scoring.kernels._normalise import ColumnStats, fit_stats
from clientel.scoring.kernels._promethee import promethee_ii
from clientel.scoring.kernels._topsis import topsis
from clientel.scoring.kernels._vikor import vikor

__all__ = ["HIGHER_IS_BETTER", "METHODS", "score_chunks", "score_in_chunks", "score_matrix"]

Float = NDArray[np.float64]
METHODS = ("weighted_sum", "weighted_product", "topsis", "vikor", "promethee_ii")
#: VIKOR's Q is lower-is-better; every other method's score is higher-is-better.
HIGHER_IS_BETTER = MappingProxyType({m: m != "vikor" for m in METHODS})
_CHUNKABLE = ("weighted_sum", "weighted_product", "topsis")


def score_matrix(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    method: str = "topsis",
    *,
    stats: ColumnStats | None = None,
    names: Sequence[str] | None = None,
    **options: Any,
) -> Float:
    """Scores of every alternative by ``method`` (VIKOR returns Q: lower is better).

    Examples
    --------
    >>> score_matrix([[3.0, 1.0], [1.0, 3.0]], [0.75, 0.25], method="weighted_sum").tolist()
    [0.75, 0.25]
    """
    if method == "weighted_sum":
        return weighted_sum(matrix, weights, directions, stats=stats, names=names, **options)
    if method == "weighted_product":
        return weighted_product(matrix, weights, directions, names=names)
    if method == "topsis":
        return topsis(matrix, weights, directions, stats=stats, names=names, **options).closeness
    if method == "vikor":
        return vikor(matrix, weights, directions, names=names, **options).Q
    if method == "promethee_ii":
        return promethee_ii(matrix, weights, directions, names=names, **options).net
    raise InvalidInputError(
        f"unknown method; expected one of {METHODS}", field="method", value=method
    )


def score_chunks(
    chunks: Iterable[ArrayLike],
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    method: str = "topsis",
    *,
    stats: ColumnStats,
    **options: Any,
) -> Iterator[Float]:
    """Score a stream of chunks with statistics fitted beforehand (apply step).

    Memory is bounded by the chunk size; the scores equal those of the whole
    matrix because every chunk uses the same ``stats``. Methods whose scores
    depend on all rows at once (VIKOR, PROMETHEE) are not chunkable.
    """
    if method not in _CHUNKABLE:
        msg = f"{method} compares all alternatives at once; chunk one of {_CHUNKABLE}"
        raise InvalidInputError(msg, field="method", value=method)
    for chunk in chunks:
        yield score_matrix(chunk, weights, directions, method, stats=stats, **options)


def score_in_chunks(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    method: str = "topsis",
    *,
    chunk_size: int = 100_000,
    **options: Any,
) -> Float:
    """Fit statistics chunk by chunk, merge them, then score chunk by chunk.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.default_rng(7).uniform(1, 9, size=(1000, 4))
    >>> whole = score_matrix(X, [0.4, 0.3, 0.2, 0.1], method="topsis")
    >>> parts = score_in_chunks(X, [0.4, 0.3, 0.2, 0.1], method="topsis", chunk_size=333)
    >>> float(np.abs(whole - parts).max()) < 1e-12
    True
    """
    X = as_matrix(matrix)
    if chunk_size < 1:
        raise InvalidInputError("must be >= 1", field="chunk_size", value=chunk_size)
    bounds = range(0, X.shape[0], chunk_size)
    stats: ColumnStats | None = None
    for start in bounds:
        part = fit_stats(
            X[start : start + chunk_size], inverse=options.get("normalisation") == "sum"
        )
        stats = part if stats is None else stats.merge(part)
    if stats is None:  # pragma: no cover - as_matrix guarantees a row
        raise InvalidInputError("no rows", field="matrix")
    pieces = score_chunks(
        (X[s : s + chunk_size] for s in bounds),
        weights,
        directions,
        method,
        stats=stats,
        **options,
    )
    return np.concatenate(list(pieces))
