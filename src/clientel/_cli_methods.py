"""The scoring method and its options on the command line (private).

``clientel rank --method NAME --option KEY=VALUE ...`` takes any score method of
the registry (:data:`clientel.scoring.kernels.METHODS`) and the options its record
declares (:attr:`~clientel.scoring.kernels.Method.defaults`); ``clientel methods``
lists them. A value is a number, a word (``normalisation=none``) or JSON read by
the models' strict parser (a list in the criteria's order, or an object keyed by
criterion name). Every refusal is a usage error naming ``--method`` or
``--option``: one line and a hint, exit code 2.
"""

from __future__ import annotations

import argparse
import difflib
import re
from collections.abc import Sequence
from typing import Any

from clientel._cli_io import brief, render, write_output

__all__ = ["add_methods_command", "method_options", "option_pair", "score_method"]

_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}", re.ASCII)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,39}", re.ASCII)
_JSON_WORDS = frozenset({"true", "false", "null"})


def score_method(text: str) -> str:
    """A score method of the registry (``--method``); a relation method is refused.

    Examples
    --------
    >>> score_method("vikor")
    'vikor'
    >>> score_method("topsys")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: unknown method 'topsys' (did you mean topsis?); ...
    """
    from clientel.scoring.kernels import METHODS

    record = METHODS.get(text)
    scores = sorted(name for name, rec in METHODS.items() if rec.kind == "score")
    if record is None:
        close = difflib.get_close_matches(text, scores, n=2)
        guess = f" (did you mean {' or '.join(close)}?)" if close else ""
        msg = f"unknown method {brief(text)}{guess}; expected one of {', '.join(scores)}"
        raise argparse.ArgumentTypeError(msg)
    if record.kind != "score":
        msg = (f"{text} gives an outranking relation, not a ranking; rank takes a score "
               f"method: {', '.join(scores)}")  # fmt: skip
        raise argparse.ArgumentTypeError(msg)
    return text


def option_pair(text: str) -> tuple[str, Any]:
    """``KEY=VALUE`` of ``--option``: the key and the value read as a word, number or JSON.

    Examples
    --------
    >>> option_pair("v=0.3"), option_pair("normalisation=none")
    (('v', 0.3), ('normalisation', 'none'))
    >>> option_pair('bounds={"growth":[0,1]}')
    ('bounds', {'growth': [0, 1]})
    >>> option_pair("q=[1, NaN]")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: q: not valid JSON: NaN is not a JSON value
    """
    from clientel import models
    from clientel.errors import ClientelError

    key, sep, value = text.partition("=")
    if not sep or not _KEY.fullmatch(key):
        msg = f"expected KEY=VALUE such as v=0.3 or normalisation=none, got {brief(text)}"
        raise argparse.ArgumentTypeError(msg)
    if _WORD.fullmatch(value) and value not in _JSON_WORDS:
        return key, value
    try:
        return key, models.loads_data(value, Any)
    except ClientelError as exc:
        raise argparse.ArgumentTypeError(f"{key}: {exc}") from None
    except RecursionError:  # pragma: no cover - the parser's depth cap comes first
        raise argparse.ArgumentTypeError(f"{key}: nested too deeply") from None


def _by_criterion(key: str, value: dict[str, Any], names: Sequence[str]) -> list[Any]:
    """An object keyed by criterion name as a list in the criteria's order."""
    for name in value:
        if name not in names:
            msg = f"{key}: no criterion {brief(name)} (criteria: {', '.join(names)})"
            raise argparse.ArgumentTypeError(msg)
    for name in names:
        if name not in value:
            raise argparse.ArgumentTypeError(f"{key}: no value for criterion {name!r}")
    return [value[name] for name in names]


def method_options(
    method: str, pairs: Sequence[tuple[str, Any]], names: Sequence[str]
) -> dict[str, Any]:
    """The ``--option`` pairs as the method's options, checked by its record.

    Raises :class:`argparse.ArgumentTypeError` naming the option: given twice,
    not an option of the method, an object whose keys are not the criteria, or
    a value the method's record refuses.
    """
    from clientel.errors import ClientelError
    from clientel.scoring.kernels import METHODS

    record = METHODS[method]
    allowed = sorted(record.defaults)
    given: dict[str, Any] = {}
    for key, value in pairs:
        if key in given:
            raise argparse.ArgumentTypeError(f"{key} given twice")
        if key not in allowed:
            takes = f"its options: {', '.join(allowed)}" if allowed else "it takes none"
            raise argparse.ArgumentTypeError(f"{method} takes no option {key!r} ({takes})")
        given[key] = _by_criterion(key, value, names) if isinstance(value, dict) else value
    try:
        record.options(given, len(names), names)
    except ClientelError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    except (TypeError, ValueError) as exc:  # a value of the wrong shape for the method
        raise argparse.ArgumentTypeError(f"{method}: {exc}") from None
    return given


def _option_text(key: str, default: Any) -> str:
    return key if default is None else f"{key}={default}"


def _cmd_methods(args: argparse.Namespace) -> int:
    from clientel.scoring.kernels import METHODS

    rows = [
        {
            "method": name,
            "title": rec.title,
            "gives": "ranking" if rec.kind == "score" else "relation (not for rank)",
            "better": "higher" if rec.higher_is_better else "lower",
            "options": ", ".join(_option_text(k, v) for k, v in sorted(rec.defaults.items())),
        }
        for name, rec in sorted(METHODS.items())
    ]
    write_output(render(rows, args.format), args.output)
    return 0


def add_methods_command(sub: Any, add_output: Any) -> None:
    """Register ``methods`` on the CLI's sub-parsers."""
    methods = sub.add_parser(
        "methods",
        help="list the scoring methods and their options (for rank --method/--option)",
        description="The methods of the scoring registry, what they give, whether a higher "
        "or a lower score ranks first, and their options with the defaults.",
    )
    add_output(methods, formats=True)
    methods.set_defaults(func=_cmd_methods)
