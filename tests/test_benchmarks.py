"""Every benchmark script's quick mode runs to the end (issue 18), so the scripts do not rot.

Each script runs in a fresh interpreter with ``--quick`` (small sizes, one run each: a few
seconds). Nothing is asserted about time: figures are recorded in docs/performance.md by
the full runs. Peers of the ``bench`` dependency group that are not installed are skipped
by the scripts themselves, so this runs in the ordinary test environment.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SCRIPTS = sorted(BENCHMARKS.glob("bench_*.py"))


@pytest.mark.benchmark_quick
@pytest.mark.skipif(not SCRIPTS, reason="no benchmarks folder (an sdist)")
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_quick_mode_runs(script: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(script), "--quick"],
        cwd=BENCHMARKS.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip(), "the script printed no figures"
