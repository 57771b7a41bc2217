"""Every public name added after 0.1.0 says when: ``.. versionadded:: 0.2.0`` in its docstring.

The API pages say that a name without a ``versionadded`` note has been there since 0.1.0, the
first release. ``public_api_0.1.0.txt`` is the public surface 0.1.0 shipped (the snapshot
``public_api.txt`` at the tag ``v0.1.0``, never edited). A name in today's snapshot that is not
in it needs the directive with the release it first ships in (later than 0.1.0), and a name
that 0.1.0 already had must not claim a later one. A constant has no docstring of its own: its
note goes in the ``#:`` comment above its assignment, which the API page shows.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import re
from pathlib import Path

HERE = Path(__file__).parent
RELEASED = set((HERE / "public_api_0.1.0.txt").read_text(encoding="utf-8").split())
CURRENT = (HERE / "public_api.txt").read_text(encoding="utf-8").split()
ADDED = re.compile(r"\.\. versionadded:: (\d+)\.(\d+)(?:\.(\d+))?")


@functools.cache
def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _comment(module: object, name: str) -> str:
    """The ``#:`` lines above ``name = ...`` in the package that defines it."""
    source = Path(inspect.getfile(module))  # type: ignore[arg-type]
    files = sorted(source.parent.rglob("*.py")) if source.name == "__init__.py" else [source]
    for path in files:
        lines = _lines(path)
        for k, line in enumerate(lines):
            if re.match(rf"^{re.escape(name)}\b\s*[:=]", line):
                j = k
                while j > 0 and lines[j - 1].startswith("#:"):
                    j -= 1
                if j < k:
                    return "\n".join(lines[j:k])
    return ""


def _doc(full: str) -> str:
    modname, name = full.rsplit(".", 1)
    module = importlib.import_module(modname)
    obj = getattr(module, name)
    if inspect.ismodule(obj) or inspect.isclass(obj) or callable(obj):
        return inspect.getdoc(obj) or ""
    return _comment(module, name)


def _versions(full: str) -> list[tuple[int, ...]]:
    return [tuple(int(x or 0) for x in m) for m in ADDED.findall(_doc(full))]


def test_the_released_surface_is_the_tagged_one() -> None:
    assert len(RELEASED) == 688  # what 0.1.0 shipped; this file never changes


def test_names_added_since_0_1_0_say_in_which_release() -> None:
    added = [n for n in CURRENT if n not in RELEASED and not n.endswith("__version__")]
    missing = [n for n in added if not any(v > (0, 1, 0) for v in _versions(n))]
    assert missing == [], "add '.. versionadded:: 0.2.0' to the docstring (or #: comment)"


def test_names_of_0_1_0_claim_no_later_release() -> None:
    late = [n for n in CURRENT if n in RELEASED and any(v > (0, 1, 0) for v in _versions(n))]
    assert late == []
