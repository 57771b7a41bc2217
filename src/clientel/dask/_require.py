"""dask, loaded once, or an ImportError naming the extra that brings it.

The collections and schedulers of dask are typed ``Any`` here: clientel's own
arguments and results are typed, dask's objects pass through.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["EXTRA", "da", "dask", "dataframe"]

EXTRA = "clientel[dask]"


def _load(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        msg = f"clientel.dask needs dask: pip install '{EXTRA}' ({name} could not be imported)"
        raise ImportError(msg, name=name) from exc


dask: Any = _load("dask")
da: Any = _load("dask.array")


def dataframe() -> Any:
    """``dask.dataframe`` (loaded on first use: it needs pandas and pyarrow)."""
    return _load("dask.dataframe")
