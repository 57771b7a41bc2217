"""Planning test fixtures: the CDNOW summary of Fader, Hardie and Lee (2005).

The table is not shipped with clientel (see tests/planning/data/README.md): it is
read from the wheel of the ``lifetimes`` package (test dependency group), found
without importing the package. Without it the tests that need it are skipped,
saying why.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

CDNOW_FILE = "datasets/cdnow_customers_summary.csv"

Histories = tuple[list[str], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]


def _cdnow_path() -> Path | None:
    spec = importlib.util.find_spec("lifetimes")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / CDNOW_FILE
    return path if path.exists() else None


@pytest.fixture(scope="session")
def cdnow() -> Histories:
    """(ids, frequency, recency, age) of the 2,357 CDNOW customers, weeks (39-week calibration)."""
    path = _cdnow_path()
    if path is None:
        pytest.skip(
            "the CDNOW summary is not shipped with clientel (no redistribution licence found); "
            "install the test group (uv sync), whose 'lifetimes' wheel carries it"
        )
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ids = [row["ID"] for row in rows]
    x, t_x, T = (np.array([float(row[k]) for row in rows]) for k in ("frequency", "recency", "T"))
    return ids, x, t_x, T
