"""One LocalCluster for the dask tests: two workers of one thread each, in this process.

Started once per session (a cluster costs about a second); the test with worker
processes starts its own. Without the ``dask`` extra every test here skips.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def client() -> Iterator[Any]:
    pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,  # fmt: skip
        distributed.Client(cluster) as c,
    ):
        yield c
