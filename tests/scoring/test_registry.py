"""The registry of methods: one record per method, read by every table and branch."""

from __future__ import annotations

import pickle
import typing
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from clientel import models as m
from clientel.errors import InvalidInputError
from clientel.scoring import kernels as sk

# Registration is global and lasts for the process: a doctest, a guide page or a test below
# may have registered more methods, so the tests compare the built-in ones.
NAMES = sorted(  # the built-in methods
    name
    for name, rec in sk.METHODS.items()
    if rec.score.__module__.startswith("clientel.scoring.kernels._methods.")
)
SCORING = [n for n in NAMES if sk.METHODS[n].kind == "score"]  # ELECTRE I gives a relation
SAMPLED = [n for n in SCORING if sk.METHODS[n].unit is not None]  # batched acceptability


def _options(name: str, X: np.ndarray) -> dict:
    """SPOTIS takes stated bounds; these enclose the data."""
    if name != "spotis":
        return {}
    return {"bounds": np.column_stack([X.min(axis=0) - 1.0, X.max(axis=0) + 1.0]).tolist()}


def test_method_name_literal_lists_the_registry() -> None:
    assert sorted(typing.get_args(sk.MethodName)) == NAMES
    assert NAMES == [
        "copras",
        "edas",
        "electre_i",
        "mabac",
        "moora",
        "promethee_ii",
        "spotis",
        "topsis",
        "vikor",
        "weighted_product",
        "weighted_sum",
    ]


@pytest.mark.parametrize("name", NAMES)
def test_each_method_is_declared_once_in_its_own_module(name: str) -> None:
    rec = sk.METHODS[name]
    assert rec.name == name
    assert rec.reference
    assert rec.title
    assert rec.contribution_kind
    assert rec.kind == ("relation" if name == "electre_i" else "score")
    module = rec.score.__module__
    assert module.endswith(f"._methods.{name}")
    for fn in (rec.options, rec.contributions, rec.unit or rec.options):
        assert fn.__module__ == module
    if rec.unit is not None:
        assert rec.sampled is not None  # its own, or the shared one of the linear methods
    if rec.stages:
        assert rec.fit.__module__ == module
        assert rec.empty is not None
        assert rec.finalise is not None


def test_properties_of_the_five_methods() -> None:
    table = {
        n: (r.higher_is_better, r.chunkable, r.monotone, r.linear, r.additive, r.stages)
        for n, r in sk.METHODS.items()
        if n in NAMES
    }
    assert table == {
        "weighted_sum": (True, True, True, True, True, 1),
        "weighted_product": (True, True, True, True, True, 0),
        "topsis": (True, True, True, False, False, 1),
        "vikor": (False, True, False, False, False, 2),
        "promethee_ii": (True, True, False, True, True, 1),
        "moora": (True, True, True, True, True, 1),
        "copras": (True, True, True, False, False, 3),
        "edas": (True, True, True, False, False, 2),
        "mabac": (True, True, True, True, True, 2),
        "spotis": (False, True, True, True, False, 0),
        "electre_i": (True, False, False, False, False, 0),
    }
    assert sk.METHODS["electre_i"].kind == "relation"


def test_unknown_method_and_options_are_named() -> None:
    with pytest.raises(InvalidInputError, match="unknown method") as exc:
        sk.score_matrix([[1.0], [2.0]], [1.0], method="electre")
    assert exc.value.field == "method"
    with pytest.raises(InvalidInputError, match="takes no option 'v'") as exc:
        sk.score_matrix([[1.0], [2.0]], [1.0], method="topsis", v=0.3)
    assert exc.value.field == "options"
    with pytest.raises(InvalidInputError) as exc:
        sk.Scorer(method="vikor", weights=[1.0], options={"v": 2})
    assert exc.value.field == "v"
    with pytest.raises(InvalidInputError) as exc:
        sk.Scorer(method="weighted_sum", weights=[1.0], options={"normalisation": "l2"})
    assert exc.value.field == "normalisation"


@st.composite
def problems(draw: st.DrawFn, max_rows: int = 30) -> tuple:
    m_ = draw(st.integers(3, max_rows))
    n = draw(st.integers(1, 4))
    X = draw(hnp.arrays(np.float64, (m_, n), elements=st.floats(0.5, 100.0)))
    for j in range(n):
        if X[:, j].max() == X[:, j].min():
            X[0, j] += 1.0
    w = draw(hnp.arrays(np.float64, n, elements=st.floats(0.1, 10.0)))
    d = draw(hnp.arrays(np.int8, n, elements=st.sampled_from([1, -1])))
    return X, w, d


