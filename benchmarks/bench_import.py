"""Import time of clientel's subpackages against numpy, as ratios measured in one run.

Targets: ``import clientel`` (with ``clientel.models``) under 2x ``import numpy`` without
importing scipy (issue 2); ``import clientel.scoring``, ``clientel.pricing`` and
``clientel.planning`` each within 1.6x ``import numpy`` (issue 18). Every measurement is a
fresh interpreter with cached bytecode (one warm-up run of each statement writes it); the
time of a bare interpreter (``pass``) is subtracted from each. Statements are interleaved
so the machine's load hits them alike, and the best of ``--repeat`` runs of each is
reported (the run least disturbed by other jobs), with the median beside it. The package
``__init__`` files of models, scoring, pricing and planning load each public name's module
on first use, so the rows "every name" (``from ... import *``) and single names show what a
first use costs on top.

Run: ``nice -n 10 uv run python benchmarks/bench_import.py`` (``--quick``: one run each, no
warm-up: a check that the script works, not a measurement).
``python -X importtime -c "import clientel.scoring"`` shows where the time goes.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

STATEMENTS = {
    "numpy": "import numpy",
    "clientel + clientel.models": "import clientel, clientel.models",
    "clientel.scoring": "import clientel.scoring",
    "clientel.pricing": "import clientel.pricing",
    "clientel.planning": "import clientel.planning",
    "clientel.scoring, every name": "from clientel.scoring import *",
    "clientel.pricing, every name": "from clientel.pricing import *",
    "clientel.planning, every name": "from clientel.planning import *",
    "select_portfolio": "from clientel.scoring import select_portfolio",
    "planning.npv": "from clientel.planning import npv",
}


def _time(stmt: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", stmt], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--quick", action="store_true", help="one run of each, no warm-up")
    args = parser.parse_args()
    repeat = 1 if args.quick else args.repeat
    for stmt in () if args.quick else STATEMENTS.values():  # warm-up: bytecode cached
        _time(stmt)
    runs: dict[str, list[float]] = {name: [] for name in ["pass", *STATEMENTS]}
    for _ in range(repeat):
        runs["pass"].append(_time("pass"))
        for name, stmt in STATEMENTS.items():
            runs[name].append(_time(stmt))
    bare = min(runs["pass"])
    best = {name: min(t) - bare for name, t in runs.items() if name != "pass"}
    median = {name: statistics.median(t) - statistics.median(runs["pass"])
              for name, t in runs.items() if name != "pass"}  # fmt: skip
    print(f"| import | best (ms) | median (ms) | best / numpy | target |  ({repeat} runs each)")
    print("|---|---|---|---|---|")
    targets = {"clientel + clientel.models": "< 2"} | dict.fromkeys(
        ["clientel.scoring", "clientel.pricing", "clientel.planning"], "<= 1.6"
    )
    for name in STATEMENTS:
        ratio = best[name] / best["numpy"]
        target = targets.get(name, "")
        print(
            f"| {name} | {best[name] * 1e3:.0f} | {median[name] * 1e3:.0f} | {ratio:.2f} | "
            f"{target} |"
        )
    check = "import sys, clientel, clientel.models; print('scipy' in sys.modules)"
    loads_scipy = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(f"\nscipy loaded by import clientel, clientel.models: {loads_scipy}")


if __name__ == "__main__":
    main()
