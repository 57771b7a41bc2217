"""The sessions in docs/howto/cli.md run as written, in one fresh folder, top to bottom.

Each ``$ clientel ...`` line runs through ``main(argv)``; what it prints (standard
output, then standard error) must match the lines below it, with ``...`` standing
for output left out (doctest's ELLIPSIS and NORMALIZE_WHITESPACE).
"""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

import pytest

from clientel import models as m
from clientel.cli import main

PAGE = Path(__file__).resolve().parents[1] / "docs" / "howto" / "cli.md"
CONSOLE = re.compile(r"^```console\n(.*?)^```", re.S | re.M)


def _sessions(text: str) -> list[tuple[str, str]]:
    steps: list[tuple[str, str]] = []
    for block in CONSOLE.findall(text):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, expected = chunk.partition("\n")
            steps.append((command, expected))
    return steps


STEPS = _sessions(PAGE.read_text(encoding="utf-8"))


def test_the_page_has_sessions() -> None:
    assert len(STEPS) >= 15
    assert all(command.startswith("clientel ") for command, _ in STEPS)


def test_sessions_run_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "payload.json").write_text('{"id": "c1", "name": "Nordbank", "segment_id": "fin"}')
    (tmp_path / "bad.json").write_text(
        '{"schema_version": 1, "type": "list[Client]", "data": [{"id": "c1", "segment_id": "fin"}]}'
    )
    checker = doctest.OutputChecker()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    # the first two sessions run before the sample files exist: their errors come from
    # the arguments, before any file is read
    for command, expected in STEPS:
        main(shlex.split(command)[1:])
        out, err = capsys.readouterr()
        got = out + err
        assert checker.check_output(expected, got, flags), (
            f"$ {command}\nexpected:\n{expected}\ngot:\n{got}"
        )
    assert (tmp_path / "ranked.csv").read_text(encoding="utf-8").startswith('"rank","id"')
    assert "Northwind IT Services" in (tmp_path / "demo.txt").read_text(encoding="utf-8")
    schema = (tmp_path / "price-band.schema.json").read_text(encoding="utf-8")
    assert '"PriceBand"' in schema
    assert m.loads((tmp_path / "segments.json").read_text(encoding="utf-8"), list[m.Segment])
