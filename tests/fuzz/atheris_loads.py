"""Coverage-guided fuzzing of ``clientel.models.loads`` with atheris (issue 15).

The suite runs :func:`one_input` on the seed documents (tests/fuzz/test_atheris_target.py);
a long campaign needs the optional ``fuzz`` dependency group::

    uv sync --group fuzz
    mkdir -p /tmp/clientel-corpus && cp tests/models/data/v1/*.json /tmp/clientel-corpus/
    uv run --group fuzz python tests/fuzz/atheris_loads.py /tmp/clientel-corpus \\
        -atheris_runs=1500000 -max_len=16384 -timeout=10 -rss_limit_mb=4096

libFuzzer grows the corpus in that folder; a crash (any exception that is not a
:class:`~clientel.errors.ClientelError`, or an accepted document that does not
round-trip) is written to ``crash-<hash>`` in the current directory; replay it
with ``uv run --group fuzz python tests/fuzz/atheris_loads.py crash-<hash>``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from clientel import models as m
from clientel.errors import ClientelError

#: Every document type, by the tag its documents carry.
TYPES: dict[str, Any] = {
    m.document_type(cls): cls
    for cls in (getattr(m, name) for name in m.__all__)
    if isinstance(cls, type) and hasattr(cls, "__attrs_attrs__") and cls is not m.UntrustedDocument
}
TYPES["list[Client]"] = list[m.Client]
_FALLBACK = (m.Money, list[m.Client], m.Proposal)


def one_input(data: bytes) -> None:
    """Read ``data`` as the type its tag names (or a few fixed types): never a crash."""
    try:
        tag = json.loads(data).get("type")
    except (ValueError, AttributeError, RecursionError):
        tag = None
    targets = (TYPES[tag],) if isinstance(tag, str) and tag in TYPES else _FALLBACK
    for cls in targets:
        try:
            value = m.loads(data, cls)
        except ClientelError:
            continue
        again = m.loads(m.dumps(value), cls)
        if again != value:
            raise AssertionError(f"{tag}: an accepted document does not round-trip")


def main() -> None:  # pragma: no cover - needs atheris (the fuzz group)
    import atheris

    atheris.instrument_all()
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":  # pragma: no cover
    main()
