"""Every command-line attack in docs/reliability.md, and what it gets.

Each attack is a command line and the files it reads. A data error must be one
line on stderr with exit code 1; a usage error one line plus a ``hint:`` line
with exit code 2; inputs the command line tolerates (a byte-order mark, a
semicolon-delimited export) exit 0. No attack may print a traceback or reach
the internal-error handler. Most attacks run in-process through ``main(argv)``
with captured streams (fast); a handful that only a real process shows (the
interpreter's stack, standard output on a full disk, a closed pipe) run as
subprocesses. The table in docs/reliability.md lists the same ids, checked by
``test_reliability_page_lists_every_attack``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from clientel.cli import main
from clientel.sample import read_text

DOCS = Path(__file__).resolve().parents[1] / "docs" / "reliability.md"
DEAL_HEADER = "id,segment_id,closed_on,list_price,price,won\n"
GOOD_DEAL = "d1,ret,2025-01-01,100,90,true\n"
CRITERIA = '[{"name": "revenue_potential", "weight": 3}, {"name": "growth", "weight": 2}]'
DEEP = "[" * 100_000 + "]" * 100_000


@dataclass(frozen=True)
class Attack:
    """A command line (``{tmp}`` stands for the folder of the files) and what it gets."""

    id: str
    argv: str
    files: dict[str, str | bytes] = field(default_factory=dict)
    code: int = 1
    message: str = ""  # in stderr; for an accepted input (code 0), in stdout


def _deals(*rows: str, header: str = DEAL_HEADER) -> str:
    return header + "".join(rows)


def _band(deals: str = "{tmp}/deals.csv", extra: str = "") -> str:
    return f"price-band {deals} --segment ret --list-price 100 --cost 50 --n-min 1 {extra}"


def _rank(extra: str = "", csv: str = "{tmp}/clients.csv") -> str:
    return f"rank {csv} --criteria {{tmp}}/criteria.json {extra}"


def _weight(value: str) -> dict[str, str | bytes]:
    return {"criteria.json": f'[{{"name": "growth", "weight": {value}}}]'}


ATTACKS = [
    # -- JSON that is not what it claims ----------------------------------------------------
    Attack("json-deep-nesting", "validate {tmp}/doc.json", {"doc.json": DEEP}, 1, "nested"),
    Attack("json-deep-criteria", _rank(), {"criteria.json": DEEP}, 1, "nested"),
    Attack(
        "json-invalid-utf8", "validate {tmp}/doc.json", {"doc.json": b'{"a": "\xff"}'}, 1, "UTF-8"
    ),
    Attack("json-not-json", "validate {tmp}/doc.json", {"doc.json": "{"}, 1, "not valid JSON"),
    Attack("json-5000-digit-integer", _rank(), _weight("1" * 5000), 1, "digits"),
    Attack("json-nan-weight", _rank(), _weight("NaN"), 1, "NaN is not a JSON value"),
    Attack(
        "json-65-levels",
        "validate {tmp}/doc.json --type Client",
        {"doc.json": "[" * 65 + "]" * 65},
        1,
        "nested too deeply (MAX_DEPTH = 64)",
    ),
    Attack(
        "json-key-twice",
        "validate {tmp}/doc.json --type Client",
        {"doc.json": '{"id": "c1", "id": "c2"}'},
        1,
        "the key 'id' appears twice",
    ),
    Attack(
        "validate-type-5",
        "validate {tmp}/doc.json",
        {"doc.json": '{"schema_version": 1, "type": 5, "data": {}}'},
        1,
        "$.type: expected a type name, got 5",
    ),
    Attack(
        "validate-type-list",
        "validate {tmp}/doc.json",
        {"doc.json": '{"schema_version": 1, "type": ["Client"], "data": {}}'},
        1,
        "expected a type name",
    ),
    Attack(
        "validate-unknown-type",
        "validate {tmp}/doc.json --type Clinet",
        {"doc.json": "{}"},
        1,
        "did you mean Client?",
    ),
    Attack(
        "validate-raw-without-type",
        "validate {tmp}/doc.json",
        {"doc.json": '{"id": "c1"}'},
        1,
        "name its type with --type",
    ),
    Attack(
        "validate-raw-bad-field",
        "validate {tmp}/doc.json --type Client",
        {"doc.json": '{"id": "c1", "segment_id": "fin"}'},
        1,
        "name",
    ),
    Attack("weight-string", _rank(), _weight('"3"'), 1, "weight: expected a number or null"),
    Attack("weight-list", _rank(), _weight("[3]"), 1, "weight: expected a number or null"),
    Attack("weight-boolean", _rank(), _weight("true"), 1, "weight: expected a number or null"),
    Attack("weight-negative", _rank(), _weight("-2"), 1, "weight"),
    Attack("criteria-not-a-list", _rank(), {"criteria.json": "{}"}, 1, "expected a JSON list"),
    Attack(
        "criteria-unknown-key",
        _rank(),
        {"criteria.json": '[{"name": "growth", "colour": 1}]'},
        1,
        "unknown keys",
    ),
    Attack(
        "segments-of-another-type",
        _band(extra="--segments {tmp}/segments.json"),
        {"deals.csv": _deals(GOOD_DEAL), "segments.json": '{"schema_version": 1, "data": 3}'},
        1,
        "Segment",
    ),
    Attack(
        "impact-not-a-document", "impact {tmp}/o.json --rate 0.08", {"o.json": "[]"}, 1, "document"
    ),
    # -- CSV files ---------------------------------------------------------------------------
    Attack(
        "csv-invalid-utf8",
        _rank(),
        {"clients.csv": b"id,growth\nc1,\xff\n", "criteria.json": CRITERIA},
        1,
        "not UTF-8 text (byte 0xff on line 2)",
    ),
    Attack(
        "csv-cell-131072-characters",
        _band(),
        {"deals.csv": _deals("d1,ret,2025-01-01,100,90," + "x" * 131_072 + "\n")},
        1,
        "deals.csv:2:won: a cell longer than MAX_STRING_LENGTH = 100000 characters",
    ),
    Attack(
        "csv-cell-100001-characters",
        _rank(),
        {"clients.csv": "id,revenue_potential,growth\n" + "c" * 100_001 + ",1,2\n"},
        1,
        "clients.csv:2:id: a cell longer than MAX_STRING_LENGTH",
    ),
    Attack(
        "csv-cell-above-reader-limit",
        _band(),
        {"deals.csv": _deals("d1,ret,2025-01-01,100,90," + "x" * 131_073 + "\n")},
        1,
        "deals.csv:2: a cell longer than MAX_STRING_LENGTH",
    ),
    Attack(
        "csv-5000-digit-number",
        _rank(),
        {"clients.csv": "id,revenue_potential,growth\nc1,1,1\nc2,2," + "9" * 5000 + "\n"},
        1,
        "too large",
    ),
    Attack(
        "csv-5000-digit-amount",
        _band(),
        {"deals.csv": _deals(f"d1,ret,2025-01-01,100,{'9' * 5000},true\n")},
        1,
        "deals.csv:2",
    ),
    Attack(
        "csv-nan-cell",
        _rank(),
        {"clients.csv": "id,revenue_potential,growth\nc1,1,nan\n"},
        1,
        "clients.csv:2:growth: expected a number",
    ),
    Attack(
        "price-band-short-row",
        _band(),
        {"deals.csv": _deals("d1,ret,2025-01-01,100,90\n")},
        1,
        "deals.csv:2: 5 cells, but the header has 6 columns",
    ),
    Attack(
        "price-band-long-row",
        _band(),
        {"deals.csv": _deals("d1,ret,2025-01-01,100,90,true,x\n")},
        1,
        "7 cells",
    ),
    Attack(
        "won-maybe",
        _band(),
        {"deals.csv": _deals(GOOD_DEAL, "d2,ret,2025-01-02,100,95,maybe\n")},
        1,
        "deals.csv:3:won: expected true/false, yes/no, 1/0 or won/lost (got 'maybe')",
    ),
    Attack(
        "won-empty",
        _band(),
        {"deals.csv": _deals(GOOD_DEAL, "d2,ret,2025-01-02,100,95,\n")},
        1,
        "deals.csv:3:won: expected true/false, yes/no, 1/0 or won/lost (got '')",
    ),
    Attack(
        "deal-bad-date",
        _band(),
        {"deals.csv": _deals("d1,ret,31/01/2025,100,90,true\n")},
        1,
        "deals.csv:2:closed_on",
    ),
    Attack(
        "deal-negative-price",
        _band(),
        {"deals.csv": _deals("d1,ret,2025-01-01,100,-90,true\n")},
        1,
        "deals.csv:2",
    ),
    Attack(
        "missing-column-rank",
        _rank(),
        {"clients.csv": "id,revenue_potential\nc1,1\n", "criteria.json": CRITERIA},
        1,
        "no column 'growth' in the header (it has: id, revenue_potential)",
    ),
    Attack(
        "missing-column-id",
        _rank(),
        {"clients.csv": "client,revenue_potential,growth\nc1,1,2\n", "criteria.json": CRITERIA},
        1,
        "no column 'id'",
    ),
    Attack(
        "missing-column-won",
        _band(),
        {"deals.csv": "id,segment_id,closed_on,list_price,price\nd1,ret,2025-01-01,100,90\n"},
        1,
        "no column 'won'",
    ),
    Attack(
        "decimal-comma-without-option",
        _rank(),
        {"clients.csv": "id;revenue_potential;growth\nc1;1,5;2\n", "criteria.json": CRITERIA},
        1,
        "pass --decimal-comma",
    ),
    Attack("csv-empty-file", _rank(), {"clients.csv": ""}, 1, "no header"),
    Attack("csv-header-only", _rank(), {"clients.csv": "id,growth\n"}, 1, "no rows"),
    Attack(
        "csv-duplicate-column",
        _rank(),
        {"clients.csv": "id,growth,growth\nc1,1,2\n"},
        1,
        "names column 'growth' twice",
    ),
    Attack(
        "csv-duplicate-id",
        _rank(),
        {"clients.csv": "id,revenue_potential,growth\nc1,1,2\nc1,2,3\n"},
        1,
        "clients.csv:3:id",
    ),
    Attack(
        "csv-unclosed-quote",
        _band(),
        {"deals.csv": _deals('d1,"ret,2025-01-01,100,90,true\n')},
        1,
        "not readable as CSV",
    ),
    Attack("input-missing", _rank(csv="{tmp}/nope.csv"), {}, 1, "No such file"),
    Attack("input-is-a-folder", _rank(csv="{tmp}"), {}, 1, "it is a folder"),
    Attack("unknown-segment", _band(extra="--segment nope"), {}, 1, "nope"),
    # -- outputs -----------------------------------------------------------------------------
    Attack("output-missing-folder", _rank("-o {tmp}/no/ranked.csv"), {}, 1, "does not exist"),
    Attack("output-is-a-folder", _rank("-o {tmp}"), {}, 1, "it is a folder"),
    Attack("output-full-disk", _rank("-o /dev/full"), {}, 1, "No space left on device"),
    # -- option values (usage errors) --------------------------------------------------------
    Attack("seed-negative", _rank("--acceptability 10 --seed -1"), {}, 2, "argument --seed"),
    Attack("seed-5000-digits", _rank("--seed " + "1" * 5000), {}, 2, "argument --seed"),
    Attack("rate-8", "impact {tmp}/o.json --rate 8", {}, 2, "8 is above 1"),
    Attack("rate-text", "impact {tmp}/o.json --rate eight", {}, 2, "expected a rate"),
    Attack("min-margin-15", _band(extra="--min-margin 15"), {}, 2, "15 is above 1"),
    Attack("top-negative", _rank("--top -1"), {}, 2, "argument --top"),
    Attack("top-zero", _rank("--top 0"), {}, 2, "at least 1"),
    Attack("top-5000-digits", _rank("--top " + "7" * 5000), {}, 2, "whole number"),
    Attack("acceptability-zero", _rank("--acceptability 0"), {}, 2, "--acceptability"),
    Attack("horizon-zero", "impact {tmp}/o.json --rate 8% --horizon 0", {}, 2, "--horizon"),
    Attack("currency-EUX", _band(extra="--currency EUX"), {}, 2, "ISO 4217"),
    Attack("list-price-negative", _band().replace("100", "-100", 1), {}, 2, "positive amount"),
    Attack("list-price-text", _band().replace("100", "lots", 1), {}, 2, "positive amount"),
    Attack("unknown-option", _rank("--colour red"), {}, 2, "unrecognized arguments"),
    Attack("method-unknown", _rank("--method topsys"), {}, 2, "did you mean topsis?"),
    Attack("method-relation", _rank("--method electre_i"), {}, 2, "not a ranking"),
    Attack("method-spotis-without-bounds", _rank("--method spotis"), {}, 2, "stated bounds"),
    Attack("option-without-value", _rank("--option v"), {}, 2, "expected KEY=VALUE"),
    Attack("option-nan", _rank("--method vikor --option v=[NaN]"), {}, 2, "NaN is not a JSON"),
    Attack(
        "option-deep-nesting",
        _rank("--method vikor --option v=" + "[" * 100_000),
        {},
        2,
        "nested too deeply",
    ),
    Attack(
        "option-not-of-the-method",
        _rank("--method vikor --option q=1"),
        {},
        2,
        "vikor takes no option 'q' (its options: v)",
    ),
    Attack(
        "option-out-of-range",
        _rank("--method vikor --option v=2"),
        {},
        2,
        "v: must be between 0 and 1",
    ),
    Attack(
        "option-twice",
        _rank("--method vikor --option v=0.2 --option v=0.3"),
        {},
        2,
        "v given twice",
    ),
    Attack(
        "option-bounds-criterion-left-out",
        _rank('--method spotis --option bounds={"growth":[0,1]}'),
        {},
        2,
        "no value for criterion 'revenue_potential'",
    ),
    Attack(
        "option-bounds-not-holding-a-value",
        _rank("--method spotis --option bounds=[[0,1],[-1,1]]"),
        {},
        1,
        "value outside the stated bounds",
    ),
    Attack("no-command", "", {}, 2, "required: COMMAND"),
    Attack("unknown-command", "frobnicate", {}, 2, "invalid choice"),
    Attack("schema-without-type", "schema", {}, 2, "name a type"),
    # -- exports that must be accepted -------------------------------------------------------
    Attack(
        "csv-byte-order-mark",
        _rank("-f json"),
        {"clients.csv": b"\xef\xbb\xbfid,revenue_potential,growth\r\nc1,1,2\r\nc2,3,1\r\n"},
        0,
        '"rank": 1,\n    "id": "c2"',
    ),
    Attack(
        "csv-semicolon-decimal-comma",
        _rank("--decimal-comma -f json"),
        {"clients.csv": "id;revenue_potential;growth\nc1;1,5;2\nc2;1.001,5;1\n"},
        0,
        '"rank": 1,\n    "id": "c2"',
    ),
    Attack(
        "csv-tab",
        _rank(),
        {"clients.csv": "id\trevenue_potential\tgrowth\nc1\t1\t2\nc2\t2\t1\n"},
        0,
        "c2",
    ),
    Attack("rate-percent", "impact {tmp}/o.json --rate 8%", {}, 0, "o-11"),
    Attack(
        "won-words",
        _band(),
        {
            "deals.csv": _deals(
                GOOD_DEAL, "d2,ret,2025-01-02,100,95, Lost \n", "d3,ret,2025-01-03,100,80,YES\n"
            )
        },
        0,
        "# deals: 2",  # the percentile band counts the won deals: d1 and d3
    ),
]
SUBPROCESS = {"json-deep-nesting", "csv-invalid-utf8", "output-full-disk", "no-command"}


def _setup(attack: Attack, tmp: Path) -> list[str]:
    defaults: dict[str, str | bytes] = {
        "clients.csv": read_text("clients.csv"),
        "criteria.json": CRITERIA,
        "deals.csv": _deals(GOOD_DEAL),
        "o.json": read_text("opportunities.json"),
    }
    for name, content in {**defaults, **attack.files}.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (tmp / name).write_bytes(data)
    return [part.replace("{tmp}", str(tmp)) for part in attack.argv.split()]


def _check(attack: Attack, code: int, err: str, out: str = "") -> None:
    assert "Traceback" not in err
    assert "internal error" not in err
    assert code == attack.code, err
    lines = err.splitlines()
    if attack.code == 0:
        assert err == ""
        assert attack.message in out
        return
    if attack.code == 1:
        assert len(lines) == 1, err
        assert lines[0].startswith("clientel")
    else:
        assert len(lines) == 2, err
        assert lines[1].startswith("hint: ")
        assert "usage:" not in err
    assert attack.message in err


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.id for a in ATTACKS])
def test_attack_in_process(
    attack: Attack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _setup(attack, tmp_path)
    code = main(argv)
    out, err = capsys.readouterr()
    _check(attack, code, err, out)


def _clientel(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "clientel", *argv],
        capture_output="stdout" not in kwargs,
        stderr=subprocess.PIPE if "stdout" in kwargs else None,
        text=True,
        env=env,
        timeout=60,
        check=False,
        **kwargs,
    )


@pytest.mark.parametrize("name", sorted(SUBPROCESS))
def test_attack_as_a_subprocess(name: str, tmp_path: Path) -> None:
    attack = next(a for a in ATTACKS if a.id == name)
    done = _clientel(_setup(attack, tmp_path))
    _check(attack, done.returncode, done.stderr)


def test_standard_output_on_a_full_disk() -> None:
    with open("/dev/full", "w") as full:
        done = _clientel(["schema", "Client"], stdout=full)
    assert done.returncode == 1
    assert (
        done.stderr == "clientel schema: error: cannot write the output: No space left on device\n"
    )


def test_reader_that_goes_away() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "clientel", "demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()  # like `clientel demo | head -0`
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert err == b""  # a closed pipe is not an error worth a message


def test_reliability_page_lists_every_attack() -> None:
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## The command line") : text.index("## Not covered yet")]
    listed = set(re.findall(r"^\| `([a-z0-9A-Z-]+)` \|", section, re.M))
    assert listed == {a.id for a in ATTACKS}
