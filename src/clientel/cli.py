"""The ``clientel`` command line (``python -m clientel``).

Commands work on the user's own files (JSON documents in the package format,
or CSV with a header) and print a table, JSON or CSV. Errors go to stderr as one
line with a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from clientel import __version__
from clientel.errors import ClientelError

__all__ = ["main"]

EXIT_USAGE = 2
EXIT_ERROR = 1


class CommandError(Exception):
    """A user-facing error: printed as one line, exit code 1."""


def _entity_type(name: str) -> Any:
    """The models class whose documents carry the type tag ``name`` (or ``list[name]``)."""
    from clientel import models

    public = (getattr(models, n) for n in models.__all__)
    by_tag = {models.document_type(c): c for c in public if hasattr(c, "__attrs_attrs__")}
    inner = name[5:-1] if name.startswith("list[") and name.endswith("]") else name
    cls = by_tag.get(inner)
    if cls is None:
        raise CommandError(f"unknown type {name!r}; known types: {', '.join(sorted(by_tag))}")
    return list[cls] if inner != name else cls  # type: ignore[valid-type]


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from exc


def _write(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8", newline="")
    else:
        sys.stdout.write(text)


def render(rows: list[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> str:
    """Rows as an aligned text table, JSON or CSV."""
    from clientel.export import write_csv

    cols = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        return json.dumps(rows, indent=2, default=str, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return write_csv(rows, columns=cols) if cols else ""
    cells = [[_fmt(r.get(c)) for c in cols] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


# -- commands -----------------------------------------------------------------------------------
def _cmd_demo(args: argparse.Namespace) -> int:
    from clientel.demo import run_demo

    _write(run_demo(), args.output)
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from clientel import models

    text = _read(args.file)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(f"{args.file}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    type_name = args.type or (doc.get("type") if isinstance(doc, dict) else None)
    if not type_name:
        raise CommandError(f"{args.file}: the document names no type; pass --type")
    cls = _entity_type(type_name)
    try:
        value = models.from_document(doc, cls)
    except ClientelError as exc:
        raise CommandError(f"{args.file}: {exc}") from exc
    count = len(value) if isinstance(value, list) else 1
    _write(f"ok: {args.file} holds {count} x {type_name.removeprefix('list[').rstrip(']')}\n", None)
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from clientel import models

    schema = models.json_schema(_entity_type(args.type))
    _write(json.dumps(schema, indent=2, sort_keys=True) + "\n", args.output)
    return 0


# -- parser -------------------------------------------------------------------------------------
def _add_output(parser: argparse.ArgumentParser, formats: bool = False) -> None:
    parser.add_argument("-o", "--output", help="write to this file instead of stdout")
    if formats:
        parser.add_argument(
            "-f", "--format", choices=["table", "json", "csv"], default="table",
            help="output format (default: table)",
        )  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(
        prog="clientel",
        description="Client-development process tools: steps 2.1 to 2.7 on your own data.",
    )
    parser.add_argument("--version", action="version", version=f"clientel {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="run the yearly cycle on the sample business unit")
    _add_output(demo)
    demo.set_defaults(func=_cmd_demo)

    validate = sub.add_parser("validate", help="check a JSON document against its entity type")
    validate.add_argument("file", help="a JSON document written by clientel (or - for stdin)")
    validate.add_argument("--type", help="entity type, e.g. Client or list[Client]")
    validate.set_defaults(func=_cmd_validate)

    schema = sub.add_parser("schema", help="print the JSON Schema of a document type")
    schema.add_argument("type", help="entity type, e.g. Client or list[Client]")
    _add_output(schema)
    schema.set_defaults(func=_cmd_schema)

    from clientel._cli_data import add_data_commands

    add_data_commands(sub, _add_output, _read, _write, render)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except CommandError as exc:
        sys.stderr.write(f"clientel {args.command}: error: {exc}\n")
        return EXIT_ERROR
    except ClientelError as exc:
        sys.stderr.write(f"clientel {args.command}: error: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:  # pragma: no cover
        sys.stderr.write("interrupted\n")
        return 130
    return code
