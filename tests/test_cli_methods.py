"""``clientel rank --method/--option`` and ``clientel methods``: the registry on the command line.

Every refusal is a usage error (exit 2, one line and a hint, no traceback); the rankings are
checked against the library call with the same options, and the option values against the
definition where the option changes the order.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clientel.cli import main
from clientel.scoring import Criterion, MissingPolicy, score_alternatives
from clientel.scoring.kernels import METHODS

ROWS = "id,potential,cost\nc1,9,5\nc2,6,1\nc3,7,4\nc4,2,2\n"
CRITERIA = [{"name": "potential", "weight": 3}, {"name": "cost", "direction": "cost", "weight": 1}]
BOUNDS = '{"potential":[0,10],"cost":[0,5]}'


def _run(tmp: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    (tmp / "clients.csv").write_text(ROWS)
    (tmp / "criteria.json").write_text(json.dumps(CRITERIA))
    code = main(["rank", str(tmp / "clients.csv"), "--criteria", str(tmp / "criteria.json"),
                 "-f", "json", *extra])  # fmt: skip
    out, err = capsys.readouterr()
    return code, out, err


def _library(method: str, **options: object) -> list[tuple[str, float]]:
    crit = [
        Criterion(name="potential", weight=3),
        Criterion(name="cost", direction="cost", weight=1),
    ]
    X = [[9.0, 5.0], [6.0, 1.0], [7.0, 4.0], [2.0, 2.0]]
    r = score_alternatives(X, crit, ids=["c1", "c2", "c3", "c4"], method=method,  # type: ignore[arg-type]
                           **options)  # fmt: skip
    return [(it.id, round(it.score, 6)) for it in r.items]


def _ranked(out: str) -> list[tuple[str, float]]:
    return [(row["id"], row["score"]) for row in json.loads(out)]


@pytest.mark.parametrize(
    ("argv", "method", "options"),
    [
        (["--method", "vikor", "--option", "v=0.1"], "vikor", {"v": 0.1}),
        (["--method", "vikor", "--option", "v=1"], "vikor", {"v": 1}),
        (["--method", "weighted_sum", "--option", "normalisation=none"], "weighted_sum",
         {"normalisation": "none"}),
        (["--method", "topsis", "--option", "normalisation=max"], "topsis",
         {"normalisation": "max"}),
        (["--method", "spotis", "--option", f"bounds={BOUNDS}"], "spotis",
         {"bounds": [(0, 10), (0, 5)]}),
        (["--method", "spotis", "--option", "bounds=[[0,10],[0,5]]"], "spotis",
         {"bounds": [(0, 10), (0, 5)]}),
        (["--method", "promethee_ii", "--option", "preference=linear", "--option", "q=[0,0]",
          "--option", 'p={"cost":2,"potential":4}'], "promethee_ii",
         {"preference": "linear", "q": [0, 0], "p": [4, 2]}),
        (["--method", "mabac"], "mabac", {}),
    ],
)  # fmt: skip
def test_rank_passes_the_method_and_its_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], method: str,
    options: dict
) -> None:  # fmt: skip
    code, out, err = _run(tmp_path, capsys, *argv)
    assert (code, err) == (0, "")
    assert _ranked(out) == _library(method, **options)


def test_the_options_change_the_ranking_as_their_definition_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # SPOTIS by its definition (Dezert et al., 2020), lower is better:
    # d = 0.75 (10 - p) / 10 + 0.25 c / 5 with bounds potential [0, 10], cost [0, 5]
    code, out, _ = _run(tmp_path, capsys, "--method", "spotis", "--option", f"bounds={BOUNDS}")
    X = {"c1": (9, 5), "c2": (6, 1), "c3": (7, 4), "c4": (2, 2)}
    d = {k: 0.75 * (10 - p) / 10 + 0.25 * c / 5 for k, (p, c) in X.items()}
    assert code == 0
    assert _ranked(out) == [(k, round(v, 6)) for k, v in sorted(d.items(), key=lambda kv: kv[1])]
    # the raw weighted sum (no normalisation): 0.75 p - 0.25 c, higher is better
    code, out, _ = _run(tmp_path, capsys, "--method", "weighted_sum", "--option",
                        "normalisation=none")  # fmt: skip
    s = {k: 0.75 * p - 0.25 * c for k, (p, c) in X.items()}
    assert code == 0
    assert _ranked(out) == [(k, round(v, 6)) for k, v in sorted(s.items(), key=lambda kv: -kv[1])]


def test_spotis_strengths_are_where_an_alternative_is_near_the_ideal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # c1 has the best potential and the worst cost: SPOTIS and the weighted sum agree on that
    for method, extra in (("spotis", ["--option", f"bounds={BOUNDS}"]), ("weighted_sum", [])):
        code, out, _ = _run(tmp_path, capsys, "--method", method, *extra)
        row = next(r for r in json.loads(out) if r["id"] == "c1")
        assert (code, row["strengths"], row["weaknesses"]) == (0, "potential", "cost"), method


def test_methods_lists_the_registry_with_its_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["methods", "-f", "json"]) == 0
    rows = {r["method"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(rows) >= {n for n in METHODS if not n.startswith(("test_", "doc_"))}
    for name, row in rows.items():
        rec = METHODS[name]
        assert row["better"] == ("higher" if rec.higher_is_better else "lower")
        assert [o.split("=")[0] for o in row["options"].split(", ") if o] == sorted(rec.defaults)
    assert rows["vikor"]["options"] == "v=0.5"
    assert rows["spotis"]["options"] == "bounds"
    assert rows["electre_i"]["gives"] == "relation (not for rank)"
    assert main(["methods", "-o", str(tmp_path / "m.txt")]) == 0
    assert "normalisation=minmax" in (tmp_path / "m.txt").read_text()


HOSTILE = [
    (["--method", "topsys"], "argument --method: unknown method 'topsys' (did you mean topsis?)"),
    (["--method", ""], "unknown method ''"),
    (["--method", "x" * 5000], "unknown method 'xxxxxxxx"),
    (["--method", "TOPSIS"], "unknown method 'TOPSIS'"),
    (["--method", "electre_i"], "electre_i gives an outranking relation, not a ranking"),
    (["--method", "spotis"], "argument --option: bounds: SPOTIS needs stated bounds"),
    (["--option", "v"], "argument --option: expected KEY=VALUE such as v=0.3"),
    (["--option", "=1"], "expected KEY=VALUE"),
    (["--option", "V=1"], "expected KEY=VALUE"),
    (["--option", "k" * 5000 + "=1"], "expected KEY=VALUE"),
    (["--method", "vikor", "--option", "v=NaN"], "v: expected a number between 0 and 1 (got 'NaN"),
    (["--method", "vikor", "--option", "v=[NaN]"], "v: not valid JSON: NaN is not a JSON value"),
    (["--method", "vikor", "--option", "v=1e999"], "v: not valid JSON: number out of range"),
    (["--method", "vikor", "--option", "v=" + "1" * 5000], "too many digits"),
    (["--method", "vikor", "--option", "v=" + "[" * 100_000], "v: nested too deeply"),
    (["--method", "vikor", "--option", "v=2"], "argument --option: v: must be between 0 and 1"),
    (["--method", "vikor", "--option", "v=true"], "v: expected a number between 0 and 1"),
    (["--method", "vikor", "--option", 'v="0.3"'], "v: expected a number between 0 and 1"),
    (["--method", "vikor", "--option", "v=0.3", "--option", "v=0.4"], "v given twice"),
    (["--method", "vikor", "--option", "q=1"], "vikor takes no option 'q' (its options: v)"),
    (["--method", "moora", "--option", "v=1"], "moora takes no option 'v' (it takes none)"),
    (["--option", "normalisation=sum"], "TOPSIS supports 'vector', 'minmax' and 'max'"),
    (["--method", "weighted_sum", "--option", "normalisation=42"], "unknown normalisation"),
    (["--method", "weighted_sum", "--option", "normalisation=[1]"], "unknown normalisation"),
    (["--method", "spotis", "--option", 'bounds={"potential":[0,10]}'],
     "bounds: no value for criterion 'cost'"),
    (["--method", "spotis", "--option", 'bounds={"potential":[0,10],"cost":[0,5],"x":[0,1]}'],
     "bounds: no criterion 'x' (criteria: potential, cost)"),
    (["--method", "spotis", "--option", 'bounds={"potential":[0,10],"potential":[0,9]}'],
     "appears twice"),
    (["--method", "spotis", "--option", "bounds=[[0,10]]"], "expected 2 (lowest, highest) pairs"),
    (["--method", "spotis", "--option", "bounds=[[0,10],[5,0]]"],
     "bounds of criterion 'cost': bounds must be finite with lowest < highest"),
    (["--method", "spotis", "--option", 'bounds=[[0,10],["a",5]]'], "bounds: expected numbers"),
    (["--method", "spotis", "--option", "bounds=[[0,10],[0,1e309]]"], "number out of range"),
    (["--method", "spotis", "--option", "bounds=7"], "bounds"),
    (["--method", "promethee_ii", "--option", "preference=[1,2]"], "unknown preference"),
    (["--method", "promethee_ii", "--option", 'q=[0,"a"]'], "q/p: expected 2 numbers"),
    (["--method", "promethee_ii", "--option", "preference=linear"], "linear needs thresholds"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "message"), HOSTILE, ids=[" ".join(a)[:60] for a, _ in HOSTILE])
def test_bad_methods_and_options_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = _run(tmp_path, capsys, *argv)
    assert "Traceback" not in err
    assert (code, out) == (2, ""), err
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert lines[0].startswith("clientel rank: error: ")
    assert lines[1] == "hint: 'clientel rank --help' shows the options"
    assert message in lines[0], err


def test_an_option_is_checked_before_the_file_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "criteria.json").write_text(json.dumps(CRITERIA))
    argv = ["rank", str(tmp_path / "missing.csv"), "--criteria", str(tmp_path / "criteria.json")]
    code = main([*argv, "--method", "vikor", "--option", "v=3"])
    assert (code, capsys.readouterr().err.count("must be between 0 and 1")) == (2, 1)


def test_stated_bounds_that_do_not_hold_a_value_name_its_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(tmp_path, capsys, "--method", "spotis", "--option",
                          "bounds=[[0,8],[0,5]]")  # fmt: skip
    assert (code, out) == (1, "")
    assert err == (
        "clientel rank: error: 'c1', criterion 'potential': value outside the stated bounds "
        "(0.0, 8.0) (got 9.0)\n"
    )


def test_missing_values_with_spotis_get_rank_ranges(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "clients.csv").write_text("id,potential,cost\nc1,9,5\nc2,6,\nc3,7,4\nc4,2,2\n")
    crit = [{"name": "potential", "weight": 3},
            {"name": "cost", "direction": "cost", "weight": 1, "missing": "bounds"}]  # fmt: skip
    (tmp_path / "criteria.json").write_text(json.dumps(crit))
    code = main(["rank", str(tmp_path / "clients.csv"), "--criteria",
                 str(tmp_path / "criteria.json"), "-f", "json", "--method", "spotis",
                 "--option", f"bounds={BOUNDS}"])  # fmt: skip
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    rows = {r["id"]: r for r in json.loads(out)}
    # c2's cost lies between the observed 2 and 5: d = 0.3 + 0.05 c, from 0.4 to 0.55;
    # c1 0.325, c3 0.425, c4 0.7: c2 ranks 2 or 3
    assert rows["c2"]["rank_range"] == "2-3"
    assert rows["c2"]["score"] == round(0.3 + 0.05 * (11 / 3), 6)  # at the observed mean
    expected = score_alternatives(
        {"c1": {"potential": 9, "cost": 5}, "c2": {"potential": 6, "cost": None},
         "c3": {"potential": 7, "cost": 4}, "c4": {"potential": 2, "cost": 2}},
        [Criterion(name="potential", weight=3),
         Criterion(name="cost", direction="cost", weight=1, missing=MissingPolicy.BOUNDS)],
        method="spotis", bounds=[(0, 10), (0, 5)])  # fmt: skip
    assert [r["id"] for r in json.loads(out)] == list(expected.ids)
