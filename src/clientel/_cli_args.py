"""Strict readers for command-line option values (private).

Each function is an ``argparse`` ``type=``: it returns the value or raises
:class:`argparse.ArgumentTypeError`, which the command line reports as a usage
error (one line, a hint, exit code 2). Nothing is guessed: ``--rate 8`` is
refused instead of read as 800 %.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable
from decimal import Decimal

__all__ = ["amount", "at_least", "currency", "rate", "seed", "tolerance"]

_INTEGER = re.compile(r"[+-]?\d{1,18}", re.ASCII)
_NUMBER = re.compile(r"[+-]?(?:\d{1,30}(?:\.\d{0,30})?|\.\d{1,30})", re.ASCII)
_AMOUNT = re.compile(r"\d{1,21}(?:\.\d{1,20})?", re.ASCII)
_MAX_SEED = 2**128


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")


def _integer(text: str) -> int:
    if not _INTEGER.fullmatch(text.strip()):
        raise argparse.ArgumentTypeError(f"expected a whole number, got {_shown(text)}")
    return int(text)


def at_least(minimum: int) -> Callable[[str], int]:
    """A whole number of at least ``minimum`` (ASCII digits, at most 18 of them).

    Examples
    --------
    >>> at_least(1)("10")
    10
    >>> at_least(1)("-1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a whole number of at least 1, got '-1'
    """

    def read(text: str) -> int:
        value = _integer(text)
        if value < minimum:
            msg = f"expected a whole number of at least {minimum}, got {_shown(text)}"
            raise argparse.ArgumentTypeError(msg)
        return value

    read.__name__ = f"whole number >= {minimum}"
    return read


def seed(text: str) -> int:
    """A seed: a whole number from 0 to 2**128 - 1."""
    value = _integer(text)
    if not 0 <= value < _MAX_SEED:
        msg = f"a seed is a whole number from 0 to 2**128 - 1, got {_shown(text)}"
        raise argparse.ArgumentTypeError(msg)
    return value


def rate(text: str) -> float:
    """A rate as a fraction (``0.08``) or a percentage (``8%``); ``8`` is refused.

    Examples
    --------
    >>> rate("0.08"), rate("8%"), rate("-2.5 %")
    (0.08, 0.08, -0.025)
    >>> rate("8")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 8 is above 1: write the rate as a fraction (0.08) or ...
    """
    number = text.strip()
    percent = number.endswith("%")
    if percent:
        number = number[:-1].strip()
    if not _NUMBER.fullmatch(number):
        msg = f"expected a rate such as 0.08 or 8%, got {_shown(text)}"
        raise argparse.ArgumentTypeError(msg)
    value = float(Decimal(number) / 100) if percent else float(number)
    if not percent and abs(value) > 1:
        msg = (
            f"{number} is above 1: write the rate as a fraction (0.08) or with a per cent sign (8%)"
        )
        raise argparse.ArgumentTypeError(msg)
    if not math.isfinite(value):  # pragma: no cover - the pattern bounds the digits
        raise argparse.ArgumentTypeError(f"expected a finite rate, got {_shown(text)}")
    return value


_TOLERANCE = re.compile(r"(?:\d{1,30}(?:\.\d{0,30})?|\.\d{1,30})(?:[eE][+-]?\d{1,3})?", re.ASCII)


def tolerance(text: str) -> float:
    """A tie tolerance: a finite number of at least 0, plain or with an exponent (``1e-12``).

    Examples
    --------
    >>> tolerance("1e-12"), tolerance("0")
    (1e-12, 0.0)
    >>> tolerance("-1e-9")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a number of at least 0 such as 1e-12, got '-1e-9'
    """
    number = text.strip()
    value = float(number) if _TOLERANCE.fullmatch(number) else math.nan
    if not math.isfinite(value):
        msg = f"expected a number of at least 0 such as 1e-12, got {_shown(text)}"
        raise argparse.ArgumentTypeError(msg)
    return value


def amount(text: str) -> Decimal:
    """A positive amount in plain digits with an optional decimal point (``661606.50``)."""
    number = text.strip()
    if not _AMOUNT.fullmatch(number) or Decimal(number) <= 0:
        msg = f"expected a positive amount such as 661606.50, got {_shown(text)}"
        raise argparse.ArgumentTypeError(msg)
    return Decimal(number)


def currency(text: str) -> str:
    """An ISO 4217 currency code in use (``EUR``, ``USD``, ...)."""
    from clientel.errors import InvalidInputError
    from clientel.models import Money

    try:
        Money(0, text)
    except InvalidInputError:
        msg = f"expected an ISO 4217 currency code such as EUR or USD, got {_shown(text)}"
        raise argparse.ArgumentTypeError(msg) from None
    return text
