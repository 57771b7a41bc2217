"""The ``clientel`` command line (``python -m clientel``).

Commands work on the user's own files (JSON documents in the package format,
raw JSON payloads, or CSV with a header) and print a table, JSON or CSV.

Exit codes: 0 success; 1 a data error (one line on stderr naming the file,
line, column or field at fault); 2 a usage error (one line and a hint, no usage
block); 130 interrupted. No input prints a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from clientel import __version__
from clientel._cli_io import CommandError, UsageError, parse_json, read_text, write_output
from clientel.errors import ClientelError

__all__ = ["build_parser", "main"]

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_INTERNAL = 70
_MAX_LINE = 600  # characters of one error line
_TYPE_MODULES = (
    "clientel.models",
    "clientel.scoring",
    "clientel.pricing",
    "clientel.planning",
    "clientel.workflow",
    "clientel",
)


class _Parser(argparse.ArgumentParser):
    """An argument parser that raises :class:`UsageError` instead of printing usage."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(self.prog, message)


def _known_types() -> dict[str, Any]:
    """Every public attrs class (entities and results), by its document type tag."""
    import importlib

    from clientel import models

    by_tag: dict[str, Any] = {}
    for name in _TYPE_MODULES:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            cls = getattr(module, attr)
            if isinstance(cls, type) and hasattr(cls, "__attrs_attrs__"):
                by_tag.setdefault(models.document_type(cls), cls)
    return by_tag


def _entity_type(name: object) -> Any:
    """The class whose documents carry the type tag ``name`` (or ``list[name]``)."""
    if not isinstance(name, str):
        raise CommandError(f"the type must be a name such as 'Client', got {name!r:.60}")
    by_tag = _known_types()
    inner = name[5:-1] if name.startswith("list[") and name.endswith("]") else name
    cls = by_tag.get(inner)
    if cls is None:
        close = difflib.get_close_matches(inner, by_tag, n=3)
        guess = f" (did you mean {', '.join(close)}?)" if close else ""
        raise CommandError(
            f"unknown type {inner!r:.60}{guess}; 'clientel schema --list' lists the "
            f"{len(by_tag)} known types"
        )
    return list[cls] if inner != name else cls  # type: ignore[valid-type]


# -- commands -----------------------------------------------------------------------------------
def _cmd_demo(args: argparse.Namespace) -> int:
    from clientel.demo import run_demo

    write_output(run_demo(), args.output)
    return 0


SAMPLE_FILES = ("clients.csv", "deals.csv", "segments.json", "opportunities.json")
#: The criteria the how-to ranks the sample clients with.
SAMPLE_CRITERIA = """[
  {"name": "revenue_potential", "weight": 3},
  {"name": "growth", "weight": 2},
  {"name": "relationship", "weight": 2, "missing": "bounds"},
  {"name": "it_budget", "weight": 1, "missing": "bounds"}
]
"""


def _cmd_sample(args: argparse.Namespace) -> int:
    from pathlib import Path

    from clientel.sample import read_text as sample_text

    folder = Path(args.folder)
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"cannot write into {args.folder}: it is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"cannot make the folder {args.folder}: {exc.strerror}") from None
    files = {name: sample_text(name) for name in SAMPLE_FILES}
    files["criteria.json"] = SAMPLE_CRITERIA
    for name, text in files.items():
        write_output(text, str(folder / name))
    write_output("".join(f"wrote {folder / name}\n" for name in files), None)
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from clientel import models

    doc = parse_json(read_text(args.file), args.file)
    envelope = isinstance(doc, dict) and "schema_version" in doc
    if envelope:
        type_name = args.type or doc.get("type")
        if type_name is None:
            raise CommandError(f"{args.file}: the document names no type; pass --type")
        if not isinstance(type_name, str):
            shown = json.dumps(type_name)[:60]
            raise CommandError(f"{args.file}: $.type: expected a type name, got {shown}")
        cls = _entity_type(type_name)
        read: Callable[[Any, Any], Any] = models.from_document
    else:
        if not args.type:
            raise CommandError(
                f"{args.file}: not a clientel document (no schema_version); to check a raw "
                "payload, name its type with --type"
            )
        cls = _entity_type(args.type)
        read = models.from_data
    try:
        value = read(doc, cls)
    except ClientelError as exc:
        raise CommandError(f"{args.file}: {exc}") from None
    count = len(value) if isinstance(value, list) else 1
    shown = str(type_name if envelope else args.type).removeprefix("list[").removesuffix("]")
    kind = "" if envelope else " (raw payload)"
    write_output(f"ok: {args.file} holds {count} x {shown}{kind}\n", None)
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from clientel import models

    if args.list:
        write_output("".join(f"{tag}\n" for tag in sorted(_known_types())), args.output)
        return 0
    if not args.type:
        raise UsageError("clientel schema", "name a type, e.g. Client or list[Client], or --list")
    schema = models.json_schema(_entity_type(args.type))
    write_output(json.dumps(schema, indent=2, sort_keys=True) + "\n", args.output)
    return 0


