"""The long run's example budget for slow properties (HYPOTHESIS_PROFILE=dev, docs/quality.md).

A property with a smaller CI budget of its own writes
``@settings(max_examples=LONG_RUN_EXAMPLES or 15)``: under the long run's profile (more than
100 examples) it runs the profile's examples like every other property; otherwise
``LONG_RUN_EXAMPLES`` is 0 and its own budget applies. tests/conftest.py loads the profile
before any test module imports this one (pytest's ``pythonpath`` puts tests/support on the path).
"""

from __future__ import annotations

from hypothesis import settings

__all__ = ["LONG_RUN_EXAMPLES"]

LONG_RUN_EXAMPLES: int = settings.default.max_examples if settings.default.max_examples > 100 else 0
