"""One entry point over the registered methods, and chunked (fit, merge, apply) scoring."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel.errors import InvalidInputError
from clientel.scoring.kernels._method import lookup
from clientel.scoring.kernels._scorer import Partial, Scorer, fitted, merge_partials

__all__ = ["score_in_chunks", "score_matrix"]

Float = NDArray[np.float64]


def score_matrix(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    method: str = "topsis",
    *,
    stats: Partial | None = None,
    names: Sequence[str] | None = None,
    **options: Any,
) -> Float:
    """Scores of every alternative by ``method`` (VIKOR returns Q: lower is better).

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, finite.
    weights : array_like, shape (n,)
        Non-negative criterion weights (normalised to sum to 1).
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1) per criterion.
    method : str
        A registered method (:data:`METHODS`); its options go in ``options``.
    stats : ColumnStats or Marginals, optional
        Statistics fitted elsewhere (e.g. merged over partitions), for a
        method with a single fit stage.
    names : sequence of str, optional
        Criterion names, used to name the criterion at fault in an error.
    **options
        Keyword options of the method, e.g. ``v`` for VIKOR.

    Returns
    -------
    numpy.ndarray, shape (m,)
        The scores (VIKOR: Q, lower is better).

    Raises
    ------
    InvalidInputError
        A matrix that is not 2-D and finite, or weights or directions of the
        wrong length or sign (named).

    Examples
    --------
    >>> score_matrix([[3.0, 1.0], [1.0, 3.0]], [0.75, 0.25], method="weighted_sum").tolist()
    [0.75, 0.25]
    """
    scorer, X = fitted(method, matrix, weights, directions, names=names, stats=stats, **options)
    return scorer.record.score(X, scorer)


def score_in_chunks(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    method: str = "topsis",
    *,
    chunk_size: int = 100_000,
    names: Sequence[str] | None = None,
    **options: Any,
) -> Float:
    """Fit every stage chunk by chunk, merge, then score chunk by chunk.

    What a partitioned engine does, in one process: memory beyond the input is
    bounded by the chunk size, and the scores equal those of
    :func:`score_matrix` within 1e-14 (the chunks' sums are merged
    order-independently; min, max and counts merge exactly).

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, finite.
    weights : array_like, shape (n,)
        Non-negative criterion weights (normalised to sum to 1).
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1) per criterion.
    method : str
        A chunkable registered method (:data:`METHODS`).
    chunk_size : int
        Rows per chunk (>= 1).
    names : sequence of str, optional
        Criterion names, used to name the criterion at fault in an error.
    **options
        Keyword options of the method, e.g. ``v`` for VIKOR.

    Returns
    -------
    numpy.ndarray, shape (m,)
        The scores (VIKOR: Q, lower is better).

    Raises
    ------
    InvalidInputError
        A method that cannot be chunked, a ``chunk_size`` below 1, or bad
        inputs (as :func:`score_matrix`).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.default_rng(7).uniform(1, 9, size=(1000, 4))
    >>> whole = score_matrix(X, [0.4, 0.3, 0.2, 0.1], method="vikor")
    >>> parts = score_in_chunks(X, [0.4, 0.3, 0.2, 0.1], method="vikor", chunk_size=333)
    >>> float(np.abs(whole - parts).max()) < 1e-14
    True
    """
    if lookup(method).kind != "score" or not lookup(method).chunkable:
        raise InvalidInputError("not a chunkable scoring method", field="method", value=method)
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise InvalidInputError("must be an integer >= 1", field="chunk_size", value=chunk_size)
    scorer = Scorer(method=method, weights=weights, directions=directions, options=options,
                    names=names)  # fmt: skip
    X = scorer.check(matrix)
    bounds = range(0, X.shape[0], chunk_size)
    while not scorer.fitted:
        parts = [scorer.fit_partial(X[s : s + chunk_size]) for s in bounds]
        scorer = scorer.finalise(merge_partials(parts, scorer.empty()))
    return np.concatenate([scorer.score(X[s : s + chunk_size]) for s in bounds])
