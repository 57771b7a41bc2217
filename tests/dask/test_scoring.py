"""Scoring, ranks and tiers on a LocalCluster: the single-process numbers, whatever the split.

References are the single-process kernels on the whole matrix (an independent
code path: one fit on all rows, no merge) and, for the ranks, a brute-force
count written here.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

da = pytest.importorskip("dask.array")
cd = pytest.importorskip("clientel.dask")

from long_run import LONG_RUN_EXAMPLES  # noqa: E402

from clientel.errors import InvalidInputError, MissingDataError  # noqa: E402
from clientel.scoring.kernels import (  # noqa: E402
    ranks,
    score_matrix,
    tie_tolerance,
    tiers_by_counts,
    tiers_by_quantiles,
    tiers_by_thresholds,
)

pytestmark = pytest.mark.usefixtures("client")

N = 1_000
#: partitionings 1, 3, 7 and 16, and uneven chunks with an empty one
SPLITS = [1, 3, 7, 16, (1, 0, 499, 13, 487)]


def chunks(n: int, split: int | tuple[int, ...]) -> tuple[int, ...]:
    if isinstance(split, tuple):
        return split
    bounds = np.linspace(0, n, split + 1).round().astype(int)
    return tuple(int(b) for b in np.diff(bounds))


def dask_rows(X: np.ndarray, split: int | tuple[int, ...]) -> Any:
    rows = chunks(X.shape[0], split)
    return da.from_array(X, chunks=(rows, *X.shape[1:]) if X.ndim == 2 else (rows,))


@pytest.fixture(scope="module")
def matrix() -> np.ndarray:
    return np.random.default_rng(11).uniform(1, 9, size=(N, 4))


W, D = [0.4, 0.3, 0.2, 0.1], [1, -1, 1, 1]


@pytest.mark.parametrize("split", SPLITS, ids=str)
@pytest.mark.parametrize("normalisation", ["minmax", "max"])
def test_minmax_and_max_scores_are_bit_identical(matrix: np.ndarray, split: Any,
                                                 normalisation: str) -> None:  # fmt: skip
    d = [1, 1, 1, 1] if normalisation == "max" else D
    scorer = cd.fit(dask_rows(matrix, split), W, d, method="weighted_sum",
                    normalisation=normalisation)  # fmt: skip
    got = cd.score(scorer, dask_rows(matrix, split)).compute()
    whole = score_matrix(matrix, W, d, method="weighted_sum", normalisation=normalisation)
    assert np.array_equal(got, whole)


@pytest.mark.parametrize("split", SPLITS, ids=str)
@pytest.mark.parametrize(
    ("method", "options"),
    [("weighted_sum", {"normalisation": "vector"}), ("weighted_sum", {"normalisation": "sum"}),
     ("topsis", {}), ("vikor", {}), ("promethee_ii", {})],
)  # fmt: skip
def test_other_methods_within_1e_14(matrix: np.ndarray, split: Any, method: str,
                                    options: dict[str, Any]) -> None:  # fmt: skip
    d = [1, 1, 1, 1] if options.get("normalisation") == "sum" else D
    scorer = cd.fit(dask_rows(matrix, split), W, d, method=method, **options)
    got = cd.score(scorer, dask_rows(matrix, split)).compute()
    whole = score_matrix(matrix, W, d, method=method, **options)
    assert np.abs(got - whole).max() <= 1e-14


def test_a_dataframe_is_scored_by_its_columns(matrix: np.ndarray) -> None:
    dd = pytest.importorskip("dask.dataframe")
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(matrix, columns=["a", "b", "c", "d"])
    ddf = dd.from_pandas(frame, npartitions=5)
    columns = ["d", "a", "c", "b"]  # the order of the weights
    scorer = cd.fit(ddf, W, D, method="weighted_sum", columns=columns)
    got = cd.score(scorer, ddf, columns=columns).compute()
    assert np.array_equal(got, score_matrix(frame[columns].to_numpy(), W, D, "weighted_sum"))
    assert scorer.names == tuple(columns)


def _tied_scores() -> tuple[np.ndarray, list[str]]:
    """Exact ties and tie chains (neighbours within tol) laid across block boundaries."""
    rng = np.random.default_rng(5)
    s = np.round(rng.uniform(0, 1, N), 2)  # about ten rows per distinct value
    chain = 0.5 + np.arange(40) * 0.9e-9  # each within 1e-9 of the next: one tied group
    s[rng.choice(N, 40, replace=False)] = chain
    ids = [f"c-{i:05d}" for i in rng.permutation(N)]
    return s, ids


def _brute_ranks(s: np.ndarray, ids: list[str], tol: float) -> tuple[list[int], list[int]]:
    """Competition ranks by single-linkage groups, written out: a sort and a scan."""
    order = sorted(range(len(s)), key=lambda i: -s[i])
    group, g = [0] * len(s), 0
    for a, b in itertools.pairwise(order):
        if -s[b] - -s[a] > tol * max(1.0, abs(s[b])):
            g += 1
        group[b] = g
    first: dict[int, int] = {}
    for pos, i in enumerate(order):
        first.setdefault(group[i], pos + 1)
    rank = [first[group[i]] for i in range(len(s))]
    best = sorted(range(len(s)), key=lambda i: (rank[i], ids[i], i))
    return best, rank


@pytest.mark.parametrize("split", SPLITS, ids=str)
def test_ranks_with_ties_and_tie_chains_across_blocks(split: Any) -> None:
    s, ids = _tied_scores()
    order, rank = cd.rank(dask_rows(s, split), ids=ids, tol=1e-9)
    order, rank = order.compute(), rank.compute()
    ref_order, ref_rank = ranks(s, tie_key=ids)
    assert np.array_equal(order, ref_order)
    assert np.array_equal(rank, ref_rank)
    brute_order, brute_rank = _brute_ranks(s, ids, 1e-9)
    assert order.tolist() == brute_order
    assert rank.tolist() == brute_rank


@pytest.mark.parametrize("split", [3, (1, 0, 499, 13, 487)], ids=str)
def test_ranks_with_dask_ids_and_lower_is_better(split: Any) -> None:
    s, ids = _tied_scores()
    id_array = dask_rows(np.asarray(ids, dtype=object), split)
    order, rank = cd.rank(dask_rows(s, split), ids=id_array, higher_is_better=False)
    ref_order, ref_rank = ranks(s, tie_key=ids, higher_is_better=False, tol=tie_tolerance(s))
    assert np.array_equal(order.compute(), ref_order)
    assert np.array_equal(rank.compute(), ref_rank)


@pytest.mark.parametrize("split", SPLITS, ids=str)
def test_tiers_are_bit_identical(split: Any) -> None:
    s, _ = _tied_scores()
    x = dask_rows(s, split)
    assert np.array_equal(cd.tiers(x, counts=[10, 90, 300]).compute(),
                          tiers_by_counts(s, [10, 90, 300]))  # fmt: skip
    assert np.array_equal(cd.tiers(x, fractions=[0.05, 0.25]).compute(),
                          tiers_by_quantiles(s, [0.05, 0.25]))  # fmt: skip
    assert np.array_equal(cd.tiers(x, thresholds=[0.9, 0.5], inclusive=False).compute(),
                          tiers_by_thresholds(s, [0.9, 0.5], inclusive=False))  # fmt: skip


@settings(max_examples=LONG_RUN_EXAMPLES or 15)
@given(
    values=st.lists(
        st.sampled_from([0.0, 0.25, 0.5, 0.5 + 1e-10, 1.0, 3.0]), min_size=1, max_size=60
    ),
    cuts=st.lists(st.integers(0, 60), max_size=6),
    higher=st.booleans(),
)
def test_ranks_and_tiers_never_depend_on_the_split(values: list[float], cuts: list[int],
                                                   higher: bool) -> None:  # fmt: skip
    s = np.asarray(values)
    bounds = sorted({min(c, s.size) for c in cuts} | {0, s.size})
    x = da.from_array(s, chunks=(tuple(np.diff(bounds).tolist()),))
    ids = [f"id-{(7 * i) % s.size:03d}" for i in range(s.size)]
    order, rank = cd.rank(x, ids=ids, higher_is_better=higher)  # the front door's tolerance
    ref_order, ref_rank = ranks(s, tie_key=ids, higher_is_better=higher, tol=tie_tolerance(s))
    assert np.array_equal(order.compute(), ref_order)
    assert np.array_equal(rank.compute(), ref_rank)
    assert np.array_equal(cd.tiers(x, counts=[1, 2]).compute(), tiers_by_counts(s, [1, 2]))


@pytest.mark.parametrize("split", [1, 7], ids=str)
def test_nan_in_a_partition_names_the_row_of_the_whole(matrix: np.ndarray, split: int) -> None:
    bad = matrix.copy()
    bad[803, 2] = np.nan
    with pytest.raises(MissingDataError) as whole:
        score_matrix(bad, W, D)
    with pytest.raises(MissingDataError) as split_error:
        cd.fit(dask_rows(bad, split), W, D)
    assert split_error.value.field == whole.value.field == "row 803, criterion 2"


@pytest.mark.parametrize("method", ["weighted_sum", "topsis", "promethee_ii", "copras"])
def test_infinite_cell_when_scoring_names_the_row(matrix: np.ndarray, method: str) -> None:
    scorer = cd.fit(dask_rows(matrix, 3), W, D, method=method)
    bad = matrix.copy()
    bad[700, 0] = np.inf
    with pytest.raises(InvalidInputError) as err:
        cd.score(scorer, dask_rows(bad, 3)).compute()
    assert err.value.field == "row 700, criterion 0"


def test_empty_partitions_are_no_error_but_no_rows_is(matrix: np.ndarray) -> None:
    x = dask_rows(matrix[:5], (0, 5, 0))
    got = cd.score(cd.fit(x, W, D, method="weighted_sum"), x).compute()
    assert np.array_equal(got, score_matrix(matrix[:5], W, D, "weighted_sum"))
    with pytest.raises(InvalidInputError) as whole:
        score_matrix(np.zeros((0, 4)), W, D)
    with pytest.raises(InvalidInputError) as split_error:
        cd.fit(da.zeros((0, 4), chunks=(0, 4)), W, D)
    assert type(split_error.value) is type(whole.value)
    assert split_error.value.field == whole.value.field


def test_mismatched_columns_raise_as_single_process(matrix: np.ndarray) -> None:
    with pytest.raises(InvalidInputError) as whole:
        score_matrix(matrix[:, :3], W, D)
    with pytest.raises(InvalidInputError) as split_error:
        cd.fit(dask_rows(matrix[:, :3], 3), W, D)
    assert split_error.value.field == whole.value.field
    scorer = cd.fit(dask_rows(matrix, 3), W, D)
    with pytest.raises(InvalidInputError, match="4 columns") as err:
        cd.score(scorer, dask_rows(matrix[:, :3], 3)).compute()
    assert err.value.field == "matrix"


def test_a_dataframe_without_a_column_is_refused_by_name() -> None:
    dd = pytest.importorskip("dask.dataframe")
    pd = pytest.importorskip("pandas")
    ddf = dd.from_pandas(pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 1.0]}), npartitions=1)
    with pytest.raises(InvalidInputError) as err:
        cd.fit(ddf, [1, 1], columns=["a", "z"])
    assert err.value.field == "columns"
    assert err.value.value == ["z"]
    with pytest.raises(InvalidInputError, match="columns"):
        cd.fit(ddf, [1, 1])


def test_tiers_need_exactly_one_rule() -> None:
    x = da.from_array(np.array([0.2, 0.4]), chunks=1)
    with pytest.raises(InvalidInputError) as err:
        cd.tiers(x, counts=[1], fractions=[0.5])
    assert err.value.field == "tiers"
    with pytest.raises(InvalidInputError) as err:
        cd.tiers(x, thresholds=[0.1, 0.3])
    assert err.value.field == "thresholds"


def test_fit_statistics_merge_to_the_whole(matrix: np.ndarray) -> None:
    from clientel.scoring.kernels import fit_stats

    got, whole = cd.fit_statistics(dask_rows(matrix, 7)), fit_stats(matrix)
    assert np.array_equal(got.min, whole.min)
    assert np.array_equal(got.max, whole.max)
    assert np.abs(got.sum - whole.sum).max() <= 1e-12 * np.abs(whole.sum).max()


@pytest.mark.parametrize("split", SPLITS, ids=str)
def test_rank_with_the_front_doors_tolerance_scales_it_over_all_blocks(split: Any) -> None:
    s, ids = _tied_scores()
    small = s * 2.0**-20  # scores far below 1, as MOORA's at many rows; the chain still ties
    order, rank = cd.rank(dask_rows(small, split), ids=ids)  # the default: scaled
    tol = 1e-9 * float(np.abs(small).max())  # the largest score may sit in any block
    brute_order, brute_rank = _brute_ranks(small, ids, tol)
    assert order.compute().tolist() == brute_order
    assert rank.compute().tolist() == brute_rank
    ref_order, ref_rank = ranks(small, tie_key=ids, tol=tie_tolerance(small))
    assert np.array_equal(rank.compute(), ref_rank)
    assert np.array_equal(order.compute(), ref_order)


@pytest.mark.parametrize("split", [1, 7, (1, 0, 499, 13, 487)], ids=str)
def test_a_clusters_ranking_is_the_notebooks(split: Any) -> None:
    """Journey 7: fit, score and rank on dask with the notebook's criteria; the ranks and the
    order are those of score_alternatives, ties (duplicated rows) and tolerance included."""
    from clientel.scoring import Criterion, score_alternatives

    rng = np.random.default_rng(21)
    X = rng.uniform(1, 9, size=(N, 4))
    X[rng.choice(N, 200)] = X[rng.choice(N, 200)]  # exact ties, ordered by id
    ids = [f"acct-{i:05d}" for i in rng.permutation(N)]
    crit = [Criterion(name=n, weight=w, direction=d)
            for n, w, d in zip("abcd", [3, 2, 2, 1], ["benefit", "cost", "benefit", "benefit"],
                               strict=True)]  # fmt: skip
    notebook = score_alternatives(X, crit, ids=ids, method="weighted_sum")
    assert notebook.scores.max() < 1  # the scaled tolerance is below 1e-9 here
    scorer = cd.fit(dask_rows(X, split), [3, 2, 2, 1], [1, -1, 1, 1], method="weighted_sum")
    scores = cd.score(scorer, dask_rows(X, split))
    order, rank = cd.rank(scores, ids=ids)
    assert np.array_equal(rank.compute(), notebook.ranks)
    assert np.array_equal(order.compute(), notebook.order)
