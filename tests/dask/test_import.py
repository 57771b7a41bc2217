"""The extra is optional: ``import clientel`` never imports dask; without it, a clear error."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, timeout=120)  # fmt: skip


def test_import_clientel_never_imports_dask() -> None:
    code = (
        "import sys, clientel, clientel.scoring, clientel.pricing, clientel.planning\n"
        "import clientel.scoring.kernels, clientel.pricing.kernels, clientel.planning.kernels\n"
        "from clientel.scoring.kernels import Scorer\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')]\n"
    )
    done = _run(code)
    assert done.returncode == 0, done.stderr


def test_without_dask_the_import_error_names_the_extra() -> None:
    code = (
        "import sys\n"
        "sys.modules['dask'] = None  # as if dask were not installed\n"
        "try:\n"
        "    import clientel.dask\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
        "else:\n"
        "    raise SystemExit('imported without dask')\n"
    )
    done = _run(code)
    assert done.returncode == 0, done.stderr
    assert "clientel[dask]" in done.stdout
