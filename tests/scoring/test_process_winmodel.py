"""Win model (smoothed naive Bayes): published example, independent Bayes formula, properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.models import to_data
from clientel.scoring import fit_naive_bayes

# Mitchell, Machine Learning (McGraw-Hill, 1997), Table 3.2 p. 59 (PlayTennis).
TENNIS = """\
Sunny Hot High Weak No
Sunny Hot High Strong No
Overcast Hot High Weak Yes
Rain Mild High Weak Yes
Rain Cool Normal Weak Yes
Rain Cool Normal Strong No
Overcast Cool Normal Strong Yes
Sunny Mild High Weak No
Sunny Cool Normal Weak Yes
Rain Mild Normal Weak Yes
Sunny Mild Normal Strong Yes
Overcast Mild High Strong Yes
Overcast Hot Normal Weak Yes
Rain Mild High Strong No"""
FIELDS = ["outlook", "temperature", "humidity", "wind"]


def test_mitchell_play_tennis_example():
    # Mitchell 1997, section 6.9.1 p. 178-179: for <Sunny, Cool, High, Strong>
    # P(yes)*prod = 0.0053, P(no)*prod = 0.0206, so P(no | x) = 0.795.
    rows = [line.split() for line in TENNIS.splitlines()]
    records = [dict(zip(FIELDS, r[:4], strict=True)) for r in rows]
    won = [r[4] == "Yes" for r in rows]
    model = fit_naive_bayes(records, won, fields=FIELDS, alpha=1e-12)
    est = model.predict(dict(zip(FIELDS, ["Sunny", "Cool", "High", "Strong"], strict=True)))
    assert est.probability == pytest.approx(0.0053 / (0.0053 + 0.0206), abs=1e-3)
    assert 1 - est.probability == pytest.approx(0.795, abs=1e-3)
    assert est.explain(1)[0].criterion in {"outlook", "humidity"}


def direct_posterior(records, won, fields, alpha, x):
    """Bayes' rule with explicit smoothed class-conditional products (no logs)."""
    out = {}
    for cls in (True, False):
        rows = [r for r, w in zip(records, won, strict=True) if w == cls]
        p = (len(rows) + alpha) / (len(records) + 2 * alpha)
        for f in fields:
            if x[f] is None:
                continue
            k = len({str(r[f]) for r in records if r[f] is not None}) + 1
            have = [r for r in rows if r[f] is not None]
            n_v = sum(str(r[f]) == str(x[f]) for r in have)
            p *= (n_v + alpha) / (len(have) + alpha * k)
        out[cls] = p
    return out[True] / (out[True] + out[False])


values = st.sampled_from(["a", "b", "c", None])
histories = st.lists(st.tuples(values, values, st.booleans()), min_size=1, max_size=12)


@given(histories, values, st.sampled_from(["a", "b", "c", "zz", None]), st.randoms())
def test_matches_bayes_rule_decomposes_exactly_and_ignores_order(hist, v1, v2, rnd):
    records = [{"f1": a, "f2": b} for a, b, _ in hist]
    won = [w for *_, w in hist]
    model = fit_naive_bayes(records, won, fields=["f1", "f2"], alpha=1.0)
    x = {"f1": v1, "f2": v2}
    est = model.predict(x)
    assert est.probability == pytest.approx(
        direct_posterior(records, won, ["f1", "f2"], 1.0, x), rel=1e-9
    )
    assert est.log_odds == pytest.approx(est.prior + sum(est.contributions.values()), abs=1e-12)
    assert 0 < est.probability < 1
    order = list(range(len(records)))
    rnd.shuffle(order)
    again = fit_naive_bayes(
        [records[i] for i in order], [won[i] for i in order], fields=["f1", "f2"]
    )
    assert again == model


@given(histories, st.sampled_from(["a", "b", "c"]))
def test_one_more_win_with_a_value_raises_its_probability(hist, v):
    records = [{"f1": a, "f2": b} for a, b, _ in hist]
    won = [w for *_, w in hist]
    before = fit_naive_bayes(records, won, fields=["f1"]).predict({"f1": v, "f2": None})
    after = fit_naive_bayes([*records, {"f1": v, "f2": None}], [*won, True], fields=["f1"])
    assert after.predict({"f1": v}).probability > before.probability


def test_small_data_never_certain_and_serialises():
    model = fit_naive_bayes([{"source": "referral"}], [True], fields=["source"])
    est = model.predict({"source": "referral"})
    assert 0.5 < est.probability < 1
    # prior log(2/1), source: log((1+1)/(1+2)) - log((0+1)/(0+2))
    assert est.log_odds == pytest.approx(math.log(2) + math.log(2 / 3) - math.log(1 / 2))
    assert to_data(model)["tables"][0]["values"] == ["referral"]
    assert to_data(est)["contributions"] == {"source": est.contributions["source"]}


def test_bad_input():
    with pytest.raises(InvalidInputError, match="records"):
        fit_naive_bayes([], [], fields=["a"])
    with pytest.raises(InvalidInputError, match="won"):
        fit_naive_bayes([{"a": 1}], [True, False], fields=["a"])
    with pytest.raises(InvalidInputError, match="alpha"):
        fit_naive_bayes([{"a": 1}], [True], fields=["a"], alpha=0)
    with pytest.raises(UnknownReferenceError, match=r"records\[1\]\.a"):
        fit_naive_bayes([{"a": 1}, {"b": 2}], [True, False], fields=["a"])
    model = fit_naive_bayes([{"a": 1}], [True], fields=["a"])
    with pytest.raises(MissingDataError, match="a"):
        model.predict({"b": 1})
