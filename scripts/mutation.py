"""Run mutmut on one core module against that module's own tests (docs/quality.md).

mutmut 3.x reads its settings from ``[tool.mutmut]`` in the pyproject.toml of the folder
it runs in, copies the source tree to ``mutants/`` there and runs pytest in that copy.
This script gives each core module its own folder, ``mutants/MODULE/`` (git-ignored),
holding a pyproject.toml that is the repository's with the module's files added to
``[tool.mutmut]`` (``only_mutate``, from ``[tool.clientel.mutation.MODULE]``) and its test
files as the test selection, and links to ``src``, ``tests`` and ``conftest.py``. Results
of one module's run are kept there, so modules never invalidate each other.

Usage (mutmut runs at ``nice 15`` with one child by default; the machine is shared)::

    uv run --group mutation python scripts/mutation.py money          # run (or resume)
    uv run --group mutation python scripts/mutation.py money --results  # survivors
    uv run --group mutation python scripts/mutation.py money --diffs    # their diffs
    uv run --group mutation python scripts/mutation.py money --summary  # counts, score
    uv run --group mutation python scripts/mutation.py money --show NAME  # one diff
    uv run --group mutation python scripts/mutation.py money --fresh  # forget old results
    uv run --group mutation python scripts/mutation.py --list         # the modules

The hypothesis profile is ``mutation`` (derandomised, as in CI), so a mutant's verdict does
not depend on the run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "mutants"


def _modules(project: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    tables: dict[str, dict[str, list[str]]] = project["tool"]["clientel"]["mutation"]
    return tables


def _toml_value(value: Any) -> str:
    # The settings are strings, lists of strings, booleans and numbers: JSON spells them
    # as TOML does.
    return json.dumps(value)


def module_pyproject(text: str, module: str) -> str:
    """The repository's pyproject.toml with ``[tool.mutmut]`` narrowed to one module."""
    project = tomllib.loads(text)
    settings = dict(project["tool"]["mutmut"])
    table = _modules(project)[module]
    settings["only_mutate"] = list(table["mutate"])
    settings["pytest_add_cli_args_test_selection"] = list(table["tests"])
    section = "[tool.mutmut]\n" + "".join(
        f"{key} = {_toml_value(value)}\n" for key, value in settings.items()
    )
    pattern = re.compile(r"^\[tool\.mutmut\]\n(?:(?!^\[).*\n?)*", re.MULTILINE)
    narrowed, count = pattern.subn(lambda _: section + "\n", text)
    if count != 1:
        raise SystemExit("pyproject.toml has no single [tool.mutmut] table")
    return narrowed


# The verdicts mutmut records (its exit-code table, mutmut.stats.status_by_exit_code).
_STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests",
           34: "skipped", -24: "timeout", 24: "timeout", 36: "timeout", 152: "timeout",
           255: "timeout", None: "not checked"}  # fmt: skip

_DIFFS = """
import sys
from mutmut.mutation.data import SourceFileMutationData
from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.utils.file_utils import walk_mutatable_files
for path in walk_mutatable_files():
    data = SourceFileMutationData(path=path)
    data.load()
    for name, code in data.exit_code_by_key.items():
        if code not in (1, 3, None, -24, 24, 36, 152, 255):  # neither killed nor untested
            sys.stdout.write(f"# {name} ({code})\\n{get_diff_for_mutant(name, path=path)}\\n")
"""


def summary(module: str) -> dict[str, int]:
    """Mutants of ``module``'s last run by verdict (``total`` too), from mutmut's records."""
    counts = dict.fromkeys(("killed", "timeout", "survived", "no tests", "not checked"), 0)
    for meta in sorted((WORK / module / "mutants").rglob("*.py.meta")):
        for code in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].values():
            status = _STATUS.get(code, "suspicious")
            counts[status] = counts.get(status, 0) + 1
    counts["total"] = sum(counts.values())
    return counts


def prepare(module: str, *, fresh: bool) -> Path:
    """Lay out ``mutants/MODULE`` and return it."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    folder = WORK / module
    if fresh and folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("src", "tests", "conftest.py"):
        link = folder / name
        if not link.exists():
            link.symlink_to(ROOT / name)
    target = folder / "pyproject.toml"
    content = module_pyproject(text, module)
    if not target.exists() or target.read_text(encoding="utf-8") != content:
        target.write_text(content, encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    modules = _modules(project)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", nargs="?", choices=sorted(modules))
    parser.add_argument("--list", action="store_true", help="print the modules and exit")
    parser.add_argument("--results", action="store_true", help="list surviving mutants")
    parser.add_argument("--show", metavar="NAME", help="print one mutant's diff")
    parser.add_argument("--diffs", action="store_true", help="diffs of every mutant not killed")
    parser.add_argument("--summary", action="store_true", help="counts by verdict and score")
    parser.add_argument("--fresh", action="store_true", help="forget earlier results first")
    parser.add_argument("--max-children", type=int, default=1)
    parser.add_argument("--nice", type=int, default=15, help="niceness of the run (default 15)")
    parser.add_argument("mutants", nargs="*", help="mutant names or globs to (re)run")
    args = parser.parse_args(argv)
    if args.list:
        for name, table in sorted(modules.items()):
            sys.stdout.write(f"{name}: {' '.join(table['mutate'])}\n")
        return 0
    if args.module is None:
        parser.error("name a module (or --list)")
    if args.summary:
        counts = summary(args.module)
        caught = counts["killed"] + counts["timeout"]
        score = caught / counts["total"] if counts["total"] else float("nan")
        listed = ", ".join(f"{k} {v}" for k, v in counts.items())
        sys.stdout.write(f"{args.module}: {listed}; killed or timed out {score:.1%}\n")
        return 0
    folder = prepare(args.module, fresh=args.fresh)
    mutmut = shutil.which("mutmut")
    if mutmut is None:
        raise SystemExit("mutmut is not installed: run with `uv run --group mutation`")
    if args.results:
        command = [mutmut, "results"]
    elif args.show:
        command = [mutmut, "show", args.show]
    elif args.diffs:
        command = [sys.executable, "-c", _DIFFS]
    else:
        command = [mutmut, "run", "--max-children", str(args.max_children), *args.mutants]
        command = ["nice", "-n", str(args.nice), *command]
    env = dict(os.environ, HYPOTHESIS_PROFILE="mutation", MPLBACKEND="Agg")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    shown = " ".join(command) if not args.diffs else "the diffs of the mutants not killed"
    sys.stderr.write(f"in {folder.relative_to(ROOT)}: {shown}\n")
    return subprocess.call(command, cwd=folder, env=env)


if __name__ == "__main__":
    sys.exit(main())
