"""Shared by the tests and the doctests in src/: charts drawn by an example are closed after it.

Doctests of the plot functions and of the results' ``plot()`` draw figures;
without closing them, matplotlib's warning about many open figures (an error
under the suite's warning filter) would depend on how many examples ran before.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
