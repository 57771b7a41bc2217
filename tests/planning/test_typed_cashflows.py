"""Typed overloads of the cash-flow functions: mypy's view and the values agree.

The checked file is tests/planning/typed_cashflows.py: ``assert_type`` on every call
(a float for one series or all-number annuity arguments, an ndarray for a table of
series or an array argument), then the same calls run and their values' types checked.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SNIPPET = Path(__file__).with_name("typed_cashflows.py")


def test_values_have_the_types_mypy_is_told() -> None:
    subprocess.run([sys.executable, str(SNIPPET)], check=True)


def test_mypy_strict_accepts_every_assert_type(
    mypy: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    done = mypy("--strict", str(SNIPPET.relative_to(ROOT)), cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_catches_a_wrong_expectation(
    tmp_path: Path, mypy: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    """The check has teeth: a float is not what a table of series gives."""
    wrong = tmp_path / "wrong.py"
    wrong.write_text(
        "from typing import assert_type\n"
        "from clientel.planning import npv\n"
        "assert_type(npv(0.08, [[-1.0, 2.0], [-1.0, 3.0]]), float)\n"
    )
    done = mypy("--strict", str(wrong), cwd=ROOT)
    assert done.returncode == 1
    assert "[assert-type]" in done.stdout
