"""Turn the working tree into release VERSION: the one small commit of docs/releasing.md.

    python scripts/release.py 0.1.0 --date 2026-12-01
    git commit -am "Release 0.1.0"

It changes these lines and nothing else:

- ``pyproject.toml``: the ``[project]`` version;
- ``uv.lock``: the version of the project's own entry (what ``uv lock`` writes);
- ``CHANGELOG.md``: the ``## Unreleased`` heading becomes ``## 0.1.0 - 2026-12-01``;
- ``.ci/run``: the downstream check pins the release line (``clientel>=0.1,<0.2``) instead of
  its pre-releases.

Every file is checked before any is written, so a refusal changes nothing. It refuses a
version that is not a final ``X.Y.Z``, a date that is not ``YYYY-MM-DD``, a changelog without
an Unreleased section (or an empty one), and a file without the line it expects. The date is
given, never read from the clock, so the same command gives the same commit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FINAL = re.compile(r"\d+\.\d+\.\d+")
PROJECT_VERSION = re.compile(r'^(version = ")([^"]+)(")$', re.M)
LOCK_VERSION = re.compile(r'^(name = "clientel"\nversion = ")([^"]+)(")$', re.M)
UNRELEASED = re.compile(r"^## Unreleased$", re.M)
PIN = re.compile(r"^(downstream_pin=')([^']+)(')$", re.M)


def pin(version: str) -> str:
    """The range a downstream app pins for the release line of ``version``.

    >>> pin("0.1.0")
    'clientel>=0.1,<0.2'
    """
    major, minor = (int(p) for p in version.split(".")[:2])
    return f"clientel>={major}.{minor},<{major}.{minor + 1}"


def _one(pattern: re.Pattern[str], text: str, what: str) -> re.Match[str]:
    found = list(pattern.finditer(text))
    if len(found) != 1:
        raise SystemExit(f"release: expected one {what}, found {len(found)}")
    return found[0]


def release(root: Path, version: str, date: str) -> dict[Path, str]:
    """The new text of every file the release changes (nothing is written here)."""
    if not FINAL.fullmatch(version):
        raise SystemExit(f"release: {version!r} is not a final X.Y.Z version")
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise SystemExit(f"release: {date!r} is not a YYYY-MM-DD date") from None
    paths = {name: root / name for name in ("pyproject.toml", "uv.lock", "CHANGELOG.md", ".ci/run")}
    texts = {name: path.read_text(encoding="utf-8") for name, path in paths.items()}

    current = _one(PROJECT_VERSION, texts["pyproject.toml"], "[project] version line")
    if current.group(2) == version:
        raise SystemExit(f"release: pyproject.toml is already at {version}")
    _one(LOCK_VERSION, texts["uv.lock"], "clientel entry in uv.lock")
    heading = _one(UNRELEASED, texts["CHANGELOG.md"], "'## Unreleased' heading")
    body = texts["CHANGELOG.md"][heading.end() :].split("\n## ", 1)[0]
    if not re.search(r"^- ", body, re.M):
        raise SystemExit("release: the Unreleased section of CHANGELOG.md has no entry")
    _one(PIN, texts[".ci/run"], "downstream_pin= line in .ci/run")

    new = {
        "pyproject.toml": PROJECT_VERSION.sub(rf"\g<1>{version}\g<3>", texts["pyproject.toml"]),
        "uv.lock": LOCK_VERSION.sub(rf"\g<1>{version}\g<3>", texts["uv.lock"]),
        "CHANGELOG.md": UNRELEASED.sub(f"## {version} - {date}", texts["CHANGELOG.md"]),
        ".ci/run": PIN.sub(rf"\g<1>{pin(version)}\g<3>", texts[".ci/run"]),
    }
    return {paths[name]: text for name, text in new.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version", help="the final version, e.g. 0.1.0")
    parser.add_argument("--date", required=True, help="the release date, YYYY-MM-DD")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for path, text in release(args.root, args.version, args.date).items():
        path.write_text(text, encoding="utf-8")
        sys.stdout.write(f"updated {path.relative_to(args.root)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
