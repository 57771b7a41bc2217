"""The deprecation policy (docs/deprecations.md), on the package and end to end.

The policy checks run over every public module: each deprecated object's message has the
standard form, its removal comes at least two minor releases after its deprecation, and the
package version has not reached it. The end-to-end tests write a small module (``oldlib``)
the way a clientel module looks once it deprecates a function, a class and a renamed name
(the recipe of clientel/_internal/deprecation.py: it is library code, so it uses the private
helper as clientel's own modules do), then check what a user meets: the run-time warning,
a class that stays a class, and mypy flagging every use.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
import re
import subprocess
import sys
import textwrap
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

import clientel
from clientel.errors import ClientelDeprecationWarning

HAS_DASK = importlib.util.find_spec("dask") is not None  # clientel[dask] installed
# Every module whose dotted name has no private part, kernels included.
PUBLIC_MODULES = ["clientel"] + [
    info.name
    for info in pkgutil.walk_packages(clientel.__path__, "clientel.")
    if "._" not in info.name
    and (HAS_DASK or not info.name.startswith("clientel.dask"))  # an optional extra
]
# mypy's cache for checked snippets, kept between runs (the first run takes ~10 s, later ones ~2 s)
SNIPPET_CACHE = Path(__file__).resolve().parents[1] / ".mypy_cache" / "snippets"
STANDARD = re.compile(
    r"(?P<name>[\w.]+) is deprecated since clientel (?P<since>\d+\.\d+(?:\.\d+)?) and will be "
    r"removed in (?P<removal>\d+\.\d+(?:\.\d+)?)(?:; use (?P<alternative>.+) instead)?"
)


def _release(text: str) -> tuple[int, ...]:
    found = re.match(r"\d+(?:\.\d+)*", text)
    assert found, text
    return tuple(int(p) for p in found.group(0).split("."))


def _deprecations(module: ModuleType) -> Iterator[tuple[str, str]]:
    """(qualified name, message) of every deprecated object, method and alias of a module."""
    names = getattr(module, "__all__", [n for n in vars(module) if not n.startswith("_")])
    for public in names:
        obj = getattr(module, public)
        text = getattr(obj, "__deprecated__", None)
        if isinstance(text, str):
            yield f"{module.__name__}.{public}", text
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("__"):  # a deprecated class's own __new__ and __init_subclass__
                    continue
                target = member.fget if isinstance(member, property) else member
                text = getattr(getattr(target, "__func__", target), "__deprecated__", None)
                if isinstance(text, str):
                    yield f"{module.__name__}.{public}.{attr}", text
    getter = vars(module).get("__getattr__")
    for old, text in getattr(getter, "aliases", {}).items():
        yield f"{module.__name__}.{old}", text


def _violations(module: ModuleType, version: str) -> list[str]:
    out = []
    for name, text in _deprecations(module):
        found = STANDARD.fullmatch(text)
        if not found:
            out.append(f"{name}: not the standard message: {text!r}")
            continue
        since, removal = _release(found["since"]), _release(found["removal"])
        earliest = (since[0], since[1] + 2) if since[0] == 0 else (since[0] + 1, 0)
        if removal[:2] < earliest:
            out.append(f"{name}: removal {found['removal']} is too early for {found['since']}")
        if _release(version) >= removal:
            out.append(f"{name}: due for removal in {found['removal']}, still in {version}")
    return out


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_no_deprecation_breaks_the_policy_or_outlives_its_removal(name: str) -> None:
    assert _violations(importlib.import_module(name), clientel.__version__) == []


OLDLIB = '''
"""A clientel module after a deprecation and a rename (see clientel._internal.deprecation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clientel._internal.deprecation import deprecated, renamed
from clientel.errors import ClientelDeprecationWarning


def total(values: list[float]) -> float:
    return sum(values)


class Plan:
    def __init__(self, size: int) -> None:
        self.size = size


@deprecated(
    "oldlib.old_total is deprecated since clientel 0.2 and will be removed in 0.4; "
    "use total instead",
    category=ClientelDeprecationWarning,
)
def old_total(values: list[float]) -> float:
    return total(values)


@deprecated(
    "oldlib.OldPlan is deprecated since clientel 0.2 and will be removed in 0.4; use Plan instead",
    category=ClientelDeprecationWarning,
)
class OldPlan(Plan):
    """A plan of the old kind."""


class Budget:
    @deprecated(
        "oldlib.Budget.spread is deprecated since clientel 0.2 and will be removed in 0.4",
        category=ClientelDeprecationWarning,
    )
    def spread(self) -> int:
        return 3


if TYPE_CHECKING:

    @deprecated(
        "oldlib.sum_of is deprecated since clientel 0.2 and will be removed in 0.4; "
        "use total instead"
    )
    def sum_of(values: list[float]) -> float: ...

else:
    __getattr__ = renamed(__name__, {"sum_of": (total, "0.2", "0.4")})
'''

# What a downstream app writes; "# E: code" marks the lines mypy must flag, and no others.
USER = """
import oldlib
from oldlib import old_total  # E: deprecated

a: float = old_total([1.0])  # mypy reports a from-import once, at the import
b: float = oldlib.sum_of([1.0])  # E: deprecated
c: float = oldlib.old_total([1.0])  # E: deprecated
plan = oldlib.OldPlan(3)  # E: deprecated
assert isinstance(plan, oldlib.Plan)


class MyPlan(oldlib.OldPlan):  # E: deprecated
    pass


d: int = oldlib.Budget().spread()  # E: deprecated
e: float = oldlib.total([1.0])
oldlib.no_such_name  # E: attr-defined
"""


@pytest.fixture
def oldlib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    (tmp_path / "oldlib.py").write_text(textwrap.dedent(OLDLIB))
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module("oldlib")
    sys.modules.pop("oldlib", None)


def test_deprecated_function_warns_with_the_removal_version(oldlib: ModuleType) -> None:
    with pytest.warns(ClientelDeprecationWarning, match=r"will be removed in 0\.4") as caught:
        assert oldlib.old_total([1.0, 2.0]) == 3.0
    assert caught[0].filename == __file__  # the warning points at the caller's line
    assert "use total instead" in str(caught[0].message)


def test_deprecated_class_stays_a_class(oldlib: ModuleType) -> None:
    assert inspect.isclass(oldlib.OldPlan)
    assert issubclass(oldlib.OldPlan, oldlib.Plan)
    with pytest.warns(ClientelDeprecationWarning, match=r"OldPlan .* removed in 0\.4"):
        plan = oldlib.OldPlan(3)
    assert isinstance(plan, oldlib.OldPlan)
    assert isinstance(plan, oldlib.Plan)
    assert plan.size == 3
    assert oldlib.OldPlan.__doc__ == "A plan of the old kind."
    with pytest.warns(ClientelDeprecationWarning):

        class Mine(oldlib.OldPlan):  # type: ignore[misc,name-defined]
            pass

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert isinstance(oldlib.Plan(2), oldlib.Plan)  # the new class does not warn


def test_deprecated_method_and_renamed_name_warn(oldlib: ModuleType) -> None:
    with pytest.warns(ClientelDeprecationWarning, match=r"Budget\.spread"):
        assert oldlib.Budget().spread() == 3
    with pytest.warns(ClientelDeprecationWarning, match=r"oldlib\.sum_of .* use total") as caught:
        assert oldlib.sum_of is oldlib.total
    assert caught[0].filename == __file__
    with pytest.warns(ClientelDeprecationWarning):
        from oldlib import sum_of  # type: ignore[import-not-found]
    assert sum_of([2.0]) == 2.0
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = oldlib.no_such_name


def test_policy_check_fails_once_a_name_outlives_its_removal(oldlib: ModuleType) -> None:
    assert _violations(oldlib, "0.3.0") == []
    assert _violations(oldlib, "0.3.9.dev0") == []
    late = _violations(oldlib, "0.4.0.dev0")
    assert [v.split(":")[0] for v in late] == [
        "oldlib.old_total",
        "oldlib.OldPlan",
        "oldlib.Budget.spread",
        "oldlib.sum_of",
    ]
    assert all("due for removal in 0.4" in v for v in late)


def test_policy_check_refuses_an_early_removal_and_a_free_form_message() -> None:
    module = ModuleType("early")
    module.f = lambda: None  # type: ignore[attr-defined]
    module.f.__deprecated__ = (  # type: ignore[attr-defined]
        "early.f is deprecated since clientel 0.2 and will be removed in 0.3"
    )
    module.g = lambda: None  # type: ignore[attr-defined]
    module.g.__deprecated__ = "g is old, do not use it"  # type: ignore[attr-defined]
    found = _violations(module, "0.2.0")
    assert found[0] == "early.f: removal 0.3 is too early for 0.2"
    assert found[1].startswith("early.g: not the standard message")


def test_mypy_flags_every_use_of_a_deprecated_name(
    tmp_path: Path,
    oldlib: ModuleType,
    mypy: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    (tmp_path / "user.py").write_text(USER)
    done = mypy(
        "--strict",
        "--enable-error-code",
        "deprecated",
        "--cache-dir",
        str(SNIPPET_CACHE),
        "user.py",
        cwd=tmp_path,
    )
    expected = {
        (number, marker.group(1))
        for number, line in enumerate(USER.splitlines(), start=1)
        if (marker := re.search(r"# E: ([\w-]+)", line))
    }
    found = {
        (int(m.group(1)), m.group(2))
        for m in re.finditer(r"^user\.py:(\d+): error: .*\[([\w-]+)\]$", done.stdout, re.M)
    }
    assert found == expected, done.stdout + done.stderr
    assert "is deprecated: oldlib.old_total is deprecated since clientel 0.2" in done.stdout