@given(problems(), st.sampled_from(SCORING))
def test_additive_scores_are_the_row_sums_of_their_contributions(problem: tuple, name: str) -> None:
    X, w, d = problem
    scorer = sk.Scorer(method=name, weights=w, directions=d, options=_options(name, X)).fit(X)
    scores, contributions = scorer.contributions(X)
    np.testing.assert_array_equal(scores, scorer.score(X))
    if name in {"moora", "mabac"}:  # computed from them in one pass
        np.testing.assert_allclose(scores, contributions.sum(axis=1), rtol=1e-13, atol=1e-15)
    elif name == "spotis":  # negated terms of the distance, computed with it in one pass
        np.testing.assert_allclose(scores, -contributions.sum(axis=1), rtol=1e-13, atol=1e-15)
    elif name == "edas":  # w_j (PDA_ij - NDA_ij): SP is the sum of the positive parts
        np.testing.assert_allclose(np.maximum(contributions, 0).sum(axis=1),
                                   sk.edas(X, w, d).positive, rtol=1e-13, atol=1e-15)  # fmt: skip
    elif name == "copras":  # signed d_ij: S+ the sum of the positive, S- of the negative
        cp = sk.copras(X, w, d)
        np.testing.assert_allclose(-np.minimum(contributions, 0).sum(axis=1), cp.minimising,
                                   rtol=1e-13, atol=1e-15)  # fmt: skip
    elif name in {"weighted_sum", "promethee_ii"}:
        np.testing.assert_array_equal(scores, contributions.sum(axis=1))
    elif name == "weighted_product":
        np.testing.assert_array_equal(scores, np.exp(contributions.sum(axis=1)))
    elif name == "vikor":  # contributions are the negated regrets: S is their sum
        vk = sk.vikor(X, w, d)
        np.testing.assert_array_equal(-contributions.sum(axis=1), vk.S)


@given(problems(max_rows=12), st.sampled_from(SAMPLED), st.integers(0, 2**32 - 1))
def test_sampled_scores_match_one_weight_vector_at_a_time(
    problem: tuple, name: str, seed: int
) -> None:
    """The batched form used by rank acceptability orders alternatives like the score."""
    X, w, d = problem
    rec = sk.METHODS[name]
    opts = _options(name, X)
    scorer = sk.Scorer(method=name, weights=w, directions=d, options=opts).fit(X)
    W = np.random.default_rng(seed).dirichlet(np.ones(X.shape[1]), size=4)
    batch = rec.sampled(rec.unit(X, scorer), W)
    for s, weights in enumerate(W):
        one = sk.score_matrix(X, weights, d, name, **opts)
        if name == "weighted_product":
            one = np.log(one)
        if name == "vikor":  # VIKOR refits its S and R ranges for every weight vector
            np.testing.assert_allclose(batch[:, s], one, atol=1e-9)
        else:
            np.testing.assert_allclose(batch[:, s], one, atol=1e-12, rtol=1e-12)


def _pairwise_promethee(X: np.ndarray, w: np.ndarray, d: np.ndarray, kind: str, q, p):
    """PROMETHEE II from every pair of alternatives (the textbook definition, O(m**2))."""
    m_, n = X.shape
    net = np.zeros(m_)
    for a in range(m_):
        for b in range(m_):
            for j in range(n):
                diff = d[j] * (X[a, j] - X[b, j])
                for sign in (1, -1):
                    dd = diff if sign == 1 else -diff
                    if kind == "usual":
                        pref = float(dd > 0)
                    elif kind == "level":
                        pref = 1.0 if dd > p[j] else 0.5 if dd > q[j] else 0.0
                    elif kind == "linear":
                        pref = min(max((dd - q[j]) / (p[j] - q[j]), 0.0), 1.0)
                    else:
                        pref = min(max(dd / p[j], 0.0), 1.0)
                    net[a] += sign * w[j] * pref
    return net / (m_ - 1)


