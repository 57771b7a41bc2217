"""Test configuration: hypothesis profiles.

``HYPOTHESIS_PROFILE=ci`` (the default) keeps the suite fast and reproducible
(derandomised, few examples); ``HYPOTHESIS_PROFILE=dev`` runs many more examples.
"""

from __future__ import annotations

import os

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
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
