"""More published worked examples: one more per method and weighting scheme, and the
conventions the peer libraries disagree on (vector versus min-max TOPSIS).

The reference numbers are quoted from the cited papers (several of them are also the reference
values of pymcdm's test suite, which cites the same sources); where a published table was not
at hand, the numbers are recomputed independently in the test and this is said in the docstring.
"""

from __future__ import annotations

import numpy as np

from clientel import scoring as sc
from clientel.scoring import kernels as sk

# Hwang and Yoon (1981), fighter-aircraft problem: max speed (Mach), ferry range (NM), maximum
# payload (lb), acquisition cost ($M, cost), reliability and manoeuvrability (linguistic
# ratings on the book's interval scale: low 3, average 5, high 7, very high 9).
FIGHTERS = np.array(
    [
        [2.0, 1500, 20000, 5.5, 5, 9],
        [2.5, 2700, 18000, 6.5, 3, 5],
        [1.8, 2000, 21000, 4.5, 7, 7],
        [2.2, 1800, 20000, 5.0, 5, 5],
    ]
)
FIGHTER_WEIGHTS = np.array([0.2, 0.1, 0.1, 0.1, 0.2, 0.3])
FIGHTER_DIRECTIONS = np.array([1, 1, 1, -1, 1, 1])


def test_topsis_hwang_yoon_1981_fighter_aircraft() -> None:
    """Hwang, C.-L. and Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
    Applications. Springer, Lecture Notes in Economics and Mathematical Systems 186, TOPSIS
    fighter-aircraft example (pp. 130-134): preference order A1 > A3 > A4 > A2.

    The closeness values are checked against the book's six steps recomputed here in plain
    loops over scalars (vector normalisation, weighting, ideal and anti-ideal, Euclidean
    separations, relative closeness), independently of the library's kernels.
    """
    r = sk.topsis(FIGHTERS, FIGHTER_WEIGHTS, FIGHTER_DIRECTIONS)
    assert list(np.argsort(-r.closeness, kind="stable")) == [0, 2, 3, 1]

    m, n = FIGHTERS.shape
    norms = [sum(FIGHTERS[i][j] ** 2 for i in range(m)) ** 0.5 for j in range(n)]
    v = [[FIGHTER_WEIGHTS[j] * FIGHTERS[i][j] / norms[j] for j in range(n)] for i in range(m)]
    best, worst = [], []
    for j in range(n):
        col = [v[i][j] for i in range(m)]
        hi, lo = max(col), min(col)
        best.append(hi if FIGHTER_DIRECTIONS[j] > 0 else lo)
        worst.append(lo if FIGHTER_DIRECTIONS[j] > 0 else hi)
    expected = []
    for i in range(m):
        s_plus = sum((v[i][j] - best[j]) ** 2 for j in range(n)) ** 0.5
        s_minus = sum((v[i][j] - worst[j]) ** 2 for j in range(n)) ** 0.5
        expected.append(s_minus / (s_plus + s_minus))
    np.testing.assert_allclose(r.closeness, expected, rtol=1e-12)


def test_topsis_normalisation_convention_opricovic_tzeng_2004() -> None:
    """Opricovic, S. and Tzeng, G.-H. (2004). Compromise solution by MCDM methods: a
    comparative analysis of VIKOR and TOPSIS. EJOR 156(2), 445-455, numerical example.

    Pinned convention: TOPSIS normalises by the vector norm (Hwang and Yoon's default). With
    min-max normalisation (pymcdm's default) the same data give C = (0.500, 0.617, 0.500), the
    values quoted in pymcdm's test suite, which make A2 the winner. Both sets of numbers are
    worked by hand here:

    - min-max, w = 0.5: v = (0.5, 0), (0.375, 0.25), (0, 0.5); ideal (0.5, 0.5), anti (0, 0);
      A2: d+ = sqrt(0.125^2 + 0.25^2), d- = sqrt(0.375^2 + 0.25^2).
    - vector: risk norm sqrt(30), altitude norm sqrt(43.3125e6); A1 sits on the risk ideal.
    """
    X = [[1.0, 3000.0], [2.0, 3750.0], [5.0, 4500.0]]
    minmax = sk.topsis(X, [0.5, 0.5], [-1, 1], normalisation="minmax").closeness
    d_plus = np.hypot(0.125, 0.25)
    d_minus = np.hypot(0.375, 0.25)
    np.testing.assert_allclose(minmax, [0.5, d_minus / (d_plus + d_minus), 0.5], rtol=1e-12)
    assert round(float(minmax[1]), 3) == 0.617

    vector = sk.topsis(X, [0.5, 0.5], [-1, 1]).closeness
    risk = 0.5 * np.array([1.0, 2.0, 5.0]) / np.sqrt(30.0)
    alt = 0.5 * np.array([3000.0, 3750.0, 4500.0]) / np.sqrt(43.3125e6)
    d_p = np.hypot(risk - risk.min(), alt - alt.max())
    d_m = np.hypot(risk - risk.max(), alt - alt.min())
    np.testing.assert_allclose(vector, d_m / (d_p + d_m), rtol=1e-12)
    assert int(np.argmax(vector)) == 0  # A1 under the vector convention


