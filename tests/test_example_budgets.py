"""Every property test runs the long run's examples (HYPOTHESIS_PROFILE=dev, docs/quality.md).

A test's own ``@settings(max_examples=N)`` overrides the loaded profile, so a fixed number would
keep it out of the long run: a smaller CI budget is written ``LONG_RUN_EXAMPLES or N``
(tests/support/long_run.py). Twice now such fixed budgets slipped in (25 tests in one session,
5 in the next); this test reads the test files and names any.
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
FIXED = re.compile(r"max_examples\s*=\s*\d")


def test_no_property_fixes_its_own_number_of_examples() -> None:
    offenders = [
        f"{path.relative_to(TESTS)}:{n}"
        for path in sorted(TESTS.rglob("*.py"))
        if path.name != "conftest.py"  # the profiles themselves
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if FIXED.search(line) and "LONG_RUN_EXAMPLES" not in line and path != Path(__file__)
    ]
    assert offenders == [], "write max_examples=LONG_RUN_EXAMPLES or N"
