"""Parquet in, parquet out: rows scored partition by partition through dask.dataframe."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from clientel.dask._require import dataframe
from clientel.errors import InvalidInputError
from clientel.scoring.kernels import Scorer

__all__ = ["score_parquet"]


def _scored(part: Any, scorer: Scorer, columns: list[str], keep: list[str]) -> Any:
    out = part[keep].copy() if keep else part.iloc[:, :0].copy()
    out["score"] = scorer.score(part[columns].to_numpy(dtype=np.float64))
    return out


def score_parquet(
    scorer: Scorer,
    source: Any,
    destination: Any,
    *,
    columns: Sequence[str],
    keep: Sequence[str] = (),
    **read: Any,
) -> int:
    """Read parquet, score every row with a fitted scorer, write parquet; returns the rows.

    Parameters
    ----------
    scorer : Scorer
        Fitted (:func:`clientel.dask.fit`), with one criterion per column.
    source, destination : str or path
        Parquet files or folders (anything ``dask.dataframe.read_parquet`` reads).
    columns : sequence of str
        The criteria columns, in the order of the scorer's weights.
    keep : sequence of str
        Columns copied to the output beside ``score`` (an id, ...).
    **read
        Passed to ``dask.dataframe.read_parquet`` (``blocksize``, ``filesystem``, ...).

    Notes
    -----
    Each partition is read, scored and written by one task, so a worker holds
    about one partition at a time: 1e7 rows x 10 columns went through workers
    limited to 600 MiB (docs/performance.md).

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> import dask.dataframe as dd
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> frame = pd.DataFrame({"id": ["a", "b", "c"], "x": [1.0, 3.0, 2.0], "y": [9.0, 1.0, 5.0]})
    >>> dd.from_pandas(frame, npartitions=2).to_parquet(folder / "in", write_index=False)
    >>> from clientel.dask import fit
    >>> scorer = fit(dd.read_parquet(folder / "in"), [1, 1], columns=["x", "y"])
    >>> score_parquet(scorer, folder / "in", folder / "out", columns=["x", "y"], keep=["id"])
    3
    >>> pd.read_parquet(folder / "out").score.round(4).tolist()
    [0.5, 0.5, 0.5]
    """
    dd = dataframe()
    cols, kept = [str(c) for c in columns], [str(c) for c in keep]
    if len(cols) != scorer.criteria:
        msg = f"expected {scorer.criteria} columns, one per criterion"
        raise InvalidInputError(msg, field="columns", value=cols)
    frame = dd.read_parquet(source, columns=[*kept, *cols], **read)
    missing = [c for c in (*kept, *cols) if c not in frame.columns]
    if missing:
        raise InvalidInputError("not a column of the parquet data", field="columns",
                                value=missing)  # fmt: skip
    meta = frame._meta[kept].copy() if kept else frame._meta.iloc[:, :0].copy()
    meta["score"] = np.zeros(0)
    scored = frame.map_partitions(_scored, scorer, cols, kept, meta=meta)
    scored.to_parquet(destination, write_index=False)
    rows: int = dd.read_parquet(destination, columns=["score"]).shape[0].compute()
    return int(rows)
