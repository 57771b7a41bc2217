"""The downstream app of tests/downstream runs and type-checks under mypy --strict.

CI checks the same file against the built wheel in a fresh environment; this test
catches a rename that breaks it as soon as the suite runs.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "tests" / "downstream" / "app.py"


def test_downstream_app_runs() -> None:
    out = subprocess.run([sys.executable, str(APP)], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()
    assert lines[0].startswith("clientel ")
    assert len(lines) == 7
    assert "refused: currency (InvalidInputError)" in lines[-1]


def test_downstream_app_type_checks_strictly(
    mypy: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    done = mypy("--strict", str(APP.relative_to(ROOT)), cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