@given(
    problems(max_rows=9),
    st.sampled_from(["usual", "level", "linear", "v-shape"]),
    st.floats(0.0, 20.0),
    st.floats(0.5, 40.0),
)
def test_promethee_from_sorted_values_equals_the_pairwise_definition(
    problem: tuple, kind: str, q0: float, width: float
) -> None:
    X, w, d = problem
    X = np.round(X)  # many ties and differences exactly at the thresholds
    n = X.shape[1]
    q, p = np.full(n, float(round(q0))), np.full(n, float(round(q0)) + round(width) + 1.0)
    r = sk.promethee_ii(X, w, d, preference=kind, q=q, p=p)
    expected = _pairwise_promethee(X, w / w.sum(), d, kind, q, p)
    np.testing.assert_allclose(r.net, expected, atol=1e-12, rtol=0)
    np.testing.assert_allclose(r.criterion_flows.sum(axis=1), r.net, atol=1e-15)
    np.testing.assert_allclose(r.positive - r.negative, r.net, atol=1e-15)


@given(problems(max_rows=9), st.floats(0.0, 5.0), st.floats(0.01, 10.0))
def test_promethee_thresholds_on_unrounded_values(problem: tuple, q0: float, width: float) -> None:
    X, w, d = problem
    n = X.shape[1]
    q, p = np.full(n, q0), np.full(n, q0 + width)
    for kind in ("level", "linear"):
        r = sk.promethee_ii(X, w, d, preference=kind, q=q, p=p)
        expected = _pairwise_promethee(X, w / w.sum(), d, kind, q, p)
        np.testing.assert_allclose(r.net, expected, atol=1e-12, rtol=0)


@pytest.mark.parametrize("exponent", [600, -600])
@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("weighted_sum", {"normalisation": "minmax"}),
        ("weighted_sum", {"normalisation": "vector"}),
        ("weighted_sum", {"normalisation": "max"}),
        ("weighted_sum", {"normalisation": "sum"}),
        ("topsis", {"normalisation": "vector"}),
        ("topsis", {"normalisation": "minmax"}),
        ("topsis", {"normalisation": "max"}),
        ("vikor", {}),
        ("promethee_ii", {"preference": "linear", "q": [0.5, 0.5], "p": [3.0, 3.0]}),
        ("moora", {}),
        ("copras", {}),
        ("mabac", {}),
    ],
)
def test_extreme_magnitudes_score_as_their_scaled_values(
    exponent: int, name: str, options: dict
) -> None:
    """Overflow-safe: values near 1e180 or 1e-180 score exactly like the same values
    scaled to ordinary magnitudes (the scaling is by a power of two, so it is exact)."""
    X = np.array([[4.0, 9.0], [7.0, 2.0], [1.0, 5.0], [5.5, 6.0]])
    big = np.ldexp(X, exponent)
    scaled = dict(options)
    if "q" in options:
        scaled["q"] = list(np.ldexp(np.array(options["q"]), exponent))
        scaled["p"] = list(np.ldexp(np.array(options["p"]), exponent))
    d = [1, -1] if name != "weighted_sum" else [1, 1]
    a = sk.score_matrix(X, [0.6, 0.4], d, name, **options)
    b = sk.score_matrix(big, [0.6, 0.4], d, name, **scaled)
    assert np.isfinite(b).all()
    np.testing.assert_allclose(a, b, rtol=1e-14, atol=1e-15)


def test_minmax_of_a_span_beyond_the_float_range() -> None:
    X = np.array([[-1.5e308, 1.0], [1.5e308, 2.0], [0.0, 3.0]])
    s = sk.weighted_sum(X, [0.5, 0.5])
    np.testing.assert_allclose(s, [0.0, 0.75, 0.75], atol=1e-15)
    r = sk.normalise(X)
    np.testing.assert_allclose(r[:, 0], [0.0, 1.0, 0.5], atol=1e-15)


@pytest.mark.parametrize("name", SCORING)
def test_fitted_scorer_round_trips_through_json_and_pickle(name: str) -> None:
    X = np.random.default_rng(3).uniform(1, 9, size=(40, 3))
    scorer = sk.Scorer(method=name, weights=[3, 2, 1], directions=[1, -1, 1],
                       options=_options(name, X)).fit(X)  # fmt: skip
    again = m.loads(m.dumps(scorer), sk.Scorer)
    copied = pickle.loads(pickle.dumps(scorer))
    for other in (again, copied):
        assert other.fitted
        np.testing.assert_array_equal(other.score(X[:7]), scorer.score(X[:7]))
    assert len(m.dumps(scorer)) < 10_000


