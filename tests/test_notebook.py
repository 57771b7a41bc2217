"""The tour notebook in docs/ runs top to bottom, shows its charts, and leaves the backend alone.

The kernel runs with matplotlib's inline backend, as in Jupyter and in the
documentation build, even where the suite itself runs under ``MPLBACKEND=Agg``
(CI does): a chart cell that produces no image fails here, so a notebook that
forced a non-interactive backend could not pass.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "tour.ipynb"
CHART = re.compile(r"\.plot\(|plots\.plot_\w+\(")  # a cell that draws a chart
INLINE = "module://matplotlib_inline.backend_inline"


@pytest.fixture(scope="module")
def executed() -> Any:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute(env={**os.environ, "MPLBACKEND": INLINE})
    return nb


def _code(nb: Any) -> list[Any]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def test_tour_notebook_executes(executed: Any) -> None:
    outputs = [o for cell in _code(executed) for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "'=Equinox Partners" in text  # the formula-looking name was escaped
    assert "Ranking topsis" in text


def test_every_chart_cell_shows_an_image(executed: Any) -> None:
    charts = [cell for cell in _code(executed) if CHART.search(cell.source)]
    assert len(charts) >= 4
    for cell in charts:
        images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
        assert len(images) == 1, f"no chart shown by the cell:\n{cell.source}"
    quiet = [cell for cell in _code(executed) if not CHART.search(cell.source)]
    assert not [c for c in quiet for o in c.outputs if "image/png" in o.get("data", {})]


def test_tables_are_formatted_for_people(executed: Any) -> None:
    html = "".join(
        str(o.get("data", {}).get("text/html", "")) for c in _code(executed) for o in c.outputs
    )
    assert not re.search(r"\de-\d\d", html), "a number in scientific notation"
    # the impact table: money with thousands separators and currency, IRR as a percentage
    assert re.search(r">\d{1,3}(,\d{3})+ EUR<", html)
    assert re.search(r">\d+\.\d%<", html)


def test_the_notebook_leaves_the_backend_to_jupyter() -> None:
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    source = "\n".join(cell.source for cell in _code(nb))
    assert "matplotlib.use(" not in source
    assert "%matplotlib" not in source
    assert not [o for cell in _code(nb) for o in cell.outputs], "stored with outputs"
