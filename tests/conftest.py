"""Test configuration: hypothesis profiles and shared checks.

``HYPOTHESIS_PROFILE=ci`` (the default) keeps the suite fast and reproducible
(derandomised, few examples); ``HYPOTHESIS_PROFILE=dev`` runs many more examples.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=500, deadline=None)
# The second run of the suite in CI, on the lowest declared dependency versions: the same
# derandomised examples, fewer of them (what it checks is the versions, not the algorithms).
settings.register_profile("lowest", parent=settings.get_profile("ci"), max_examples=10)
# Mutation runs (scripts/mutation.py, docs/quality.md): derandomised like CI, so that whether
# a mutant survives does not depend on the run, and 10 examples per property (as on the lowest
# versions): each mutant reruns the tests that reach it, hundreds of times per module.
settings.register_profile(
    "mutation",
    parent=settings.get_profile("ci"),
    derandomize=True,
    database=None,
    max_examples=10,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _check_display(result: Any) -> None:
    text = repr(result)
    assert text.startswith(f"<{type(result).__name__}")
    assert "\n" not in text
    assert len(text) <= 160, text
    html = result._repr_html_()
    assert "<table>" in html
    assert "<td>" in html
    records = result.to_records()
    assert records
    assert all(isinstance(r, dict) for r in records)
    pytest.importorskip("pandas")
    assert len(result.to_frame()) == len(records)


def _raises_exactly(call: Callable[[], object], kind: type[BaseException], text: str) -> None:
    with pytest.raises(Exception) as info:
        call()
    assert type(info.value) is kind
    assert str(info.value) == text


@pytest.fixture
def raises_exactly() -> Callable[[Callable[[], object], type[BaseException], str], None]:
    """Assert that ``call()`` raises exactly ``kind`` with exactly ``text`` as its message.

    For clientel's errors the text is ``field: message (got value)``, so the field, the
    value and the wording are all checked (issue 31, docs/quality.md).
    """
    return _raises_exactly


@pytest.fixture
def check_display() -> Callable[[Any], None]:
    """Assert that a result has a one-line repr (at most 160 characters) and shows as a table."""
    return _check_display


@pytest.fixture(scope="session")
def mypy() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run mypy (from the lint group) in a subprocess; skip where it is not installed."""
    pytest.importorskip("mypy")

    def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "mypy", "--no-error-summary", *args]
        return subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd)

    return run
