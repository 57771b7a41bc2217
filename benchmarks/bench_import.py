"""Import time of clientel against numpy, as a ratio measured in one run.

Target (issue 2): ``import clientel`` under 2x the time of ``import numpy``, and it
must not import scipy. Each measurement is a fresh interpreter; the median of
``--repeat`` runs is reported.

Run: ``uv run python benchmarks/bench_import.py``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def _time_import(stmt: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", stmt], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    baseline = _time_import("pass")
    numpy_times, clientel_times = [], []
    for _ in range(args.repeat):  # interleaved so that machine noise hits both alike
        numpy_times.append(_time_import("import numpy") - baseline)
        clientel_times.append(_time_import("import clientel, clientel.models") - baseline)
    np_med = statistics.median(numpy_times)
    cl_med = statistics.median(clientel_times)
    check = "import sys, clientel, clientel.models; print('scipy' in sys.modules)"
    loads_scipy = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True
    ).stdout.strip()
    print("| import | median (ms, interpreter start subtracted) |")
    print("|---|---|")
    print(f"| numpy | {np_med * 1e3:.1f} |")
    print(f"| clientel + clientel.models | {cl_med * 1e3:.1f} |")
    ratio = cl_med / np_med
    print(f"\nratio clientel / numpy: {ratio:.2f} (target < 2); scipy loaded: {loads_scipy}")


if __name__ == "__main__":
    main()
