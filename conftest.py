"""Shared by the tests and the doctests in src/: what one example leaves behind is cleared.

Doctests of the plot functions and of the results' ``plot()`` draw figures;
without closing them, matplotlib's warning about many open figures (an error
under the suite's warning filter) would depend on how many examples ran before.

A scoring method registered by a test or an example and still registered when it
ends would change what the following tests see (the registry is the process's):
that test fails, naming the method, and the method is taken out.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator

import pytest

# clientel.dask needs the optional extra: without dask its doctests are not collected
# (tests/dask skip on their own).
collect_ignore_glob = [] if importlib.util.find_spec("dask") else ["src/clientel/dask/*"]


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture(autouse=True)
def _no_lingering_methods() -> Iterator[None]:
    yield
    module = sys.modules.get("clientel.scoring.kernels._method")
    if module is None:
        return
    registry = module._REGISTRY
    left = sorted(set(registry.view) - registry.builtin)
    for name in left:
        registry.remove(name)
    if left:
        msg = f"left registered scoring methods {left}: use registered_method or unregister_method"
        pytest.fail(msg)
