"""ELECTRE I: concordance, discordance, the outranking relation and its kernel."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_directions, as_matrix, as_number, as_weights
from clientel._internal.display import short_repr
from clientel.errors import InvalidInputError, LimitExceededError
from clientel.scoring.kernels._method import Method, known_options
from clientel.scoring.kernels._normalise import check_stats
from clientel.scoring.kernels._scorer import Scorer
from clientel.scoring.kernels._stats import fit_stats

__all__ = ["MAX_ELECTRE_ALTERNATIVES", "METHOD", "ElectreResult", "electre_i"]

Float = NDArray[np.float64]
Bool = NDArray[np.bool_]

#: Most alternatives ELECTRE I compares: its matrices hold m x m pairs (2,000 x 2,000
#: is 32 MB per float matrix and about a second of work; the cost grows as m**2).
#:
#: .. versionadded:: 0.2.0
MAX_ELECTRE_ALTERNATIVES: Final = 2_000


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ElectreResult:
    """ELECTRE I's pairwise matrices, the outranking relation and its kernel.

    .. versionadded:: 0.2.0

    Attributes
    ----------
    concordance : ndarray, shape (m, m)
        ``C[a, b]``: the weight of the criteria on which a is at least as good
        as b (1 on the diagonal).
    discordance : ndarray, shape (m, m)
        ``D[a, b]``: the largest amount by which b beats a on a criterion,
        over the largest range of any criterion (0 on the diagonal).
    outranks : ndarray of bool, shape (m, m)
        ``a S b``: ``C[a, b] >= c`` and ``D[a, b] <= d``, for ``a != b``.
    kernel : tuple of int
        The alternatives no kernel member outranks, each outranking every
        alternative left out (rows of the matrix, in order).
    undecided : tuple of int
        Alternatives on an outranking cycle the kernel could not settle
        (empty when the relation has no cycle, where the kernel is unique).
    """

    __repr__ = short_repr

    concordance: Float
    discordance: Float
    outranks: Bool
    kernel: tuple[int, ...]
    undecided: tuple[int, ...]


def _threshold(value: Any, field: str) -> float:
    out = as_number(value, field)
    if not 0.0 <= out <= 1.0:
        raise InvalidInputError("must be between 0 and 1", field=field, value=value)
    return out


def _options(given: Mapping[str, Any], n: int, names: Sequence[str] | None) -> dict[str, Any]:
    known_options(given, "electre_i", ("concordance", "discordance"))
    return {
        "concordance": _threshold(given.get("concordance", 0.65), "concordance"),
        "discordance": _threshold(given.get("discordance", 0.35), "discordance"),
    }


def _no_score(X: Float, scorer: Scorer) -> Float:  # pragma: no cover - Scorer refuses relations
    raise InvalidInputError("ELECTRE I gives a relation, not scores", field="method")


def _no_contributions(X: Float, scorer: Scorer) -> tuple[Float, Float]:  # pragma: no cover
    raise InvalidInputError("ELECTRE I gives a relation, not scores", field="method")


METHOD = Method(
    name="electre_i",
    title="ELECTRE I",
    reference=(
        "Roy, B. (1968). Classement et choix en presence de points de vue multiples "
        "(la methode ELECTRE). RIRO 2(8), 57-75; Figueira, J., Mousseau, V. and Roy, B. "
        "(2005). ELECTRE methods. In Multiple Criteria Decision Analysis: State of the Art "
        "Surveys, Springer, 133-153."
    ),
    kind="relation",
    chunkable=False,
    contribution_kind="(an outranking relation: no contributions)",
    stages=0,
    min_rows=2,
    defaults={"concordance": 0.65, "discordance": 0.35},
    options=_options,
    score=_no_score,
    contributions=_no_contributions,
)


def _kernel(S: Bool) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The kernel of an outranking graph, peeled from the alternatives nobody left outranks.

    Each round takes the undecided alternatives no undecided one outranks
    into the kernel and drops what they outrank; on an acyclic graph this
    gives the unique kernel. A cycle stops it: its members stay undecided.
    """
    m = S.shape[0]
    undecided = np.ones(m, dtype=bool)
    kernel = np.zeros(m, dtype=bool)
    while undecided.any():  # at most m rounds, each a vectorised pass over the pairs
        beaten = S[undecided][:, undecided].any(axis=0)
        sources = np.flatnonzero(undecided)[~beaten]
        if sources.size == 0:
            break
        kernel[sources] = True
        undecided[sources] = False
        undecided &= ~S[sources].any(axis=0)
    return tuple(np.flatnonzero(kernel).tolist()), tuple(np.flatnonzero(undecided).tolist())


