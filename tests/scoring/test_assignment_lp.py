"""Owner assignment as a sparse transportation LP (step 2.3.3): optimal and tie-broken by
index against brute force, equal to the dense form, and checked input."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from long_run import LONG_RUN_EXAMPLES

from clientel.errors import InvalidInputError
from clientel.scoring import kernels as sk


def _brute_force(fit, eligible, capacity):
    """Every assignment (-1 = unserved) with the best (served, total fit), by enumeration."""
    n, m = fit.shape
    best, found = (-1, -math.inf), []
    for choice in itertools.product(range(-1, m), repeat=n):
        if any(choice.count(o) > capacity[o] for o in range(m)):
            continue
        if any(o >= 0 and not eligible[i, o] for i, o in enumerate(choice)):
            continue
        key = (sum(o >= 0 for o in choice), sum(fit[i, o] for i, o in enumerate(choice) if o >= 0))
        if key > best:
            best, found = key, [choice]
        elif key == best:
            found.append(choice)
    return best, found


@settings(max_examples=LONG_RUN_EXAMPLES or 120, deadline=None)
@given(st.integers(1, 5), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_optimal_and_earlier_clients_get_earlier_owners(n, m, seed) -> None:
    rng = np.random.default_rng(seed)
    fit = rng.integers(0, 3, size=(n, m)).astype(np.float64)  # few values: many ties
    eligible = rng.random((n, m)) < 0.7
    capacity = rng.integers(0, 3, size=m).astype(np.int64)
    owner = sk.assignment(fit, eligible, capacity)
    (served, total), optima = _brute_force(fit, eligible, capacity)
    assert int((owner >= 0).sum()) == served
    assert sum(fit[i, o] for i, o in enumerate(owner) if o >= 0) == total
    # the tie-break: among the optimal assignments, the least sum of (n - client) * owner
    # over clients with an owner (served clients counted with their renumbered index)
    present = [i for i in range(n) if any(eligible[i, o] and capacity[o] > 0 for o in range(m))]
    k = len(present)

    def pref(choice):
        return sum((k - present.index(i)) * o for i, o in enumerate(choice) if o >= 0)

    assert pref(tuple(owner.tolist())) == min(pref(c) for c in optima)


@settings(max_examples=LONG_RUN_EXAMPLES or 40, deadline=None)
@given(st.integers(2, 40), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_sparse_and_dense_forms_agree(n, m, seed) -> None:
    rng = np.random.default_rng(seed)
    fit = rng.normal(size=(n, m))
    eligible = rng.random((n, m)) < 0.4
    capacity = rng.integers(0, 6, size=m)
    dense = sk.assignment(fit, eligible, capacity)
    client, owner = np.nonzero(eligible)
    perm = rng.permutation(client.size)  # pairs in any order
    sparse = sk.sparse_assignment(
        client[perm], owner[perm], fit[client, owner][perm], capacity, clients=n
    )
    np.testing.assert_array_equal(dense, sparse)
    assert all(eligible[i, o] for i, o in enumerate(sparse) if o >= 0)
    assert all((sparse == o).sum() <= capacity[o] for o in range(m))


def test_bad_input_is_named() -> None:
    with pytest.raises(InvalidInputError) as info:
        sk.sparse_assignment([0], [0, 1], [1.0, 1.0], [1, 1], clients=1)
    assert info.value.field == "fit"
    with pytest.raises(InvalidInputError) as info:
        sk.sparse_assignment([0], [2], [1.0], [1, 1], clients=1)
    assert info.value.field == "client"
    with pytest.raises(InvalidInputError) as info:
        sk.sparse_assignment([0, 0], [1, 1], [1.0, 2.0], [1, 1], clients=1)
    assert info.value.field == "client"
    with pytest.raises(InvalidInputError) as info:
        sk.sparse_assignment([0], [0], [np.nan], [1], clients=1)
    assert info.value.field == "fit"
    with pytest.raises(InvalidInputError) as info:
        sk.sparse_assignment([0], [0], [1.0], [-1], clients=1)
    assert info.value.field == "capacity"
    assert sk.sparse_assignment([], [], [], [1], clients=2).tolist() == [-1, -1]