def test_vikor_yang_wu_2020() -> None:
    """Yang, W. and Wu, Y. (2020). A new improvement method to avoid rank reversal in VIKOR.
    IEEE Access 8, 21261-21271, example: Q = 0.5679, 0.7667, 1, 0.7493, 0 (v = 0.5)."""
    X = [[78, 56, 34, 6], [4, 45, 3, 97], [18, 2, 50, 63], [9, 14, 11, 92], [85, 9, 100, 29]]
    r = sk.vikor(X, [0.25] * 4, [1, 1, 1, 1])
    np.testing.assert_allclose(r.Q, [0.5679, 0.7667, 1.0, 0.7493, 0.0], atol=5e-5)
    assert r.compromise[0] == 4  # Q is lower-is-better: A5 leads


def test_promethee_ii_zhao_peng_li_2013() -> None:
    """Zhao, H., Peng, Y. and Li, W. (2013). Revised PROMETHEE II for improving efficiency in
    emergency response. Procedia Computer Science 17, 181-188, example with the usual
    criterion: net flows 0.1, -0.3, 0.2 (checked by hand: pi(A1, A2) = 0.8, pi(A1, A3) = 0.3,
    pi(A2, A3) = 0.5 and their complements, divided by m - 1 = 2)."""
    r = sk.promethee_ii([[4, 3, 2], [3, 2, 4], [5, 1, 3]], [0.5, 0.3, 0.2], [1, 1, 1])
    np.testing.assert_allclose(r.net, [0.1, -0.3, 0.2], atol=1e-12)
    np.testing.assert_allclose(r.positive, [(0.8 + 0.3) / 2, (0.2 + 0.5) / 2, (0.7 + 0.5) / 2])


def test_entropy_weights_elsayed_2017() -> None:
    """Elsayed, E. A., Dawood, A. S. and Karthikeyan, R. (2017). Evaluating alternatives
    through the application of TOPSIS method with entropy weight. Int. J. Eng. Trends Technol.
    46(2), 60-66: entropy weights 0.104991, 0.069124, 0.071373, 0.449937, 0.304575."""
    X = [
        [7, 312, 1891, 6613, 163],
        [72, 88, 728, 941804, 1078],
        [10, 252, 2594, 3466, 117471],
        [10, 145, 980, 2371, 86329],
        [65, 54, 350, 501, 29897],
        [29, 48, 380, 912, 34051],
        [7, 476, 3300, 78470, 2212],
        [70, 87, 650, 733, 819000],
        [4, 86, 591, 3015, 103],
        [12, 79, 579, 3240, 96098],
        [21, 45, 261, 1253, 453],
        [1, 72, 530, 4333, 0.1048],
    ]
    expected = [0.104991, 0.069124, 0.071373, 0.449937, 0.304575]
    np.testing.assert_allclose(sk.entropy_weights(X), expected, atol=5e-7)


def test_critic_weights_tus_adali_2019() -> None:
    """Tuş, A. and Adalı, E. A. (2019). The new combination with CRITIC and WASPAS methods for
    the time and attendance software selection problem. Opsearch 56(2), 528-538: CRITIC
    weights 0.157, 0.249, 0.168, 0.121, 0.154, 0.151 (every column min-max normalised as a
    benefit column in the weighting step, as in the source)."""
    X = [
        [5000, 3, 3, 4, 3, 2],
        [680, 5, 3, 2, 2, 1],
        [2000, 3, 2, 3, 4, 3],
        [600, 4, 3, 1, 2, 2],
        [800, 2, 4, 3, 3, 4],
    ]
    expected = [0.157, 0.249, 0.168, 0.121, 0.154, 0.151]
    np.testing.assert_allclose(sk.critic_weights(X), expected, atol=5e-4)


def test_weighted_sum_fighter_aircraft_by_hand() -> None:
    """Simple additive weighting on Hwang and Yoon's (1981) fighter data with linear (min-max)
    scaling, each score written out by hand from the column ranges: speed 1.8-2.5, range
    1500-2700, payload 18000-21000, cost 4.5-6.5 (cost), reliability 3-7, manoeuvrability 5-9.
    """
    w = FIGHTER_WEIGHTS
    rows = [
        [(2.0 - 1.8) / 0.7, 0.0, 2 / 3, 1 / 2, 1 / 2, 1.0],
        [1.0, 1.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 500 / 1200, 1.0, 1.0, 1.0, 1 / 2],
        [(2.2 - 1.8) / 0.7, 300 / 1200, 2 / 3, 3 / 4, 1 / 2, 0.0],
    ]
    expected = [sum(wj * rj for wj, rj in zip(w, row, strict=True)) for row in rows]
    np.testing.assert_allclose(
        sk.weighted_sum(FIGHTERS, w, FIGHTER_DIRECTIONS), expected, rtol=1e-12
    )


def test_domain_layer_reproduces_the_fighter_ranking() -> None:
    """Hwang and Yoon (1981), as above, through the typed entry point: A1, A3, A4, A2."""
    names = ["speed", "range", "payload", "cost", "reliability", "manoeuvre"]
    ranking = sc.score_alternatives(
        {
            f"A{i + 1}": dict(zip(names, map(float, row), strict=True))
            for i, row in enumerate(FIGHTERS)
        },
        [
            sc.Criterion(
                name=n,
                direction=sc.Direction.BENEFIT if d > 0 else sc.Direction.COST,
                weight=float(w),
            )
            for n, d, w in zip(names, FIGHTER_DIRECTIONS, FIGHTER_WEIGHTS, strict=True)
        ],
    )
    assert ranking.ids == ("A1", "A3", "A4", "A2")
    assert [it.rank for it in ranking.items] == [1, 2, 3, 4]
