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
    code, out, _ = run(["demo"], capsys)
    assert code == 0
    assert "Northwind IT Services" in out
    assert "300" in out


def test_console_script_entry_point() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "clientel", "schema", "Nope"], capture_output=True, text=True
    )
    assert out.returncode == 1
    assert out.stderr.startswith("clientel schema: error: unknown type 'Nope'")
