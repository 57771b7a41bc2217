"""Check a coverage run: branch-coverage floors, and every public callable executed.

Reads the JSON report of a run of the whole suite (``pytest --cov --cov-report=json:FILE``,
which ``.ci/run`` makes in its README-tests stage) and checks:

* branch coverage (covered branches / branches, lines not counted) of the whole package, of
  the command line (``src/clientel/cli.py`` and ``src/clientel/_cli_*.py``) and of the frames
  (``src/clientel/frames.py``) against their floors (90 %, 85 %, 85 %);
* that every public function and every public method, property and classmethod of every
  public class (the names in ``tests/public_api.txt``; methods inherited from a clientel base
  class are checked where they are defined) had at least one line of its body executed.
  Executed means run by a test or by a docstring example (the suite runs the doctests, whose
  printed results are compared); lines of code that hypothesis builds (strategies) count too.

Prints a short table and the callables never executed; exits 1 if a floor or the executed
check fails. Usage::

    uv run pytest --cov --cov-report=json:/tmp/coverage.json
    uv run python scripts/check_coverage.py /tmp/coverage.json
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import CodeType, FunctionType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "clientel"
FLOORS = {  # area: (files it covers, floor in percent of branches)
    "all of clientel": (lambda p: True, 90.0),
    "command line (cli.py, _cli_*.py)": (
        lambda p: p.name == "cli.py" or p.name.startswith("_cli_"),
        85.0,
    ),
    "frames (frames.py)": (lambda p: p.name == "frames.py", 85.0),
}


def _public_names() -> Iterator[tuple[str, str]]:
    """(module, name) of each line of tests/public_api.txt."""
    modules = set()
    lines = (ROOT / "tests" / "public_api.txt").read_text(encoding="utf-8").split()
    for line in lines:
        modules.add(line.rsplit(".", 1)[0])
    for line in lines:
        module, name = line.rsplit(".", 1)
        if module in modules:
            yield module, name


def _code(obj: Any) -> CodeType | None:
    """The code object of a function written in clientel's source, if ``obj`` is one."""
    obj = inspect.unwrap(obj) if callable(obj) else obj
    code = getattr(obj, "__code__", None)
    if not isinstance(code, CodeType):
        return None
    try:
        Path(code.co_filename).resolve().relative_to(PACKAGE)
    except ValueError:
        return None
    return code


def _members(cls: type) -> Iterator[tuple[str, Any]]:
    """Public methods, properties, class and static methods that clientel's source defines."""
    for klass in cls.__mro__:
        if not klass.__module__.startswith("clientel") or getattr(klass, "_is_protocol", False):
            continue  # a Protocol's methods are signatures, run by no one
        for name, raw in vars(klass).items():
            if name.startswith("_"):
                continue
            if isinstance(raw, property):
                raw = raw.fget
            elif isinstance(raw, classmethod | staticmethod):
                raw = raw.__func__
            if isinstance(raw, FunctionType):
                yield f"{klass.__qualname__}.{name}", raw


def public_callables() -> dict[str, CodeType]:
    """Every public callable of clientel's source, keyed by where it is defined."""
    found: dict[str, CodeType] = {}
    for module_name, name in _public_names():
        obj = getattr(importlib.import_module(module_name), name)
        if inspect.isclass(obj) and obj.__module__.startswith("clientel"):
            for qualname, func in _members(obj):
                code = _code(func)
                if code is not None:
                    found.setdefault(f"{func.__module__}.{qualname}", code)
        elif callable(obj):
            code = _code(obj)
            if code is not None:
                found.setdefault(f"{obj.__module__}.{obj.__qualname__}", code)
    return found


def _body_lines(code: CodeType) -> set[int]:
    """Lines of a function's own body (not its def line, decorators or docstring)."""
    lines = {line for _, _, line in code.co_lines() if line is not None}
    return {line for line in lines if line > code.co_firstlineno}


def _lines(report: dict[str, Any], kind: str) -> dict[Path, set[int]]:
    return {(ROOT / name).resolve(): set(data[kind]) for name, data in report["files"].items()}


def never_executed(report: dict[str, Any]) -> list[str]:
    """Public callables none of whose body lines ran (lines excluded from coverage aside)."""
    executed = _lines(report, "executed_lines")
    excluded = _lines(report, "excluded_lines")  # "pragma: no cover" (an abstract method)
    missed = []
    for name, code in sorted(public_callables().items()):
        path = Path(code.co_filename).resolve()
        body = _body_lines(code) - excluded.get(path, set())
        if body and not body & executed.get(path, set()):
            missed.append(f"{name} ({Path(code.co_filename).name}:{code.co_firstlineno})")
    return missed


def branch_coverage(report: dict[str, Any], wanted: Callable[[Path], bool]) -> tuple[int, int]:
    """Covered branches and branches of the files ``wanted`` accepts."""
    covered = total = 0
    for name, data in report["files"].items():
        if wanted(Path(name)):
            covered += data["summary"]["covered_branches"]
            total += data["summary"]["num_branches"]
    return covered, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("report", type=Path, help="coverage JSON report of the whole suite")
    args = parser.parse_args(argv)
    report = json.loads(args.report.read_text(encoding="utf-8"))
    totals = report["totals"]
    out = [
        f"coverage: {totals['percent_covered']:.1f} % of lines and branches together "
        f"({totals['covered_lines']}/{totals['num_statements']} lines, "
        f"{totals['covered_branches']}/{totals['num_branches']} branches)"
    ]
    failed = False
    for area, (wanted, floor) in FLOORS.items():
        covered, total = branch_coverage(report, wanted)
        share = 100.0 * covered / total if total else 100.0
        failed |= share < floor
        verdict = "ok" if share >= floor else "BELOW THE FLOOR"
        out.append(f"  branches, {area}: {share:.1f} % ({covered}/{total}; floor {floor:.0f} %) "
                   f"{verdict}")  # fmt: skip
    callables = public_callables()
    missed = never_executed(report)
    done = len(callables) - len(missed)
    out.append(f"  public functions and methods executed: {done}/{len(callables)}")
    out += [f"    never executed: {name}" for name in missed]
    failed |= bool(missed)
    sys.stdout.write("\n".join(out) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
