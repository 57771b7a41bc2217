"""Several MCDA methods on the same alternatives, and how far their rankings agree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._explanation import Explanation, Factor
from clientel._internal.arrays import as_count
from clientel._internal.display import TableDisplay
from clientel.errors import InvalidInputError
from clientel.scoring._alternatives import score_alternatives
from clientel.scoring._criteria import Criterion
from clientel.scoring.kernels._agreement import (
    kendall_tau_b,
    spearman_rho,
    top_k_overlap,
    ws_similarity,
)
from clientel.scoring.kernels._method import lookup

__all__ = ["MEASURES", "MethodComparison", "compare_methods"]

Float = NDArray[np.float64]
#: The agreement measures of a comparison, each a (methods x methods) matrix.
#:
#: .. versionadded:: 0.2.0
MEASURES = ("spearman", "kendall_tau_b", "ws", "top_k")
_DEFAULT_METHODS = ("weighted_sum", "topsis", "vikor", "promethee_ii", "moora", "mabac")


def _frozen(value: ArrayLike) -> Float:
    out = np.array(value, dtype=np.float64)
    out.flags.writeable = False
    return out


@attrs.frozen(kw_only=True, repr=False)
class MethodComparison(TableDisplay):
    """The rankings of several methods side by side and their pairwise agreement.

    .. versionadded:: 0.2.0

    Attributes
    ----------
    ids : tuple of str
        The alternatives, in input order (alternatives a missing-data policy
        excluded are left out).
    methods : tuple of str
        The methods compared.
    ranks : ndarray, shape (m, k)
        ``ranks[i, j]``: rank of alternative i by method j (1 = first).
    spearman, kendall_tau_b : ndarray, shape (k, k)
        Rank correlations of each pair of methods (symmetric, 1 on the diagonal).
    ws : ndarray, shape (k, k)
        ``ws[i, j]``: WS similarity of method j's ranking to method i's as the
        reference (not symmetric).
    top_k : ndarray, shape (k, k)
        Share of the first ``k`` alternatives two methods have in common.
    k : int
        The length of the short list ``top_k`` compares.
    """

    ids: tuple[str, ...]
    methods: tuple[str, ...]
    ranks: NDArray[np.int64]
    spearman: Float = attrs.field(converter=_frozen)
    kendall_tau_b: Float = attrs.field(converter=_frozen)
    ws: Float = attrs.field(converter=_frozen)
    top_k: Float = attrs.field(converter=_frozen)
    k: int
    _display_title = "Method comparison"

    def __repr__(self) -> str:
        q = len(self.methods)
        off = self.kendall_tau_b[~np.eye(q, dtype=bool)]
        return (f"<MethodComparison {q} methods x {len(self.ids)} alternatives, Kendall's "
                f"tau-b {off.min():.2f} to {off.max():.2f}>")  # fmt: skip

    def agreement(self, measure: str = "kendall_tau_b") -> Float:
        """The (methods x methods) matrix of one of :data:`MEASURES`.

        Parameters
        ----------
        measure : {"kendall_tau_b", "spearman", "ws", "top_k"}
            Which agreement.

        Returns
        -------
        ndarray, shape (k, k)

        Raises
        ------
        InvalidInputError
            An unknown measure (``field="measure"``).

        Examples
        --------
        >>> from clientel.scoring import Criterion
        >>> c = compare_methods([[5.0, 3.0], [3.0, 1.0], [1.0, 2.0]],
        ...                     [Criterion(name="a"), Criterion(name="b", direction="cost")],
        ...                     ids=["p", "q", "r"], methods=("topsis", "vikor"), k=1)
        >>> c.agreement("top_k").tolist()
        [[1.0, 1.0], [1.0, 1.0]]
        """
        if measure not in MEASURES:
            msg = f"unknown measure; expected one of {MEASURES}"
            raise InvalidInputError(msg, field="measure", value=measure)
        out: Float = getattr(self, measure)
        return out

    def to_records(self) -> list[dict[str, Any]]:
        """One row per pair of methods: both rank correlations, WS both ways, top-k overlap.

        Examples
        --------
        >>> from clientel.scoring import Criterion
        >>> c = compare_methods([[5.0, 3.0], [3.0, 1.0], [1.0, 2.0]],
        ...                     [Criterion(name="a"), Criterion(name="b", direction="cost")],
        ...                     ids=["p", "q", "r"], methods=("topsis", "vikor"), k=1)
        >>> c.to_records()[0]["method"], c.to_records()[0]["other"]
        ('topsis', 'vikor')
        """
        q = len(self.methods)
        return [
            {
                "method": self.methods[i],
                "other": self.methods[j],
                "spearman": float(self.spearman[i, j]),
                "kendall_tau_b": float(self.kendall_tau_b[i, j]),
                "ws": float(self.ws[i, j]),
                "ws_reverse": float(self.ws[j, i]),
                f"top_{self.k}_overlap": float(self.top_k[i, j]),
            }
            for i in range(q)
            for j in range(i + 1, q)
        ]

    def ranks_of(self, id: str) -> dict[str, int]:  # noqa: A002 - ids are called id everywhere
        """The rank of one alternative by each method."""
        try:
            i = self.ids.index(id)
        except ValueError:
            raise InvalidInputError("no such alternative", field="id", value=id) from None
        return {m: int(self.ranks[i, j]) for j, m in enumerate(self.methods)}

    def explain(self, id: str) -> Explanation:  # noqa: A002
        """Where each method ranks one alternative, and how far they disagree.

        Examples
        --------
        >>> from clientel.scoring import Criterion
        >>> crit = [Criterion(name="potential", weight=3),
        ...         Criterion(name="cost_to_serve", direction="cost", weight=1)]
        >>> c = compare_methods([[8.0, 5.0], [6.0, 1.0], [7.0, 4.0], [2.0, 2.0]], crit,
        ...                     ids=["nordbank", "vista", "civic", "orbit"],
        ...                     methods=("weighted_sum", "topsis", "vikor"), k=2)
        >>> print(c.explain("vista"))
        vista: rank 1 to 3 of 4 by 3 methods
          vikor         +1
          weighted_sum  +1
          topsis        +3
          best (1) by vikor, weighted_sum
          worst (3) by topsis
        """
        ranks = self.ranks_of(id)
        lo, hi = min(ranks.values()), max(ranks.values())
        span = f"rank {lo}" if lo == hi else f"rank {lo} to {hi}"
        factors = sorted((Factor(criterion=m, effect=float(r)) for m, r in ranks.items()),
                         key=lambda f: (f.effect, f.criterion))  # fmt: skip
        notes = []
        if lo != hi:
            for r, word in ((lo, "best"), (hi, "worst")):
                notes.append(f"{word} ({r}) by " + ", ".join(m for m in sorted(ranks)
                                                            if ranks[m] == r))  # fmt: skip
        summary = f"{span} of {len(self.ids)} by {len(self.methods)} methods"
        return Explanation(subject=id, summary=summary, factors=factors,
                           effect_kind="rank by the method (1 = first)", notes=notes)  # fmt: skip

    def plot(self, ax: Any = None, *, measure: str = "kendall_tau_b") -> Any:
        """Heat map of the agreement of every pair of methods (step 2.3.3).

        Calls :func:`clientel.plots.plot_method_agreement`; matplotlib (the
        ``clientel[plot]`` extra) is imported only by this call.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure's by default.
        measure : {"kendall_tau_b", "spearman", "ws", "top_k"}
            What the cells show.

        Returns
        -------
        matplotlib.axes.Axes

        Examples
        --------
        >>> from clientel.scoring import Criterion
        >>> c = compare_methods([[5.0, 3.0], [3.0, 1.0], [1.0, 2.0]],
        ...                     [Criterion(name="a"), Criterion(name="b", direction="cost")],
        ...                     ids=["p", "q", "r"], methods=("topsis", "vikor"), k=1)
        >>> c.plot().get_title()
        'Do the methods rank alike?'
        """
        from clientel.plots import plot_method_agreement

        labels = {"spearman": "Spearman's rho", "kendall_tau_b": "Kendall's tau-b",
                  "ws": "WS similarity (row = reference)",
                  "top_k": f"share of the top {self.k} in common"}  # fmt: skip
        return plot_method_agreement(self.methods, self.agreement(measure),
                                     measure=labels[measure], ax=ax)  # fmt: skip


def compare_methods(
    alternatives: Mapping[str, Mapping[str, float | None]] | ArrayLike,
    criteria: Sequence[Criterion],
    *,
    ids: Sequence[str] | None = None,
    methods: Sequence[str] = _DEFAULT_METHODS,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    weights: Sequence[float] | None = None,
    k: int = 3,
) -> MethodComparison:
    """Rank the same alternatives by several methods and measure how far they agree.

    .. versionadded:: 0.2.0

    Each method runs through :func:`score_alternatives` (same criteria,
    weights and missing-data policies); the rankings are then compared pair
    by pair with Spearman's rho, Kendall's tau-b, the WS similarity
    coefficient and the overlap of their first ``k``. Where the methods agree
    the choice of method does not matter; where they do not, the analyst
    should say which one the decision uses and why (step 2.3.3).

    Parameters
    ----------
    alternatives, criteria, ids, weights
        As for :func:`score_alternatives`.
    methods : sequence of str
        Registered score methods (at least two, each once); by default the
        weighted sum, TOPSIS, VIKOR, PROMETHEE II, MOORA and MABAC.
    options : mapping of method name to mapping, optional
        Options per method, e.g. ``{"spotis": {"bounds": [...]}}``.
    k : int
        Length of the short list the top-k overlap compares.

    Returns
    -------
    MethodComparison

    Raises
    ------
    InvalidInputError
        Fewer than two methods, a method named twice, a relation method
        (ELECTRE I gives no ranking), options for a method not compared, a bad
        ``k``; and whatever :func:`score_alternatives` raises.

    Examples
    --------
    >>> from clientel.scoring import Criterion
    >>> crit = [Criterion(name="potential", weight=3),
    ...         Criterion(name="cost_to_serve", direction="cost", weight=1)]
    >>> X = [[8.0, 5.0], [6.0, 1.0], [7.0, 4.0], [2.0, 2.0]]
    >>> c = compare_methods(X, crit, ids=["nordbank", "vista", "civic", "orbit"],
    ...                     methods=("weighted_sum", "topsis", "vikor"), k=2)
    >>> c.ranks_of("vista")
    {'weighted_sum': 1, 'topsis': 3, 'vikor': 1}
    >>> round(float(c.kendall_tau_b[0, 1]), 4), c.to_records()[0]["top_2_overlap"]
    (0.5477, 0.5)
    """
    names = tuple(str(m) for m in methods)
    if len(names) < 2:
        raise InvalidInputError("compare at least two methods", field="methods")
    if len(set(names)) != len(names):
        raise InvalidInputError("a method named twice", field="methods")
    for name in names:
        if lookup(name).kind != "score":
            msg = f"{name} gives an outranking relation, not a ranking"
            raise InvalidInputError(msg, field="methods", value=name)
    opts = dict(options or {})
    for name in sorted(opts):
        if name not in names:
            raise InvalidInputError("options for a method not compared", field="options",
                                    value=name)  # fmt: skip
    rankings = [score_alternatives(alternatives, criteria, ids=ids, method=n,  # type: ignore[arg-type]
                                   weights=weights, **dict(opts.get(n, {})))
                for n in names]  # fmt: skip
    row_ids = tuple(str(i) for i in rankings[0].row_ids.tolist())
    kk = as_count(k, "k", low=1)
    if kk > len(row_ids):
        raise InvalidInputError(f"at most {len(row_ids)} (the alternatives)", field="k", value=k)
    R = np.column_stack([np.asarray(r.ranks, dtype=np.int64) for r in rankings])
    R.flags.writeable = False
    q = len(names)
    table = {m: np.eye(q) for m in MEASURES}
    for i in range(q):
        for j in range(q):
            if i == j:
                continue
            a, b = R[:, i], R[:, j]
            table["ws"][i, j] = ws_similarity(a, b)
            table["top_k"][i, j] = top_k_overlap(a, b, kk)
            if j > i:
                table["spearman"][i, j] = table["spearman"][j, i] = _correlation(spearman_rho, a, b)
                table["kendall_tau_b"][i, j] = table["kendall_tau_b"][j, i] = _correlation(
                    kendall_tau_b, a, b
                )
    return MethodComparison(ids=row_ids, methods=names, ranks=R, k=kk, **table)


def _correlation(fn: Any, a: NDArray[np.int64], b: NDArray[np.int64]) -> float:
    """A rank correlation; 1 when both rankings tie everything, 0 when only one does."""
    tied_a, tied_b = a.min() == a.max(), b.min() == b.max()
    if tied_a or tied_b:
        return 1.0 if tied_a and tied_b else 0.0
    out: float = fn(a, b)
    return out
