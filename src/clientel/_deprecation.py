"""Deprecation policy, enforced in code.

A name is deprecated for at least one minor release before it is removed. The
warning names the version that deprecated it, the version that will remove it
and what to use instead. A test fails once the package version reaches a
removal version, so nothing outlives its announced removal.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Final, ParamSpec, TypeVar

__all__ = ["DEPRECATIONS", "ClientelDeprecationWarning", "deprecated"]

P = ParamSpec("P")
R = TypeVar("R")

#: Every live deprecation: qualified name -> (since, removal). Checked by the test suite.
DEPRECATIONS: Final[dict[str, tuple[str, str]]] = {}


class ClientelDeprecationWarning(DeprecationWarning):
    """A clientel name that will be removed; shown by default (unlike DeprecationWarning)."""


warnings.simplefilter("default", ClientelDeprecationWarning)


def deprecated(
    since: str, removal: str, alternative: str | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Mark a function as deprecated.

    Examples
    --------
    >>> @deprecated("0.2", "0.4", alternative="new_score")
    ... def old_score() -> int:
    ...     return 1
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     old_score()
    1
    >>> str(caught[0].message)
    'old_score is deprecated since clientel 0.2 and will be removed in 0.4; use new_score instead'
    """

    def wrap(func: Callable[P, R]) -> Callable[P, R]:
        name = func.__qualname__
        advice = f"; use {alternative} instead" if alternative else ""
        message = f"{name} is deprecated since clientel {since} and will be removed in {removal}"
        DEPRECATIONS[f"{func.__module__}.{name}"] = (since, removal)

        @functools.wraps(func)
        def inner(*args: P.args, **kwargs: P.kwargs) -> R:
            warnings.warn(message + advice, ClientelDeprecationWarning, stacklevel=2)
            return func(*args, **kwargs)

        return inner

    return wrap


def version_tuple(text: str) -> tuple[int, ...]:
    """``"0.3.0.dev0"`` -> ``(0, 3, 0)``: the release part only."""
    parts: list[int] = []
    for piece in text.split("."):
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return tuple(parts)
