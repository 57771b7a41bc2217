"""Rank acceptability as a heat map: the chance of each alternative holding each rank."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from clientel.errors import InvalidInputError
from clientel.plots._style import axes, percent_axis

if TYPE_CHECKING:
    from clientel.scoring.kernels import RankAcceptability

__all__ = ["plot_rank_acceptability"]

_ANNOTATE_UP_TO = 15  # cells are written in when the map has at most this many rows and ranks


@overload
def plot_rank_acceptability(
    names: RankAcceptability,
    acceptability: None = None,
    *,
    labels: Mapping[str, str] | None = None,
    top: int | None = None,
    max_rank: int | None = None,
    cumulative: bool = False,
    item_label: str = "alternative",
    title: str | None = None,
    ax: Any = None,
) -> Any: ...
@overload
def plot_rank_acceptability(
    names: Sequence[str],
    acceptability: Any,
    *,
    labels: None = None,
    top: int | None = None,
    max_rank: int | None = None,
    cumulative: bool = False,
    item_label: str = "alternative",
    title: str | None = None,
    ax: Any = None,
) -> Any: ...
def plot_rank_acceptability(
    names: Any,
    acceptability: Any = None,
    *,
    labels: Mapping[str, str] | None = None,
    top: int | None = None,
    max_rank: int | None = None,
    cumulative: bool = False,
    item_label: str = "alternative",
    title: str | None = None,
    ax: Any = None,
) -> Any:
    """Heat map of the probability of each alternative holding each rank (SMAA, 2.3.1).

    One row per alternative (by name), one column per rank; the darker the
    cell, the likelier the rank under uncertain weights. A row concentrated in
    one cell is a stable rank; a row spread over several is a rank the
    weights decide. With ``cumulative=True`` the cells are the probability of
    that rank or better, P(rank <= k). On small maps each cell carries its
    percentage.

    Takes either the library's result, a
    :class:`~clientel.scoring.kernels.RankAcceptability` (from a ranking's
    ``acceptability(samples=, seed=)`` or the ``acceptability`` kernel), with
    ``labels`` naming its ids, or plain columns: names and a matrix.

    Parameters
    ----------
    names : RankAcceptability or sequence of str
        The result to draw (its rows in its order, named by ``labels``), or the
        names of the alternatives, one per row of ``acceptability``.
    acceptability : array-like, shape (m, k), optional
        With names: ``acceptability[i, r]``, the probability of alternative
        ``i`` holding rank ``r + 1`` (or, when ``cumulative``, rank ``r + 1``
        or better). Not given with a result.
    labels : mapping of str to str, optional
        With a result: the name to show for each id (client id -> client
        name); an id without one is shown as it is. Rows of a result without
        ids are numbered from 1.
    top : int, optional
        Draw the first ``top`` rows only (with a ranking's result, the best
        ``top`` alternatives).
    max_rank : int, optional
        Show ranks 1 to ``max_rank`` only.
    cumulative : bool
        The values are P(rank <= k); only the labels change.
    item_label : str
        What the rows are ("client", "segment"), for the vertical axis.
    title : str, optional
        Replaces the default title.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure's by default.

    Returns
    -------
    matplotlib.axes.Axes
        The axes of the heat map (the colour bar has its own).

    Raises
    ------
    InvalidInputError
        Not an (alternatives x ranks) matrix of probabilities, a bad ``max_rank``
        or ``top``, or names and a result together.

    Notes
    -----
    The colour map is cividis, readable with colour blindness and in grey
    (Nuñez, Anderton and Renslow, PLoS ONE 13(7), 2018). The gallery shows
    this chart for the sample unit's best clients: :ref:`gallery-acceptability`.

    Examples
    --------
    >>> ax = plot_rank_acceptability(["Nordbank", "Vista"], [[0.7, 0.3], [0.3, 0.7]],
    ...                              item_label="client")
    >>> [t.get_text() for t in ax.get_yticklabels()], ax.get_ylabel(), ax.get_xlabel()
    (['Nordbank', 'Vista'], 'client', 'rank')
    >>> [t.get_text() for t in ax.texts]
    ['70%', '30%', '30%', '70%']

    From the library's result, with names for its rows:

    >>> from clientel.scoring.kernels import acceptability
    >>> result = acceptability([[9.0, 2.0], [6.0, 6.0], [2.0, 9.0]], [0.5, 0.5], seed=1)
    >>> ax = plot_rank_acceptability(result, labels={"1": "Nordbank"}, top=2)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Nordbank', '2']
    """
    if acceptability is None and hasattr(names, "acceptability"):
        matrix = np.asarray(names.acceptability, dtype=float)
        ids = tuple(getattr(names, "ids", ()) or (str(k + 1) for k in range(len(matrix))))
        shown = dict(labels or {})
        names = [shown.get(i, i) for i in ids]
        acceptability = matrix
    elif labels is not None:
        raise InvalidInputError("labels name a result's ids; pass names instead", field="labels")
    if top is not None:
        if isinstance(top, bool) or not isinstance(top, int) or top < 1:
            raise InvalidInputError("expected top >= 1", field="top", value=top)
        names, acceptability = list(names)[:top], np.asarray(acceptability, dtype=float)[:top]
    matrix = np.asarray(acceptability, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] != len(names) or matrix.shape[1] == 0:
        raise InvalidInputError(
            f"expected a ({len(names)} alternatives x ranks) matrix", field="acceptability"
        )
    if not np.isfinite(matrix).all() or (matrix < 0).any() or (matrix > 1 + 1e-9).any():
        raise InvalidInputError("expected probabilities in [0, 1]", field="acceptability")
    if max_rank is not None:
        if max_rank < 1:
            raise InvalidInputError("expected max_rank >= 1", field="max_rank", value=max_rank)
        matrix = matrix[:, :max_rank]
    m, k = matrix.shape
    ax = axes(ax, (7.5, 1.4 + 0.38 * max(m, 2)))
    image = ax.imshow(matrix, aspect="auto", cmap="cividis", vmin=0, vmax=1)
    ax.set_yticks(np.arange(m), [str(s) for s in names])
    ax.set_xticks(np.arange(k), [str(r + 1) for r in range(k)])
    ax.set_xlabel("rank or better" if cumulative else "rank")
    ax.set_ylabel(item_label)
    ax.tick_params(length=0)
    if m <= _ANNOTATE_UP_TO and k <= _ANNOTATE_UP_TO:
        for (i, r), p in np.ndenumerate(matrix):
            if p >= 0.005:
                ax.text(r, i, f"{p:.0%}", ha="center", va="center", fontsize=7.5,
                        color="black" if p > 0.55 else "white")  # fmt: skip
    default = "How sure is each rank? " + (
        "Chance of this rank or better" if cumulative else "Chance of each rank"
    )
    ax.set_title(title if title is not None else default)
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("P(rank ≤ k)" if cumulative else "probability of the rank")
    percent_axis(bar.ax.yaxis)
    return ax
