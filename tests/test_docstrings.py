"""numpydoc's validation of every public function: Parameters, Returns and Examples sections.

The checks are numpydoc's own (``numpydoc.validate``): PR01 (a parameter not documented), PR02
(a documented parameter the function does not have), RT01 (no Returns section for a function
that returns something), EX01 (no Examples section) and GL08 (no docstring). A public function
added from now on must pass them. ``tests/docstring_gaps.txt`` lists, per function, the checks
that functions written before this test still fail; the list only shrinks: a function that
passes a listed check fails the test until its line is updated (regenerate it with
``CLIENTEL_UPDATE_DOCSTRING_GAPS=1 uv run pytest tests/test_docstrings.py``). Since 0.2.0 the
list is empty: every public function passes every check, and a new line in it is a regression
for review.
"""

from __future__ import annotations

import importlib
import inspect
import os
from pathlib import Path

import pytest

validate = pytest.importorskip("numpydoc.validate").validate

CHECKS = ("GL08", "PR01", "PR02", "RT01", "EX01")
MODULES = (
    "clientel",
    "clientel.models",
    "clientel.models.kernels",
    "clientel.scoring",
    "clientel.scoring.kernels",
    "clientel.pricing",
    "clientel.pricing.kernels",
    "clientel.planning",
    "clientel.planning.kernels",
    "clientel.workflow",
    "clientel.workflow.kernels",
    "clientel.plots",
    "clientel.frames",
    "clientel.export",
    "clientel.sample",
)  # fmt: skip  (clientel.testing's strategies are built by hypothesis: no source to read)
GAPS = Path(__file__).with_name("docstring_gaps.txt")


def public_functions() -> list[str]:
    names = []
    for modname in MODULES:
        module = importlib.import_module(modname)
        functions = [n for n in module.__all__ if inspect.isfunction(getattr(module, n))]
        names += [f"{modname}.{n}" for n in functions]
    return names


def failed_checks(name: str) -> set[str]:
    return {code for code, _ in validate(name)["errors"] if code in CHECKS}


def test_public_functions_pass_numpydoc_validation() -> None:
    found = {name: failed_checks(name) for name in public_functions()}
    if os.environ.get("CLIENTEL_UPDATE_DOCSTRING_GAPS"):
        lines = [f"{n} {' '.join(sorted(c))}\n" for n, c in sorted(found.items()) if c]
        GAPS.write_text("".join(lines), encoding="utf-8")
    known = {}
    for line in GAPS.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        name, *codes = line.split()
        known[name] = set(codes)
    new = {n: sorted(c - known.get(n, set())) for n, c in found.items()}
    assert {n: c for n, c in new.items() if c} == {}, "failing numpydoc's checks: add the sections"
    fixed = {n: sorted(c - found.get(n, set())) for n, c in known.items()}
    assert {n: c for n, c in fixed.items() if c} == {}, "passed now: update docstring_gaps.txt"
