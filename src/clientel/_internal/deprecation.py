"""Deprecation helper, built on PEP 702's ``deprecated``; the policy is enforced in code.

A public name deprecated in a 0.x release is removed no earlier than two minor
releases later (deprecated in 0.2, removed in 0.4 at the earliest); the policy
for users is docs/deprecations.md. Mark a function, class or method with
:func:`deprecated` (``typing_extensions.deprecated``, re-exported here), the
category :class:`~clientel.errors.ClientelDeprecationWarning` and the standard
message, written out as a string literal::

    @deprecated(
        "old_score is deprecated since clientel 0.2 and will be removed in 0.4; "
        "use new_score instead",
        category=ClientelDeprecationWarning,
    )
    def old_score(...): ...

Type checkers read only a literal message: mypy drops the deprecation of
``@deprecated(message(...))`` without a word. :func:`message` builds the same
text (and refuses a removal earlier than the policy allows); the test suite
checks every deprecated object's message against that form and fails once the
package version reaches the removal version it names, so nothing outlives its
announced removal. A deprecated class stays a class: ``isinstance`` and
subclassing work, and instantiating or subclassing it warns.

A renamed module-level name is served by :func:`renamed`, a module
``__getattr__``. Keep that hook out of type checkers' sight, or they type every
unknown attribute of the module as ``Any`` (a misspelt import would pass
``mypy --strict``), and give them a deprecated stub of the old name instead::

    if TYPE_CHECKING:
        @deprecated("clientel.scoring.old_score is deprecated since clientel 0.2 "
                    "and will be removed in 0.4; use new_score instead")
        def old_score(values: ArrayLike) -> float: ...
    else:
        __getattr__ = renamed(__name__, {"old_score": (new_score, "0.2", "0.4")})

Importing clientel never changes the caller's warning filters: whether the
warning shows is the caller's choice (it is a :class:`DeprecationWarning`, so
Python shows it by default in ``__main__``, in tests and in notebooks).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping
from typing import Any

from typing_extensions import deprecated

from clientel.errors import ClientelDeprecationWarning

__all__ = ["deprecated", "message", "removal_version", "renamed", "version_tuple"]

_REMOVAL = re.compile(r"will be removed in (\d+(?:\.\d+)*)")


def message(name: str, since: str, removal: str, alternative: str | None = None) -> str:
    """The standard deprecation message.

    Examples
    --------
    >>> message("old_score", "0.2", "0.4", "new_score")
    'old_score is deprecated since clientel 0.2 and will be removed in 0.4; use new_score instead'
    """
    if version_tuple(removal) < _two_minors_after(since):
        msg = f"{name}: removal {removal} is earlier than two minor releases after {since}"
        raise ValueError(msg)
    advice = f"; use {alternative} instead" if alternative else ""
    return f"{name} is deprecated since clientel {since} and will be removed in {removal}{advice}"


def removal_version(text: str) -> tuple[int, ...] | None:
    """The removal version a deprecation message names, as a tuple (None if it names none)."""
    found = _REMOVAL.search(text)
    return version_tuple(found.group(1)) if found else None


def renamed(
    module: str, aliases: Mapping[str, tuple[Any, str, str] | tuple[Any, str, str, str]]
) -> Callable[[str], Any]:
    """A module ``__getattr__`` serving old names with a warning.

    ``aliases`` maps an old name to ``(new object, since, removal)``, or
    ``(new object, since, removal, new name)`` for an object without a
    ``__name__`` of its own (a constant). Assign it
    outside type checkers' sight (``if not TYPE_CHECKING``, or the ``else`` of an
    ``if TYPE_CHECKING`` block that declares the old names as deprecated stubs);
    see the module docstring.

    Examples
    --------
    >>> def new_score() -> int:
    ...     return 1
    >>> getter = renamed("clientel.example", {"old_score": (new_score, "0.2", "0.4")})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     getter("old_score")()
    1
    >>> caught[0].category.__name__, removal_version(str(caught[0].message))
    ('ClientelDeprecationWarning', (0, 4))
    """
    texts = {
        old: message(f"{module}.{old}", entry[1], entry[2],
                     entry[3] if len(entry) == 4 else getattr(entry[0], "__name__", None))
        for old, entry in aliases.items()
    }  # fmt: skip

    def __getattr__(name: str) -> Any:  # noqa: N807 - the module hook's required name
        if name in aliases:
            warnings.warn(texts[name], ClientelDeprecationWarning, stacklevel=2)
            return aliases[name][0]
        msg = f"module {module!r} has no attribute {name!r}"
        raise AttributeError(msg)

    __getattr__.aliases = dict(texts)  # type: ignore[attr-defined]
    return __getattr__


def version_tuple(text: str) -> tuple[int, ...]:
    """``"0.3.0.dev0"`` -> ``(0, 3, 0)``: the release part only."""
    parts: list[int] = []
    for piece in text.split("."):
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return tuple(parts)


def _two_minors_after(since: str) -> tuple[int, ...]:
    major, minor = (*version_tuple(since), 0, 0)[:2]
    return (major, minor + 2) if major == 0 else (major + 1, 0)