def electre_i(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    concordance: float = 0.65,
    discordance: float = 0.35,
    names: Sequence[str] | None = None,
) -> ElectreResult:
    """ELECTRE I outranking relation and kernel (step 2.3.3, choosing a short list).

    .. versionadded:: 0.2.0

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, non-negative, no all-zero column; at most
        :data:`MAX_ELECTRE_ALTERNATIVES` alternatives (the work is quadratic).
    weights : array_like, shape (n,)
        Normalised to sum to 1.
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1).
    concordance, discordance : float
        The thresholds ``c`` and ``d`` in [0, 1]: a outranks b when the
        criteria agreeing with it weigh at least ``c`` and no criterion
        opposes it by more than ``d``.
    names : sequence of str, optional
        Criterion names for error messages.

    Returns
    -------
    ElectreResult
        The concordance and discordance matrices, the relation and its kernel.

    Raises
    ------
    LimitExceededError
        More than :data:`MAX_ELECTRE_ALTERNATIVES` alternatives
        (``field="matrix"``, ``limit="MAX_ELECTRE_ALTERNATIVES"``).
    InvalidInputError
        Bad shapes, weights, directions or thresholds (named); a negative
        value or an all-zero column (named).

    Notes
    -----
    Values are divided by their column sums (as Cebrian and Porcar, 2009, and
    scikit-criteria do; the relation does not depend on it but the
    discordance does). ``C[a, b] = sum of w_j over the j with
    d_j (x_aj - x_bj) >= 0``; ``D[a, b] = max_j max(0, d_j (x_bj - x_aj)) /
    delta`` with ``delta`` the largest column range (Roy's common scale).
    The kernel is the set of alternatives that no member outranks and that
    outrank every non-member; ELECTRE I proposes it as the short list. The
    relation takes ``O(m**2 n)`` time and ``O(m**2)`` memory, hence the limit.

    References
    ----------
    Roy, B. (1968). Classement et choix en presence de points de vue
    multiples (la methode ELECTRE). *RIRO*, 2(8), 57-75. Figueira, J.,
    Mousseau, V. and Roy, B. (2005). ELECTRE methods. In *Multiple Criteria
    Decision Analysis: State of the Art Surveys*, Springer, 133-153.

    Examples
    --------
    >>> r = electre_i([[5.0, 3.0], [3.0, 1.0], [1.0, 2.0]], [0.6, 0.4], [1, -1])
    >>> r.kernel, r.outranks.astype(int).tolist()
    ((0, 1), [[0, 0, 0], [0, 0, 1], [0, 0, 0]])
    """
    X = as_matrix(matrix, names=names, min_rows=2)
    m, n = X.shape
    if m > MAX_ELECTRE_ALTERNATIVES:
        msg = (f"ELECTRE I compares every pair: at most MAX_ELECTRE_ALTERNATIVES = "
               f"{MAX_ELECTRE_ALTERNATIVES} alternatives")  # fmt: skip
        cap = MAX_ELECTRE_ALTERNATIVES
        raise LimitExceededError(msg, limit="MAX_ELECTRE_ALTERNATIVES", maximum=cap,
                                 field="matrix", value=m)  # fmt: skip
    w = as_weights(weights, n, names=names)
    d = as_directions(directions, n)
    opts = _options({"concordance": concordance, "discordance": discordance}, n, names)
    stats = fit_stats(X)
    check_stats(stats, "sum", names)
    V = (X * np.ldexp(1.0, -stats.exponent)) / stats.sum * d  # benefit-oriented shares
    delta = float((V.max(axis=0) - V.min(axis=0)).max())
    C = np.zeros((m, m))
    D = np.zeros((m, m))
    for j in range(n):  # criteria, not rows: each step is an (m, m) array
        diff = V[:, j, None] - V[None, :, j]  # diff[a, b] = v_aj - v_bj
        C += np.where(diff >= 0, w[j], 0.0)
        np.maximum(D, -diff, out=D)
    D = D / delta if delta > 0 else np.zeros_like(D)
    np.fill_diagonal(C, 1.0)
    np.fill_diagonal(D, 0.0)
    C = np.minimum(C, 1.0)  # the weights' rounding
    S = (opts["concordance"] - 1e-12 <= C) & (opts["discordance"] + 1e-12 >= D)
    np.fill_diagonal(S, False)
    kernel, undecided = _kernel(S)
    return ElectreResult(concordance=C, discordance=D, outranks=S, kernel=kernel,
                         undecided=undecided)  # fmt: skip
