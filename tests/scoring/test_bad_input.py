"""Bad input: each raises the documented error naming the criterion or row."""

from __future__ import annotations

import numpy as np
import pytest

from clientel import scoring as sc
from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.scoring import kernels as sk

X = [[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]
NAMES = ["revenue", "fit"]


@pytest.mark.parametrize("method", ["weighted_sum", "topsis", "vikor", "promethee_ii"])
def test_nan_without_policy_names_row_and_criterion(method: str) -> None:
    with pytest.raises(MissingDataError, match="row 1, criterion 'fit'"):
        sk.score_matrix(
            [[1.0, 2.0], [3.0, np.nan], [5.0, 7.0]], [0.5, 0.5], method=method, names=NAMES
        )


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        ([0.5, -0.5], "criterion 'fit'"),
        ([0.0, 0.0], "not all be zero"),
        ([np.nan, 1.0], "criterion 'revenue'"),
        ([1.0], "expected 2 weights"),
    ],
)
def test_bad_weights(weights: list[float], match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        sk.weighted_sum(X, weights, names=NAMES)


def test_shapes_and_directions() -> None:
    with pytest.raises(InvalidInputError, match="2-D"):
        sk.topsis([1.0, 2.0], [1.0])
    with pytest.raises(InvalidInputError, match=r"directions\[1\]"):
        sk.topsis(X, [0.5, 0.5], [1, 0])
    with pytest.raises(InvalidInputError, match="criterion names"):
        sk.topsis(X, [0.5, 0.5], names=["a"])
    with pytest.raises(InvalidInputError, match="infinite"):
        sk.topsis([[1.0, np.inf], [2.0, 3.0]], [0.5, 0.5])


def test_constant_and_all_zero_columns_raise_instead_of_nan() -> None:
    const = [[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]]
    with pytest.raises(InvalidInputError, match=r"criterion 'fit'.*constant"):
        sk.weighted_sum(const, [0.5, 0.5], names=NAMES)
    with pytest.raises(InvalidInputError, match=r"criterion 'fit'.*constant"):
        sk.vikor(const, [0.5, 0.5], names=NAMES)
    zero = [[1.0, 0.0], [2.0, 0.0]]
    with pytest.raises(InvalidInputError, match=r"criterion 'fit'.*all-zero"):
        sk.topsis(zero, [0.5, 0.5], names=NAMES)
    with pytest.raises(InvalidInputError, match="all-zero"):
        sk.entropy_weights(zero)
    # vector TOPSIS tolerates one constant column (it cannot separate anyone) ...
    assert np.isfinite(sk.topsis(const, [0.5, 0.5]).closeness).all()
    # ... but not all of them
    with pytest.raises(InvalidInputError, match="every criterion is constant"):
        sk.topsis([[5.0, 5.0], [5.0, 5.0]], [0.5, 0.5])


def test_weighted_product_needs_positive_values() -> None:
    with pytest.raises(InvalidInputError, match="row 0, criterion 'fit'"):
        sk.weighted_product([[1.0, 0.0], [2.0, 1.0]], [0.5, 0.5], names=NAMES)


@pytest.mark.parametrize(
    ("A", "match"),
    [
        ([[1, 2], [2, 1]], "not reciprocal"),
        ([[1, -2], [-0.5, 1]], "positive"),
        ([[2, 2], [0.5, 2]], "diagonal"),
        ([[1, 2, 3]], "square"),
    ],
)
def test_ahp_bad_matrices(A: list[list[float]], match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        sk.ahp_weights(A)


def test_ahp_inconsistency_is_reported_not_hidden() -> None:
    r = sk.ahp_weights([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])
    assert r.cr > 0.1
    assert not r.consistent


def test_methods_needing_two_alternatives() -> None:
    for fn in (sk.vikor, sk.promethee_ii):
        with pytest.raises(InvalidInputError, match="at least 2 alternatives"):
            fn([[1.0, 2.0]], [0.5, 0.5])


def test_promethee_thresholds() -> None:
    with pytest.raises(InvalidInputError, match="q < p"):
        sk.promethee_ii(X, [0.5, 0.5], preference="linear", q=[1, 1], p=[1, 2])
    with pytest.raises(InvalidInputError, match="unknown preference"):
        sk.promethee_ii(X, [0.5, 0.5], preference="gaussian")


def test_tiers_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="strictly decreasing"):
        sk.tiers_by_thresholds([0.5], [0.2, 0.4])
    with pytest.raises(InvalidInputError, match="distinct"):
        sk.natural_breaks([1.0, 1.0, 2.0], 3)
    with pytest.raises(InvalidInputError, match="fractions"):
        sk.tiers_by_quantiles([1.0, 2.0], [0.8, 0.5])


def test_domain_layer_bad_input() -> None:
    crit = [sc.Criterion(name="revenue"), sc.Criterion(name="fit")]
    with pytest.raises(UnknownReferenceError, match=r"'c2'\.fit"):
        sc.score_alternatives({"c1": {"revenue": 1, "fit": 2}, "c2": {"revenue": 2}}, crit)
    with pytest.raises(MissingDataError, match="'c2', criterion 'fit'"):
        sc.score_alternatives(
            {
                "c1": {"revenue": 1, "fit": 2},
                "c2": {"revenue": 2, "fit": None},
                "c3": {"revenue": 3, "fit": 1},
            },
            crit,
        )
    with pytest.raises(InvalidInputError, match="duplicate criterion"):
        sc.score_alternatives({"c1": {"revenue": 1}}, [crit[0], crit[0]])
    with pytest.raises(InvalidInputError, match="without a weight"):
        sc.criteria_weights([sc.Criterion(name="a", weight=1), sc.Criterion(name="b")])
    with pytest.raises(InvalidInputError, match="unknown method"):
        sc.score_alternatives({"c1": {"revenue": 1, "fit": 2}}, crit, method="electre")
