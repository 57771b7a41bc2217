"""The release step (scripts/release.py, docs/releasing.md) and what it keeps consistent."""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "release.py"
FILES = ("pyproject.toml", "uv.lock", "CHANGELOG.md", ".ci/run")
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
# A version the script may still release from this tree: the pre-release's own version, or,
# once a release is made, the next patch release.
_base = re.match(r"\d+\.\d+\.\d+", VERSION)
assert _base, VERSION
NEXT = (
    _base.group(0)
    if _base.group(0) != VERSION
    else ".".join([*VERSION.split(".")[:2], str(int(VERSION.split(".")[2]) + 1)])
)


def _copy(tmp_path: Path) -> Path:
    for name in (*FILES, "README.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(SCRIPT), *args, "--root", str(root)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def _changed_lines(root: Path, base: Path = ROOT) -> dict[str, list[str]]:
    out = {}
    for name in FILES:
        before = (base / name).read_text().splitlines()
        after = (root / name).read_text().splitlines()
        diff = difflib.unified_diff(before, after, lineterm="", n=0)
        out[name] = [d for d in diff if d[:1] in "+-" and d[:3] not in {"+++", "---"}]
    return out


def _downstream_pin(ci: str) -> str:
    found = re.search(r"^downstream_pin='([^']+)'$", ci, re.M)
    assert found, ".ci/run has no downstream_pin= line"
    return found.group(1)


@pytest.mark.skipif(not re.search(r"(dev|a|b|rc)\d+$", VERSION), reason="already a release")
def test_release_changes_four_lines_and_nothing_else(tmp_path: Path) -> None:
    root = _copy(tmp_path / "release")
    changelog = root / "CHANGELOG.md"
    text = changelog.read_text()
    if re.search(r"^## Unreleased\n+## ", text, re.M):  # right after a release: nothing yet
        text = text.replace("## Unreleased\n", "## Unreleased\n\n- A change users see.\n", 1)
        changelog.write_text(text)
    before = _copy(tmp_path / "before")
    shutil.copy(changelog, before / "CHANGELOG.md")
    done = _run(root, NEXT, "--date", "2026-12-01")
    assert done.returncode == 0, done.stderr
    changed = _changed_lines(root, before)
    assert changed["pyproject.toml"] == [f'-version = "{VERSION}"', f'+version = "{NEXT}"']
    assert changed["uv.lock"] == [f'-version = "{VERSION}"', f'+version = "{NEXT}"']
    assert changed["CHANGELOG.md"] == ["-## Unreleased", f"+## {NEXT} - 2026-12-01"]
    major, minor = NEXT.split(".")[:2]
    assert (
        changed[".ci/run"][1]
        == f"+downstream_pin='clientel>={major}.{minor},<{major}.{int(minor) + 1}'"
    )
    assert len(changed[".ci/run"]) == 2
    uv = shutil.which("uv")
    if uv:  # the edited lock is the one uv itself would write
        subprocess.run([uv, "lock", "--check", "--offline", "-q"], cwd=root, check=True)


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (("0.1", "--date", "2026-12-01"), "not a final X.Y.Z"),
        (("0.1.0rc1", "--date", "2026-12-01"), "not a final X.Y.Z"),
        (("0.1.0", "--date", "1 Dec 2026"), "not a YYYY-MM-DD date"),
        (("0.1.0", "--date", "2026-02-30"), "not a YYYY-MM-DD date"),
    ],
)
def test_release_refuses_bad_arguments_and_writes_nothing(
    tmp_path: Path, args: tuple[str, ...], complaint: str
) -> None:
    root = _copy(tmp_path)
    done = _run(root, *args)
    assert done.returncode != 0
    assert complaint in done.stderr
    assert all(lines == [] for lines in _changed_lines(root).values())


def test_release_refuses_a_changelog_without_unreleased_entries(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    changelog = root / "CHANGELOG.md"
    changelog.write_text(re.sub(r"^## Unreleased$", "## 0.0.9", changelog.read_text(), flags=re.M))
    done = _run(root, NEXT, "--date", "2026-12-01")
    assert done.returncode != 0
    assert "'## Unreleased' heading" in done.stderr
    assert _changed_lines(root)["pyproject.toml"] == []


def test_ci_pins_a_range_that_admits_the_version_in_pyproject() -> None:
    """The downstream check installs 'clientel>=X.Y,<X.Y+1'; a pre-release needs its own bound.

    0.1.0.dev0 sorts before 0.1, so '>=0.1,<0.2' excludes it even with --pre; the
    pin names the pre-release in its lower bound until scripts/release.py sets 0.1.0.
    """
    pin = _downstream_pin((ROOT / ".ci" / "run").read_text())
    name, _, spec = pin.partition(">")
    assert name == "clientel"
    assert SpecifierSet(">" + spec).contains(VERSION, prereleases=True)
    major, minor = (int(p) for p in VERSION.split(".")[:2])
    release_pin = f"clientel>={major}.{minor},<{major}.{minor + 1}"
    if re.fullmatch(r"\d+\.\d+\.\d+", VERSION):
        assert pin == release_pin
    else:
        assert pin == release_pin.replace(f">={major}.{minor},", f">={major}.{minor}.dev0,")
