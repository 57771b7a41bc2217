"""The command line: happy paths, bad input, help on every command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from clientel import models as m
from clientel.cli import build_parser, main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"demo", "validate", "schema"} <= set(commands)
    for name in commands:
        with pytest.raises(SystemExit) as info:
            main([name, "--help"])
        assert info.value.code == 0
        assert "usage: clientel" in capsys.readouterr().out


def test_validate_ok_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "clients.json"
    good.write_text(m.dumps([m.Client(id="c1", name="Nordbank", segment_id="fin")]))
    code, out, _ = run(["validate", str(good)], capsys)
    assert (code, out) == (0, f"ok: {good} holds 1 x Client\n")

    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "type": "list[Client]", "data": [{"id": "c1"}]}')
    code, out, err = run(["validate", str(bad)], capsys)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert "$[0].name: required field missing" in err
    assert "Traceback" not in err

    code, _, err = run(["validate", str(tmp_path / "nope.json")], capsys)
    assert code == 1
    assert "cannot read" in err
    code, _, err = run(["validate", str(good), "--type", "Clown"], capsys)
    assert code == 1
    assert "unknown type 'Clown'" in err


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["schema", "list[Segment]"], capsys)
    assert code == 0
    assert json.loads(out)["properties"]["data"]["items"] == {"$ref": "#/$defs/Segment"}


def test_demo_report_walks_the_process(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["demo"], capsys)
    assert (code, err) == (0, "")
    assert "Northwind IT Services" in out
    for step in ("2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7"):
        assert f"\n{step}  " in out, step
    for phrase in (
        "Nine-box",
        "Target segments",
        "Influencers to engage first",
        "Target list:",
        "Largest rank range from missing data",
        "Inbound inquiries",
        "exact MILP",
        "P(loss)",
        "bid = ",
        "Price band",
        "approvals:",
        "Contract NWIT-2027-C",
        "Billing schedule",
        "NPS",
    ):
        assert phrase in out, phrase
    again = run(["demo"], capsys)[1]
    assert again == out  # deterministic: seeded simulation, stable ties


def test_console_script_entry_point() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "clientel", "schema", "Nope"], capture_output=True, text=True
    )
    assert out.returncode == 1
    assert out.stderr.startswith("clientel schema: error: unknown type 'Nope'")


CRITERIA = (
    '[{"name": "revenue_potential", "weight": 3}, {"name": "growth", "weight": 2},'
    ' {"name": "relationship", "weight": 2, "missing": "bounds"}]'
)


def _files(tmp_path: Path) -> tuple[Path, Path]:
    from clientel.sample import read_text

    clients = tmp_path / "clients.csv"
    clients.write_text(read_text("clients.csv"))
    criteria = tmp_path / "criteria.json"
    criteria.write_text(CRITERIA)
    return clients, criteria


def test_rank_happy_path_and_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clients, criteria = _files(tmp_path)
    code, out, err = run(
        [
            "rank",
            str(clients),
            "--criteria",
            str(criteria),
            "--top",
            "5",
            "-f",
            "json",
            "--acceptability",
            "500",
        ],
        capsys,
    )
    assert (code, err) == (0, "")  # not a terminal: no progress output
    rows = json.loads(out)
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]
    assert 0.0 <= rows[0]["p_first"] <= 1.0
    code, out, _ = run(["rank", str(clients), "--criteria", str(criteria), "-f", "csv"], capsys)
    assert out.splitlines()[0].startswith('"rank","id","score"')
    assert len(out.splitlines()) == 301


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ("[]", "expected a JSON list"),
        ('[{"name": "growth", "colour": 1}]', "unknown keys"),
        ('[{"name": "growth", "direction": "up"}]', "'up' is not a valid Direction"),
        ('[{"name": "nope"}]', "nope"),
        ("{", "not valid JSON"),
    ],
)
def test_rank_bad_criteria(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], criteria: str, message: str
) -> None:
    clients, path = _files(tmp_path)
    path.write_text(criteria)
    code, out, err = run(["rank", str(clients), "--criteria", str(path)], capsys)
    assert code == 1
    assert out == ""
    assert message in err
    assert err.count("\n") == 1


def test_impact_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from clientel.sample import read_text

    opps = tmp_path / "opps.json"
    opps.write_text(read_text("opportunities.json"))
    code, out, _ = run(["impact", str(opps), "--rate", "0.08", "-f", "json"], capsys)
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 15
    assert all(r["irr_status"] in {"OK", "NO_SIGN_CHANGE", "MULTIPLE"} for r in rows)
    code, _, err = run(["impact", str(opps), "--rate", "-1"], capsys)
    assert code == 1
    assert "greater than -1" in err


def test_price_band_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from clientel.sample import read_text

    deals = tmp_path / "deals.csv"
    deals.write_text(read_text("deals.csv"))
    segments = tmp_path / "segments.json"
    segments.write_text(read_text("segments.json"))
    args = [
        "price-band",
        str(deals),
        "--segment",
        "fin-bank",
        "--list-price",
        "661606",
        "--cost",
        "456280",
        "--min-margin",
        "0.15",
        "--segments",
        str(segments),
    ]
    code, out, _ = run([*args, "-f", "json"], capsys)
    assert code == 0
    band = {r["level"]: float(r["price"]) for r in json.loads(out)["levels"]}
    assert band["floor"] <= band["target"] <= band["stretch"] <= 661606
    assert band["floor"] >= 456280 / (1 - 0.15) - 0.01  # never below the minimum-margin floor
    code, _, err = run(
        ["price-band", str(deals), "--segment", "nope", "--list-price", "1", "--cost", "1"], capsys
    )
    assert code == 1
    assert "unknown segment 'nope'" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("id,price\n1,2\n")
    code, _, err = run(
        ["price-band", str(bad), "--segment", "x", "--list-price", "1", "--cost", "1"], capsys
    )
    assert code == 1
    assert "no columns 'segment_id', 'closed_on', 'list_price', 'won' in the header" in err