# -- parser -------------------------------------------------------------------------------------
def _add_output(parser: argparse.ArgumentParser, formats: bool = False) -> None:
    parser.add_argument(
        "-o", "--output",
        help="write to this file (atomically: nothing is left half-written) instead of stdout",
    )  # fmt: skip
    if formats:
        parser.add_argument(
            "-f", "--format", choices=["table", "json", "csv"], default="table",
            help="output format (default: table)",
        )  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = _Parser(
        prog="clientel",
        description="Client-development process tools: steps 2.1 to 2.7 on your own data.",
        epilog="Exit codes: 0 ok, 1 bad data (one line naming the file, line and column), "
        "2 bad arguments.",
    )
    parser.add_argument("--version", action="version", version=f"clientel {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="run the yearly cycle on the sample business unit")
    _add_output(demo)
    demo.set_defaults(func=_cmd_demo)

    sample = sub.add_parser(
        "sample",
        help="write the sample unit's files (clients, deals, segments, opportunities, criteria)",
        description="Write the sample business unit's CRM export (clients.csv), deal history "
        "(deals.csv), segment tree, opportunities and example criteria into FOLDER, to try "
        "the other commands on.",
    )
    sample.add_argument("folder", help="where to write (made if missing)")
    sample.set_defaults(func=_cmd_sample)

    validate = sub.add_parser(
        "validate",
        help="check a JSON document or a raw payload against its type",
        description="Check a document written by clientel (the type is read from it) or a raw "
        "JSON payload without the envelope (name its type with --type).",
    )
    validate.add_argument("file", help="a JSON file (or - for stdin)")
    validate.add_argument("--type", help="type, e.g. Client, list[Client] or PriceBand")
    validate.set_defaults(func=_cmd_validate)

    schema = sub.add_parser("schema", help="print the JSON Schema of an entity or result type")
    schema.add_argument("type", nargs="?", help="type, e.g. Client, list[Client] or PriceBand")
    schema.add_argument("--list", action="store_true", help="list the known types")
    _add_output(schema)
    schema.set_defaults(func=_cmd_schema)

    from clientel._cli_data import add_data_commands

    add_data_commands(sub, _add_output)
    return parser


def _say(prog: str, message: str, hint: str = "") -> None:
    line = " ".join(f"{prog}: error: {message}".split("\n")).replace("\r", " ")
    if len(line) > _MAX_LINE:
        line = line[: _MAX_LINE - 1] + "…"
    sys.stderr.write(line + "\n" + (f"hint: {hint}\n" if hint else ""))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Examples
    --------
    >>> main(["schema", "--list"]) == 0  # doctest: +ELLIPSIS
    Acceptance
    ...
    True
    """
    parser = build_parser()
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:  # named against the command, so the hint points at its options
            prog = f"clientel {args.command}"
            raise UsageError(prog, f"unrecognized arguments: {' '.join(extra)}")
    except UsageError as exc:
        _say(exc.prog, str(exc), f"'{exc.prog} --help' shows the options")
        return EXIT_USAGE
    prog = f"clientel {args.command}"
    try:
        code: int = args.func(args)
        sys.stdout.flush()
    except UsageError as exc:
        _say(exc.prog, str(exc), f"'{exc.prog} --help' shows the options")
        return EXIT_USAGE
    except (CommandError, ClientelError) as exc:
        _say(prog, str(exc))
        return EXIT_ERROR
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        _silence_stdout()
        return EXIT_ERROR
    except OSError as exc:  # standard output on a full disk, a closed stream
        _say(prog, f"cannot write the output: {exc.strerror or exc}")
        _silence_stdout()
        return EXIT_ERROR
    except RecursionError:
        _say(prog, "the input is nested too deeply")
        return EXIT_ERROR
    except MemoryError:
        _say(prog, "not enough memory for this input")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug, not bad input: still one line, and a distinct code
        _say(prog, f"internal error ({type(exc).__name__}: {exc}); please report it")
        return EXIT_INTERNAL
    return code


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a descriptor
        pass
