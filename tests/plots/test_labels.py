"""Point labels never overprint: a property over random point clouds, and the same picture twice."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from long_run import LONG_RUN_EXAMPLES

from clientel import plots

clouds = st.tuples(
    st.integers(min_value=1, max_value=14),  # labelled points
    st.integers(min_value=0, max_value=60),  # unlabelled points around them
    st.floats(min_value=0.005, max_value=1.0),  # spread: 0.005 is nearly one spot
    st.integers(min_value=0, max_value=2**32 - 1),
)


@settings(
    max_examples=LONG_RUN_EXAMPLES or 25,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(clouds)
def test_labels_of_any_cloud_do_not_overlap_and_stay_in_the_axes(
    look: Any, cloud: tuple[int, int, float, int]
) -> None:
    labelled, others, spread, seed = cloud
    rng = np.random.default_rng(seed)
    n = labelled + others
    a = 0.5 + spread * rng.standard_normal(n)
    f = 0.5 + spread * rng.standard_normal(n)
    words = ["Nordbank AG", "Vista", "Helvetia Versicherungen", "X", "Equinox Partners"]
    labels = [f"{words[k % 5]} {k}" if k < labelled else None for k in range(n)]
    ax = plots.plot_client_map(a, f, labels=labels, cut=0.5)
    renderer = look.draw(ax)
    texts = look.texts(ax.figure)
    assert look.overlaps(texts, renderer) == []
    for t in ax.texts:
        assert look.inside(t, ax, renderer), t.get_text()
    plt.close("all")  # the fixture (stateless) closes only after the last example


def test_the_same_input_gives_the_same_picture(look: Any) -> None:
    rng = np.random.default_rng(3)
    a, f = rng.uniform(size=(2, 40))
    labels = [f"client {k}" for k in range(12)] + [None] * 28

    def positions() -> list[tuple[float, float]]:
        ax = plots.plot_client_map(a, f, labels=labels)
        return [t.get_position() for t in ax.texts]

    assert positions() == positions()
