"""clientel on dask: the single-process answers over partitioned data (optional extra).

``pip install 'clientel[dask]'`` brings dask, distributed and pyarrow. Without
them, importing this module raises an ImportError naming the extra;
``import clientel`` never imports dask.

Fits return clientel objects (a fitted
:class:`~clientel.scoring.kernels.Scorer`, a
:class:`~clientel.pricing.BidResponseModel`, an
:class:`~clientel.planning.kernels.IrrResult`, a
:class:`~clientel.planning.SimulationResult`, a
:class:`~clientel.scoring.kernels.RankAcceptability`); per-row results (scores,
ranks, tiers, bands, NPV, IRR) are lazy dask arrays chunked as the input rows.
Everything runs on the current scheduler: a ``dask.distributed.Client`` if
one is open (a LocalCluster or a scheduler's address), dask's threads
otherwise. The guide page *Scaling out with dask* says what is exact and what
is within which tolerance.

.. versionadded:: 0.2.0
"""

from clientel.dask import _require  # noqa: F401  (first: the ImportError naming the extra)
from clientel.dask._frames import score_parquet
from clientel.dask._planning import irr, irr_result, npv, simulate
from clientel.dask._pricing import band, fit_bid_response
from clientel.dask._sampling import acceptability
from clientel.dask._scoring import fit, fit_statistics, rank, score, tiers

__all__ = [
    "acceptability",
    "band",
    "fit",
    "fit_bid_response",
    "fit_statistics",
    "irr",
    "irr_result",
    "npv",
    "rank",
    "score",
    "score_parquet",
    "simulate",
    "tiers",
]