def test_scorer_refuses_to_score_before_it_is_fitted_and_to_fit_twice() -> None:
    scorer = sk.Scorer(method="vikor", weights=[1.0, 1.0])
    X = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 3.0]])
    with pytest.raises(InvalidInputError, match="fit the scorer first"):
        scorer.score(X)
    once = scorer.finalise(scorer.fit_partial(X))
    assert not once.fitted  # VIKOR: the ranges of S and R are the second stage
    done = once.finalise(once.fit_partial(X))
    with pytest.raises(InvalidInputError, match="already fitted"):
        done.fit_partial(X)
    with pytest.raises(InvalidInputError, match="expected 2 columns"):
        done.score(X[:, :1])


_LEFT_OUT = object()


def _max_scaled(X: np.ndarray, scorer: sk.Scorer) -> tuple[np.ndarray, np.ndarray]:
    parts = X / scorer.state[0].max * scorer.w
    return parts.sum(axis=1), parts


def _record(**changes: object) -> sk.Method:
    fields: dict[str, object] = {
        "name": "test_max_scaled_sum",
        "title": "max-scaled sum",
        "reference": "(a test method)",
        "cost_criteria": False,
        "monotone": True,
        "linear": True,
        "additive": True,
        "contribution_kind": "w_j x_ij / max_j",
        "options": lambda given, n, names: {},
        "fit": lambda X, scorer: sk.fit_stats(X),
        "empty": lambda scorer, k: sk.ColumnStats.empty(k),
        "finalise": lambda scorer, stats: stats,
        "score": lambda X, scorer: _max_scaled(X, scorer)[0],
        "contributions": _max_scaled,
    }
    fields.update(changes)
    fields = {k: v for k, v in fields.items() if v is not _LEFT_OUT}
    return sk.Method(**fields)  # type: ignore[arg-type]


def test_a_registered_method_serves_every_entry_point(tmp_path: Path) -> None:
    """One record added at run time: kernels, chunks, rankings, acceptability and the CLI."""
    with sk.registered_method(_record()) as record:
        _serve_every_entry_point(record, tmp_path)
    assert "test_max_scaled_sum" not in sk.METHODS


def _serve_every_entry_point(record: sk.Method, tmp_path: Path) -> None:
    from clientel.cli import main
    from clientel.scoring import Criterion, score_alternatives

    assert sk.METHODS["test_max_scaled_sum"] is record
    X = np.array([[2.0, 1.0], [4.0, 4.0], [1.0, 2.0], [3.0, 3.0]])
    expected = (X / X.max(axis=0)) @ np.array([0.75, 0.25])  # independent: the formula
    np.testing.assert_allclose(sk.score_matrix(X, [3, 1], method="test_max_scaled_sum"), expected)
    chunked = sk.score_in_chunks(X, [3, 1], method="test_max_scaled_sum", chunk_size=3)
    np.testing.assert_allclose(chunked, expected, rtol=0, atol=1e-15)
    crit = [Criterion(name="a", weight=3), Criterion(name="b", weight=1)]
    ranking = score_alternatives(X, crit, ids=list("pqrs"), method="test_max_scaled_sum")
    assert ranking.ids == ("q", "s", "p", "r")
    assert ranking.method == "test_max_scaled_sum"
    acc = ranking.acceptability(samples=200, seed=1)
    assert acc.ids[0] == "q"
    csv = tmp_path / "rows.csv"
    lines = [f"{i},{x},{y}\n" for i, (x, y) in zip("pqrs", X, strict=True)]
    csv.write_text("id,a,b\n" + "".join(lines))
    crit_file = tmp_path / "criteria.json"
    crit_file.write_text('[{"name": "a", "weight": 3}, {"name": "b", "weight": 1}]')
    out = tmp_path / "ranked.csv"
    args = ["rank", str(csv), "--criteria", str(crit_file), "--method", "test_max_scaled_sum"]
    assert main([*args, "-f", "csv", "-o", str(out)]) == 0  # the CLI reads the registry
    assert [line.split(",")[1] for line in out.read_text().splitlines()[1:]] == [
        '"q"',
        '"s"',
        '"p"',
        '"r"',
    ]
    with pytest.raises(InvalidInputError, match="registered twice") as exc:
        sk.register_method(_record())
    assert exc.value.field == "method"
    with pytest.raises(InvalidInputError, match="benefit criteria only") as exc:
        sk.score_matrix(X, [3, 1], [1, -1], method="test_max_scaled_sum", names=["a", "b"])
    assert exc.value.field == "criterion 'b'"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "Max Sum"}, "name"),
        ({"name": 5}, "name"),
        ({"kind": "ranking"}, "kind"),
        ({"stages": -1}, "stages"),
        ({"stages": True}, "stages"),
        ({"min_rows": 0}, "min_rows"),
        ({"fit": _LEFT_OUT}, "fit"),
        ({"empty": None}, "fit"),
        ({"unit": lambda X, scorer: X}, "unit"),
        ({"score": "weighted_sum"}, "score"),
    ],
)
def test_a_record_the_scorers_could_not_run_is_refused(changes: dict, field: str) -> None:
    before = dict(sk.METHODS)
    with pytest.raises(InvalidInputError) as exc:
        _record(**changes)
    assert exc.value.field == field
    assert dict(sk.METHODS) == before  # nothing registered


