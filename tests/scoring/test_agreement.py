"""Rank agreement (Spearman, Kendall tau-b, WS, top-k), the Pareto filter and compare_methods.

Spearman's rho and Kendall's tau-b are checked against scipy.stats (an independent
implementation); the WS coefficient against its formula as printed in Salabun and Urbaniak
(2020), read in pymcdm's source (pymcdm/correlations.py, rank_similarity_coef, which cites the
paper): the paper itself could not be opened here, so its own worked examples are not quoted;
the values below are computed from the formula by hand in the docstrings. The Pareto filter is
checked against the pairwise definition (brute force).
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from clientel import Explanation
from clientel.errors import InvalidInputError
from clientel.scoring import Criterion, compare_methods, score_alternatives
from clientel.scoring import kernels as sk

rankings = st.integers(2, 40).flatmap(
    lambda m: st.tuples(
        hnp.arrays(np.int64, m, elements=st.integers(1, 6)),
        hnp.arrays(np.int64, m, elements=st.integers(1, 6)),
    )
)


@given(rankings)
def test_spearman_and_kendall_tau_b_equal_scipy_with_ties(pair: tuple) -> None:
    x, y = pair
    assume(x.min() < x.max() and y.min() < y.max())
    rho = scipy.stats.spearmanr(x, y).statistic
    tau = scipy.stats.kendalltau(x, y, variant="b").statistic
    assert sk.spearman_rho(x, y) == pytest.approx(rho, abs=1e-12)
    assert sk.kendall_tau_b(x, y) == pytest.approx(tau, abs=1e-12)
    assert sk.kendall_tau_b(y, x) == pytest.approx(tau, abs=1e-12)  # symmetric


@given(st.integers(2, 3000), st.integers(0, 2**32 - 1))
def test_kendall_tau_b_on_long_permutations(m: int, seed: int) -> None:
    """Many merge passes: a permutation against a noisy copy of itself."""
    rng = np.random.default_rng(seed)
    x = rng.permutation(m)
    y = x + rng.integers(0, max(2, m // 10), m)
    assume(y.min() < y.max())
    tau = scipy.stats.kendalltau(x, y).statistic
    assert sk.kendall_tau_b(x, y) == pytest.approx(tau, abs=1e-12)


def _ws(x: list[float], y: list[float]) -> float:
    """The WS formula of Salabun and Urbaniak (2020), term by term."""
    n = len(x)
    return 1 - sum(
        2.0**-a * abs(a - b) / max(abs(a - 1), abs(a - n)) for a, b in zip(x, y, strict=True)
    )


def test_ws_similarity_by_hand() -> None:
    """Five alternatives: swapping the first two costs 2**-1 * 1/4 + 2**-2 * 1/3 = 0.20833
    (WS 0.79167); swapping the last two costs 2**-4 * 1/3 + 2**-5 * 1/4 = 0.02865 (WS
    0.97135): a difference at the top weighs more, which is the point of the coefficient."""
    assert sk.ws_similarity([1, 2, 3, 4, 5], [2, 1, 3, 4, 5]) == pytest.approx(
        1 - 0.5 / 4 - 0.25 / 3
    )
    assert sk.ws_similarity([1, 2, 3, 4, 5], [1, 2, 3, 5, 4]) == pytest.approx(
        1 - 2**-4 / 3 - 2**-5 / 4
    )
    assert sk.ws_similarity([3, 1, 2], [3, 1, 2]) == 1.0


def _two_permutations(m: int) -> st.SearchStrategy:
    return st.tuples(st.permutations(range(1, m + 1)), st.permutations(range(1, m + 1)))


@given(st.integers(2, 30).flatmap(_two_permutations))
def test_ws_similarity_formula_and_range(pair: tuple) -> None:
    x, y = (list(map(float, p)) for p in pair)
    ws = sk.ws_similarity(x, y)
    assert ws == pytest.approx(_ws(x, y), abs=1e-12)
    assert 0 < ws <= 1
    assert (ws == 1) == (x == y)


def test_top_k_overlap_and_bad_rankings() -> None:
    assert sk.top_k_overlap([1, 2, 3, 4], [1, 2, 3, 4], 2) == 1.0
    assert sk.top_k_overlap([1, 2, 3, 4], [4, 3, 2, 1], 2) == 0.0
    assert sk.top_k_overlap([1, 2, 2, 4], [1, 2, 3, 4], 2) == pytest.approx(2 / 3)  # a tie at 2
    with pytest.raises(InvalidInputError) as exc:
        sk.top_k_overlap([1, 2], [1, 2], 3)
    assert exc.value.field == "k"
    with pytest.raises(InvalidInputError) as exc:
        sk.spearman_rho([1, 2, 3], [1, 2])
    assert exc.value.field == "y"
    with pytest.raises(InvalidInputError, match="tied") as exc:
        sk.kendall_tau_b([1, 1, 1], [1, 2, 3])
    assert exc.value.field == "x"
    with pytest.raises(InvalidInputError) as exc:
        sk.spearman_rho([1, np.nan, 3], [1, 2, 3])
    assert exc.value.field == "x[1]"
    with pytest.raises(InvalidInputError) as exc:
        sk.ws_similarity([1, 2, 3], [1, 2, 4])
    assert exc.value.field == "other[2]"


@given(
    hnp.arrays(np.float64, st.tuples(st.integers(1, 25), st.integers(1, 4)),
               elements=st.integers(0, 4).map(float)),
    st.data(),
)  # fmt: skip
def test_pareto_front_equals_the_pairwise_definition(X: np.ndarray, data: st.DataObject) -> None:
    d = np.array(data.draw(st.lists(st.sampled_from([1, -1]), min_size=X.shape[1],
                                    max_size=X.shape[1])))  # fmt: skip
    P = X * d
    dominated = [
        any((P[b] >= P[a]).all() and (P[b] > P[a]).any() for b in range(len(X)))
        for a in range(len(X))
    ]
    front = sk.pareto_front(X, d)
    assert front.tolist() == [not x for x in dominated]
    assert front.any()
    s = sk.weighted_sum(X, np.ones(X.shape[1]), d, normalisation="none")
    assert front[int(np.argmax(s))]  # the best weighted sum is never dominated


def test_pareto_front_names_bad_cells() -> None:
    with pytest.raises(InvalidInputError) as exc:
        sk.pareto_front([[1.0, np.inf]], names=["a", "b"])
    assert exc.value.field == "row 0, criterion 'b'"


CRIT = [Criterion(name="potential", weight=3), Criterion(name="cost", direction="cost", weight=1),
        Criterion(name="fit", weight=2)]  # fmt: skip


@given(hnp.arrays(np.float64, (12, 3), elements=st.integers(1, 50).map(float)))
def test_compare_methods_agrees_with_the_rankings_and_the_measures(X: np.ndarray) -> None:
    for j in range(3):
        assume(X[:, j].max() > X[:, j].min())
    ids = [f"c{i:02d}" for i in range(12)]
    methods = ("weighted_sum", "topsis", "vikor", "moora", "edas", "mabac", "copras")
    c = compare_methods(X, CRIT, ids=ids, methods=methods, k=4)
    assert c.ids == tuple(ids)
    assert c.ranks.shape == (12, 7)
    for j, name in enumerate(methods):
        ranking = score_alternatives(X, CRIT, ids=ids, method=name)
        assert [c.ranks_of(i)[name] for i in ids] == [ranking.item(i).rank for i in ids]
        assert c.ws[j, j] == c.spearman[j, j] == c.kendall_tau_b[j, j] == c.top_k[j, j] == 1.0
    for i in range(7):
        for j in range(7):
            a, b = c.ranks[:, i], c.ranks[:, j]
            if i != j and a.min() < a.max() and b.min() < b.max():
                tau = scipy.stats.kendalltau(a, b).statistic
                assert c.kendall_tau_b[i, j] == pytest.approx(tau, abs=1e-12)
                assert c.ws[i, j] == pytest.approx(sk.ws_similarity(a, b), abs=1e-15)
    np.testing.assert_array_equal(c.spearman, c.spearman.T)
    assert len(c.to_records()) == 21


def test_compare_methods_table_chart_and_explanation() -> None:
    X = [[8.0, 5.0, 3.0], [6.0, 1.0, 4.0], [7.0, 4.0, 1.0], [2.0, 2.0, 2.0], [9.0, 9.0, 9.0]]
    ids = ["nordbank", "vista", "civic", "orbit", "aurum"]
    c = compare_methods(X, CRIT, ids=ids, methods=("topsis", "vikor", "spotis"),
                        options={"spotis": {"bounds": [[0, 10]] * 3}}, k=2)  # fmt: skip
    rows = c.to_records()
    assert [(r["method"], r["other"]) for r in rows] == [
        ("topsis", "vikor"), ("topsis", "spotis"), ("vikor", "spotis")]  # fmt: skip
    assert set(rows[0]) == {"method", "other", "spearman", "kendall_tau_b", "ws", "ws_reverse",
                            "top_2_overlap"}  # fmt: skip
    assert "<table" in c._repr_html_()
    assert "MethodComparison" in repr(c)
    e = c.explain("vista")
    assert isinstance(e, Explanation)
    assert [f.criterion for f in e] == sorted(c.methods, key=lambda m: (c.ranks_of("vista")[m], m))
    ax = c.plot(measure="ws")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["topsis", "vikor", "spotis"]
    assert len(ax.texts) == 9


def test_compare_methods_bad_input() -> None:
    X = [[8.0, 5.0, 3.0], [6.0, 1.0, 4.0], [7.0, 4.0, 1.0]]
    for kwargs, field in (
        ({"methods": ("topsis",)}, "methods"),
        ({"methods": ("topsis", "topsis")}, "methods"),
        ({"methods": ("topsis", "electre_i")}, "methods"),
        ({"methods": ("topsis", "vikor"), "options": {"moora": {}}}, "options"),
        ({"methods": ("topsis", "vikor"), "k": 0}, "k"),
        ({"methods": ("topsis", "vikor"), "k": 4}, "k"),
        ({"methods": ("topsis", "nonesuch")}, "method"),
    ):
        with pytest.raises(InvalidInputError) as exc:
            compare_methods(X, CRIT, ids=["a", "b", "c"], **kwargs)
        assert exc.value.field == field, kwargs
    c = compare_methods(X, CRIT, ids=["a", "b", "c"], methods=("topsis", "vikor"), k=1)
    with pytest.raises(InvalidInputError) as exc:
        c.explain("zz")
    assert exc.value.field == "id"
    with pytest.raises(InvalidInputError) as exc:
        c.agreement("pearson")
    assert exc.value.field == "measure"
