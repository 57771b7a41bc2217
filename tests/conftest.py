"""Test configuration: hypothesis profiles and shared checks.

Profiles (``HYPOTHESIS_PROFILE``, default ``ci``):

* ``ci``: 40 examples per property test, drawn at random on every run. Locally, failing
  and interesting examples are kept in an example database (``.hypothesis/examples`` at
  the repository root, git-ignored) and replayed first on the next run. In CI (the ``CI``
  environment variable set) there is no database: the run draws everything from one seed,
  chosen at random and printed in the header (``hypothesis seed of this run: N``) and again
  under a failure, so ``uv run pytest --hypothesis-seed=N`` repeats the run's examples; a
  failure also prints ``@reproduce_failure(...)`` for its one test (``print_blob``).
  ``CLIENTEL_HYPOTHESIS_SEED=N`` fixes the seed without a command-line option.
* ``dev``: the long run, 500 examples per property test (``HYPOTHESIS_PROFILE=dev uv run
  pytest -m hypothesis``; see docs/quality.md).
* ``lowest``: the run on the lowest declared dependency versions in ``.ci/run``: derandomised
  and 10 examples (what it checks is the versions, not the algorithms).
* ``mutation``: mutation runs (scripts/mutation.py): derandomised, 10 examples.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.database import DirectoryBasedExampleDatabase

_ROOT = Path(__file__).resolve().parent.parent
_IN_CI = bool(os.environ.get("CI"))
# Kept between local runs, never relied on in CI (a fresh clone there has none anyway).
_DATABASE = None if _IN_CI else DirectoryBasedExampleDatabase(_ROOT / ".hypothesis" / "examples")

settings.register_profile(
    "ci",
    max_examples=40,
    derandomize=False,  # explicit: under CI, hypothesis's own default profile derandomises
    database=_DATABASE,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", parent=settings.get_profile("ci"), max_examples=500)
# The second run of the suite in CI, on the lowest declared dependency versions: derandomised
# examples, fewer of them (what it checks is the versions, not the algorithms).
settings.register_profile(
    "lowest", parent=settings.get_profile("ci"), max_examples=10, derandomize=True, database=None
)
# Mutation runs (scripts/mutation.py, docs/quality.md): derandomised, so that whether
# a mutant survives does not depend on the run, and 10 examples per property (as on the lowest
# versions): each mutant reruns the tests that reach it, hundreds of times per module.
settings.register_profile(
    "mutation",
    parent=settings.get_profile("ci"),
    derandomize=True,
    database=None,
    max_examples=10,
    # a mutant is killed by the first failing example: no shrinking, no explaining (they took
    # up to 20 s per killed mutant and made mutmut count it as timed out instead)
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

_SEED_KEY = pytest.StashKey[int]()


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """In CI, draw one seed for the whole run (before hypothesis's plugin reads the option)."""
    if settings.default.derandomize:
        return
    given = config.getoption("hypothesis_seed", default=None)
    chosen = os.environ.get("CLIENTEL_HYPOTHESIS_SEED")
    if given is None and (chosen or _IN_CI):
        given = chosen or str(random.SystemRandom().randrange(2**32))
        config.option.hypothesis_seed = given
        # pytest-xdist's workers start after this and inherit the environment: one seed for all
        os.environ["CLIENTEL_HYPOTHESIS_SEED"] = given
    if given is not None and str(given).isdigit():
        config.stash[_SEED_KEY] = int(given)


def _seed_line(config: pytest.Config) -> str | None:
    seed = config.stash.get(_SEED_KEY, None)
    if seed is None:
        return None
    return f"hypothesis seed of this run: {seed} (repeat it with --hypothesis-seed={seed})"


def pytest_report_header(config: pytest.Config) -> str | None:
    return _seed_line(config)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    line = _seed_line(config)
    if line is not None and exitstatus != 0:
        terminalreporter.write_line(line)


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
