"""Worked examples from published sources (cited per test) and independent computations."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats

from clientel.scoring import kernels as sk


def _pairwise(names: list[str], pairs: dict[tuple[str, str], float]) -> np.ndarray:
    A = np.ones((len(names), len(names)))
    for (a, b), v in pairs.items():
        i, j = names.index(a), names.index(b)
        A[i, j], A[j, i] = v, 1 / v
    return A


# -- TOPSIS ---------------------------------------------------------------------------------
def test_topsis_tzeng_huang_2011() -> None:
    """Tzeng, G.-H. and Huang, J.-J. (2011). Multiple Attribute Decision Making: Methods and
    Applications. CRC Press, TOPSIS example (4 alternatives, 3 benefit criteria,
    w = 0.3/0.4/0.3): closeness 0.5037, 0.6581, 0.7482, 0.3340."""
    X = [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]]
    r = sk.topsis(X, [0.3, 0.4, 0.3])
    np.testing.assert_allclose(r.closeness, [0.5037, 0.6581, 0.7482, 0.3340], atol=1e-4)


def _topsis_by_hand(X: np.ndarray, w: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Hwang and Yoon (1981), pp. 131-132, steps 1-6 written out literally."""
    R = X / np.sqrt((X**2).sum(axis=0))
    V = R * w
    ideal = np.array([V[:, j].max() if d[j] > 0 else V[:, j].min() for j in range(X.shape[1])])
    anti = np.array([V[:, j].min() if d[j] > 0 else V[:, j].max() for j in range(X.shape[1])])
    s_plus = np.array(
        [
            np.sqrt(sum((V[i, j] - ideal[j]) ** 2 for j in range(X.shape[1])))
            for i in range(X.shape[0])
        ]
    )
    s_minus = np.array(
        [
            np.sqrt(sum((V[i, j] - anti[j]) ** 2 for j in range(X.shape[1])))
            for i in range(X.shape[0])
        ]
    )
    return s_minus / (s_plus + s_minus)


@pytest.mark.parametrize(
    ("X", "w", "d"),
    [
        # Opricovic and Tzeng (2004), EJOR 156: risk (cost) and altitude (benefit).
        ([[1.0, 3000.0], [2.0, 3750.0], [5.0, 4500.0]], [0.5, 0.5], [-1, 1]),
        # Opricovic and Tzeng (2007), EJOR 178: hydro-power alternatives, 8 criteria.
        (
            [
                [4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41],
                [5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41],
                [5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42],
                [5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36],
                [5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04],
                [4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36],
            ],
            [1 / 8] * 8,
            [1, -1, 1, 1, -1, -1, -1, 1],
        ),
    ],
)
def test_topsis_matches_the_textbook_steps(
    X: list[list[float]], w: list[float], d: list[int]
) -> None:
    """Published data sets scored by the six textbook steps written out independently."""
    Xa, wa, da = np.asarray(X, float), np.asarray(w, float), np.asarray(d)
    np.testing.assert_allclose(
        sk.topsis(Xa, wa, da).closeness, _topsis_by_hand(Xa, wa, da), rtol=1e-12
    )


# -- VIKOR ----------------------------------------------------------------------------------
def test_vikor_opricovic_tzeng_2004() -> None:
    """Opricovic and Tzeng (2004), EJOR 156(2), 445-455, numerical example: S = (0.5, 0.375,
    0.5), R = (0.5, 0.25, 0.5), Q = (1, 0, 1); A2 is the compromise with both conditions."""
    r = sk.vikor([[1.0, 3000.0], [2.0, 3750.0], [5.0, 4500.0]], [0.5, 0.5], [-1, 1])
    np.testing.assert_allclose(r.S, [0.5, 0.375, 0.5])
    np.testing.assert_allclose(r.R, [0.5, 0.25, 0.5])
    np.testing.assert_allclose(r.Q, [1.0, 0.0, 1.0])
    assert (r.advantage, r.stability, r.compromise) == (True, True, (1,))


@pytest.mark.parametrize(
    ("weights", "S", "R", "Q", "compromise"),
    [
        (
            [1] * 8,
            [0.692, 0.7, 0.29, 0.423, 0.28, 0.346],
            [0.125, 0.125, 0.121, 0.125, 0.067, 0.125],
            [0.991, 1.0, 0.473, 0.670, 0.0, 0.578],
            {4},
        ),
        (
            [1, 1, 1, 1, 2, 2, 2, 2],
            [0.683, 0.8, 0.193, 0.48, 0.243, 0.232],
            [0.113, 0.167, 0.08, 0.122, 0.044, 0.083],
            [0.684, 1.0, 0.147, 0.554, 0.041, 0.191],
            {2, 4, 5},
        ),
    ],
)
def test_vikor_opricovic_tzeng_2007(
    weights: list[float], S: list[float], R: list[float], Q: list[float], compromise: set[int]
) -> None:
    """Opricovic and Tzeng (2007). Extended VIKOR method in comparison with outranking methods.
    EJOR 178(2), 514-529: the hydro-power case for two weightings (values as published,
    three decimals)."""
    X = [
        [4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41],
        [5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41],
        [5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42],
        [5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36],
        [5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04],
        [4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36],
    ]
    r = sk.vikor(X, weights, [1, -1, 1, 1, -1, -1, -1, 1])
    np.testing.assert_allclose(r.S, S, atol=1.5e-3)
    np.testing.assert_allclose(r.R, R, atol=1.5e-3)
    np.testing.assert_allclose(r.Q, Q, atol=1.5e-3)
    assert set(r.compromise) == compromise


