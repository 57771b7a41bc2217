"""Worker processes: what travels to a worker pickles (scorers, models, errors, the model function).

The check runs in a fresh interpreter (tests/dask/process_check.py): a
LocalCluster of two worker processes started inside the pytest process hangs
at start-up here, while the same cluster starts in a plain interpreter.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed")

CHECK = Path(__file__).with_name("process_check.py")


def test_everything_pickles_to_worker_processes() -> None:
    done = subprocess.run([sys.executable, str(CHECK)], capture_output=True, text=True,
                          check=False, timeout=240)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "all checks passed" in done.stdout