def test_register_method_takes_only_records() -> None:
    with pytest.raises(InvalidInputError, match="Method record") as exc:
        sk.register_method({"name": "x"})  # type: ignore[arg-type]
    assert exc.value.field == "method"
    with pytest.raises(InvalidInputError, match="Method record") as exc:
        _enter("x")
    assert exc.value.field == "method"


def _enter(record: object, then: typing.Any = None) -> None:
    with sk.registered_method(record):  # type: ignore[arg-type]
        assert sk.METHODS[record.name] is record  # type: ignore[attr-defined]
        if then is not None:
            then()


# Every record declared in clientel/scoring/kernels/_methods (NAMES): a new method module is
# covered without editing this test, and one registered with register_method instead of
# register_builtin fails it.
@pytest.mark.parametrize("name", NAMES)
def test_built_in_methods_are_neither_replaced_nor_removed(name: str) -> None:
    original = sk.METHODS[name]
    with pytest.raises(InvalidInputError, match="built-in") as exc:
        sk.register_method(_record(name=name))
    assert (exc.value.field, exc.value.value) == ("method", name)
    with pytest.raises(InvalidInputError, match="built-in") as exc:
        _enter(_record(name=name))
    assert (exc.value.field, exc.value.value) == ("method", name)
    with pytest.raises(InvalidInputError, match="cannot be unregistered") as exc:
        sk.unregister_method(name)
    assert (exc.value.field, exc.value.value) == ("method", name)
    assert sk.METHODS[name] is original


def test_unregister_method_takes_a_method_out_everywhere() -> None:
    X = np.array([[2.0, 1.0], [4.0, 4.0]])
    record = sk.register_method(_record())
    scorer = sk.Scorer(method="test_max_scaled_sum", weights=[1, 1]).fit(X)
    assert sk.unregister_method("test_max_scaled_sum") is record
    assert "test_max_scaled_sum" not in sk.METHODS
    for call in (
        lambda: sk.score_matrix(X, [1, 1], method="test_max_scaled_sum"),
        lambda: scorer.score(X),  # a fitted scorer names its method: refused once it is gone
        lambda: sk.unregister_method("test_max_scaled_sum"),  # not registered any more
    ):
        with pytest.raises(InvalidInputError) as exc:
            call()
        assert (exc.value.field, exc.value.value) == ("method", "test_max_scaled_sum")
    again = sk.register_method(_record())  # the name is free again
    assert sk.unregister_method("test_max_scaled_sum") is again
    with pytest.raises(InvalidInputError) as exc:
        sk.unregister_method(5)  # type: ignore[arg-type]
    assert exc.value.field == "method"


def test_registered_method_is_gone_after_the_block_even_after_an_error() -> None:
    before = dict(sk.METHODS)
    with pytest.raises(ZeroDivisionError):
        _enter(_record(), then=lambda: 1 / 0)
    assert dict(sk.METHODS) == before
    with sk.registered_method(_record()) as record:  # a block may take it out itself
        assert sk.unregister_method("test_max_scaled_sum") is record
    assert dict(sk.METHODS) == before


def test_a_taken_name_is_refused_and_the_holder_kept() -> None:
    with sk.registered_method(_record()) as first:
        with pytest.raises(InvalidInputError, match="registered twice") as exc:
            _enter(_record())
        assert (exc.value.field, exc.value.value) == ("method", "test_max_scaled_sum")
        assert sk.METHODS["test_max_scaled_sum"] is first  # the failed block took nothing out
    assert "test_max_scaled_sum" not in sk.METHODS