# -- AHP ------------------------------------------------------------------------------------
def test_ahp_saaty_2008_drinks() -> None:
    """Saaty, T. L. (2008). Decision making with the analytic hierarchy process. Int. J.
    Services Sciences 1(1), 83-98, Table 2 (drink consumption in the US): eigenvector
    0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327."""
    names = ["coffee", "wine", "tea", "beer", "soda", "milk", "water"]
    pairs = {
        ("coffee", "wine"): 9,
        ("coffee", "tea"): 5,
        ("coffee", "beer"): 2,
        ("coffee", "soda"): 1,
        ("coffee", "milk"): 1,
        ("water", "coffee"): 2,
        ("tea", "wine"): 3,
        ("beer", "wine"): 9,
        ("beer", "tea"): 3,
        ("beer", "milk"): 1,
        ("soda", "wine"): 9,
        ("soda", "tea"): 4,
        ("soda", "beer"): 2,
        ("soda", "milk"): 2,
        ("milk", "wine"): 9,
        ("milk", "tea"): 3,
        ("water", "wine"): 9,
        ("water", "tea"): 9,
        ("water", "beer"): 3,
        ("water", "soda"): 2,
        ("water", "milk"): 3,
    }
    r = sk.ahp_weights(_pairwise(names, pairs))
    expected = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
    np.testing.assert_allclose(r.weights, expected, atol=6e-4)
    assert r.consistent


def test_ahp_leader_example_criteria() -> None:
    """Wikipedia, "Analytic hierarchy process - leader example" (criteria level):
    experience 0.548, education 0.127, charisma 0.270, age 0.056; CR 0.044."""
    names = ["exp", "edu", "cha", "age"]
    pairs = {
        ("exp", "edu"): 4,
        ("exp", "cha"): 3,
        ("exp", "age"): 7,
        ("edu", "age"): 3,
        ("cha", "edu"): 3,
        ("cha", "age"): 5,
    }
    r = sk.ahp_weights(_pairwise(names, pairs))
    np.testing.assert_allclose(r.weights, [0.548, 0.127, 0.270, 0.056], atol=6e-4)
    assert r.cr == pytest.approx(0.044, abs=6e-4)


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ({("Tom", "Dick"): 0.25, ("Tom", "Harry"): 4, ("Dick", "Harry"): 9}, [0.217, 0.717, 0.066]),
        ({("Tom", "Dick"): 3, ("Tom", "Harry"): 0.2, ("Harry", "Dick"): 7}, [0.188, 0.081, 0.731]),
        ({("Tom", "Dick"): 5, ("Tom", "Harry"): 9, ("Dick", "Harry"): 4}, [0.743, 0.194, 0.063]),
        ({("Dick", "Tom"): 3, ("Tom", "Harry"): 5, ("Dick", "Harry"): 9}, [0.265, 0.672, 0.063]),
    ],
)
def test_ahp_leader_example_alternatives(
    pairs: dict[tuple[str, str], float], expected: list[float]
) -> None:
    """Same source, alternatives under experience, education, charisma and age."""
    r = sk.ahp_weights(_pairwise(["Tom", "Dick", "Harry"], pairs))
    np.testing.assert_allclose(r.weights, expected, atol=6e-4)


def test_ahp_random_index_tables_give_different_cr() -> None:
    """Saaty (1980) RI(4) = 0.90; Alonso and Lamata (2006) RI(4) = 0.8816."""
    A = _pairwise(
        ["a", "b", "c", "d"],
        {("a", "b"): 4, ("a", "c"): 3, ("a", "d"): 7, ("b", "d"): 3, ("c", "b"): 3, ("c", "d"): 5},
    )
    saaty = sk.ahp_weights(A)
    al = sk.ahp_weights(A, random_index="alonso-lamata")
    assert saaty.ci == pytest.approx(al.ci)
    assert al.cr == pytest.approx(saaty.cr * 0.90 / 0.8816)


# -- weights --------------------------------------------------------------------------------
def test_roc_weights_barron_barrett_1996() -> None:
    """Barron and Barrett (1996), Management Science 42(11), Table 1: ROC weights for n = 4
    are 0.5208, 0.2708, 0.1458, 0.0625."""
    np.testing.assert_allclose(sk.roc_weights(4), [0.5208, 0.2708, 0.1458, 0.0625], atol=1e-4)


def test_rank_sum_weights_stillwell_1981() -> None:
    """Stillwell, Seaver and Edwards (1981): rank-sum weights for n = 4 are 0.4, 0.3, 0.2, 0.1."""
    np.testing.assert_allclose(sk.rank_sum_weights(4), [0.4, 0.3, 0.2, 0.1])


