"""The ``clientel`` command line (``python -m clientel``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from clientel import __version__

__all__ = ["main"]


def _demo(args: argparse.Namespace) -> int:
    from clientel.models import Money

    fee = Money("100000.00", "EUR")
    lines = [
        f"clientel {__version__} demo",
        f"A fixed fee of {fee.format()} billed in three instalments:",
        *(f"  instalment {i}: {part.format()}" for i, part in enumerate(fee.split(3), 1)),
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clientel", description="Client-development process tools (steps 2.1 to 2.7)."
    )
    parser.add_argument("--version", action="version", version=f"clientel {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="run the yearly cycle on the sample business unit")
    demo.set_defaults(func=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code
