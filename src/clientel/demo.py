"""``clientel demo``: the yearly client-development cycle on the sample business unit.

The report walks steps 2.1 to 2.7 of the process on "Northwind IT Services"
(:mod:`clientel.sample`) and returns plain text for a terminal.
"""

from __future__ import annotations

from collections import Counter

from clientel import __version__
from clientel.sample import SampleUnit, load_sample

__all__ = ["run_demo"]

_RULE = "=" * 78


def _heading(step: str, title: str) -> list[str]:
    return ["", _RULE, f"{step}  {title}", _RULE]


def _overview(unit: SampleUnit) -> list[str]:
    status = Counter(c.status.value for c in unit.clients)
    missing = {
        k: sum(c.attributes.get(k) is None for c in unit.clients)
        for k in ("it_budget", "relationship")
    }
    return [
        f"clientel {__version__}: yearly client-development cycle",
        f"Business unit: {unit.unit.name} ({unit.unit.code}), group {unit.group.name}",
        (
            f"Segments: {len(unit.leaf_segments)}   clients: {len(unit.clients)} "
            f"({status['key_client']} key, {status['current']} current, "
            f"{status['prospect']} prospects)"
        ),
        (
            f"Missing CRM cells: it_budget {missing['it_budget']}, relationship "
            f"{missing['relationship']} (decisions must survive missing data, 2.3)"
        ),
    ]


def run_demo() -> str:
    """The demo report as text."""
    unit = load_sample()
    lines = _overview(unit)
    lines += _heading("2.7", "Targets for next year")
    for t in unit.group.targets:
        margin = f", margin {t.margin.format()}" if t.margin else ""
        lines.append(f"  {t.year}: revenue {t.revenue.format()}{margin}")
    return "\n".join(lines) + "\n"