def test_entropy_weights_independent() -> None:
    """Independent computation with scipy.stats.entropy (natural log, 0 ln 0 = 0)."""
    X = np.array([[7.0, 9, 9, 8], [8, 7, 8, 7], [9, 6, 8, 9], [6, 7, 8, 6]])
    E = np.array([scipy.stats.entropy(X[:, j]) / np.log(4) for j in range(4)])
    expected = (1 - E) / (1 - E).sum()
    np.testing.assert_allclose(sk.entropy_weights(X), expected, rtol=1e-12)
    with_zero = np.array([[0.0, 1], [2, 1], [3, 5]])
    E0 = np.array([scipy.stats.entropy(with_zero[:, j]) / np.log(3) for j in range(2)])
    np.testing.assert_allclose(sk.entropy_weights(with_zero), (1 - E0) / (1 - E0).sum())


def test_critic_weights_independent() -> None:
    """Diakoulaki et al. (1995) formula computed independently with pandas."""
    import pandas as pd

    X = np.array([[7.0, 9, 9, 8], [8, 7, 8, 7], [9, 6, 8, 9], [6, 7, 8, 6], [5, 8, 7, 9]])
    N = (X - X.min(0)) / (X.max(0) - X.min(0))
    frame = pd.DataFrame(N)
    C = frame.std() * (1 - frame.corr()).sum()
    np.testing.assert_allclose(sk.critic_weights(X), (C / C.sum()).to_numpy(), rtol=1e-12)


# -- WPM, SAW, PROMETHEE ----------------------------------------------------------------------
def test_weighted_product_triantaphyllou_2000() -> None:
    """Triantaphyllou (2000), Multi-Criteria Decision Making Methods, ch. 2 WPM example:
    R(A1/A2) = 1.007, R(A1/A3) = 1.067, R(A2/A3) = 1.059, so A1 is best."""
    X = [[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]]
    p = sk.weighted_product(X, [0.20, 0.15, 0.40, 0.25])
    assert p[0] / p[1] == pytest.approx(1.007, abs=5e-4)
    assert p[0] / p[2] == pytest.approx(1.067, abs=5e-4)
    assert p[1] / p[2] == pytest.approx(1.059, abs=5e-4)


def test_weighted_sum_hand_computed() -> None:
    """A client list scored by hand: min-max normalisation, benefit and cost criteria."""
    X = [[4.0, 0.2, 30.0], [2.0, 0.1, 10.0], [3.0, 0.4, 20.0]]
    w = [0.5, 0.3, 0.2]
    # revenue (4,2,3) -> (1, 0, .5); growth (.2,.1,.4) -> (1/3, 0, 1); cost (30,10,20) -> (0,1,.5)
    expected = [0.5 + 0.1, 0.2, 0.25 + 0.3 + 0.1]
    np.testing.assert_allclose(sk.weighted_sum(X, w, [1, 1, -1]), expected)


def _promethee_by_pairs(
    X: np.ndarray, w: np.ndarray, d: np.ndarray, kinds: list[str], q: np.ndarray, p: np.ndarray
) -> np.ndarray:
    """Brans and Vincke (1985) definitions, pair by pair."""

    def pref(kind: str, x: float, qq: float, pp: float) -> float:
        if kind == "usual":
            return 1.0 if x > 0 else 0.0
        if kind == "v-shape":
            return 0.0 if x <= 0 else min(x / pp, 1.0)
        if kind == "linear":
            return 0.0 if x <= qq else (1.0 if x > pp else (x - qq) / (pp - qq))
        return 0.0 if x <= qq else (0.5 if x <= pp else 1.0)

    m = X.shape[0]
    pi = np.zeros((m, m))
    for a in range(m):
        for b in range(m):
            if a != b:
                pi[a, b] = sum(
                    w[j] * pref(kinds[j], d[j] * (X[a, j] - X[b, j]), q[j], p[j])
                    for j in range(X.shape[1])
                )
    return (pi.sum(axis=1) - pi.sum(axis=0)) / (m - 1)


def test_promethee_ii_against_pairwise_definition() -> None:
    X = np.array(
        [
            [80, 90, 600, 5.4, 8],
            [65, 58, 200, 9.7, 1],
            [83, 60, 400, 7.2, 4],
            [40, 80, 1000, 7.5, 7],
            [52, 72, 600, 2.0, 3],
        ],
        dtype=float,
    )
    w = np.array([0.1, 0.2, 0.3, 0.25, 0.15])
    d = np.array([-1, 1, -1, 1, 1])
    kinds = ["usual", "v-shape", "linear", "level", "usual"]
    q = np.array([0, 0, 100, 1, 0], dtype=float)
    p = np.array([0, 30, 500, 3, 0], dtype=float)
    r = sk.promethee_ii(X, w, d, preference=kinds, q=q, p=p)
    np.testing.assert_allclose(r.net, _promethee_by_pairs(X, w, d, kinds, q, p), atol=1e-12)
    np.testing.assert_allclose(r.criterion_flows.sum(axis=1), r.net, atol=1e-12)
    np.testing.assert_allclose(r.positive - r.negative, r.net, atol=1e-12)
