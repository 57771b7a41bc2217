"""Data commands of the ``clientel`` CLI on the user's files (private).

``rank`` (clients in CSV against criteria in JSON, step 2.3.3), ``impact``
(opportunities, step 2.4.6) and ``price-band`` (won and lost deals in CSV, step
2.5.4). Files are read by :mod:`clientel._cli_csv` and :mod:`clientel._cli_io`;
option values by :mod:`clientel._cli_args`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

from clientel import _cli_args as arg
from clientel._cli_csv import Table, read_table
from clientel._cli_io import (
    UsageError,
    json_kind,
    load_document,
    parse_json,
    read_text,
    render,
    write_output,
)
from clientel._cli_methods import add_methods_command, method_options, option_pair, score_method
from clientel.errors import ClientelError, InvalidInputError

__all__ = ["add_data_commands"]

_CRITERION_KEYS = MappingProxyType(
    {
        "name": (str,),
        "direction": (str,),
        "weight": (int, float, type(None)),
        "missing": (str,),
        "group": (str, type(None)),
        "description": (str,),
        "bounds": (list, type(None)),
    }
)
_KINDS = MappingProxyType(
    {str: "a string", int: "a number", float: "a number", list: "a list", type(None): "null"}
)
_DATE = "expected a date such as 2026-03-31"


class _Progress:
    """Progress on stderr when attached to a terminal; silent otherwise."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.live = sys.stderr.isatty()

    def update(self, done: int, total: int) -> None:
        if self.live:  # pragma: no cover - needs a terminal
            sys.stderr.write(f"\r{self.label}: {100 * done // max(total, 1):3d} %")
            sys.stderr.flush()

    def close(self) -> None:
        if self.live:  # pragma: no cover - needs a terminal
            sys.stderr.write("\n")


def _read_criteria(path: str) -> list[Any]:
    from clientel.scoring import Criterion, Direction, MissingPolicy

    raw = parse_json(read_text(path), path)
    if not isinstance(raw, list) or not raw:
        raise InvalidInputError(
            'expected a JSON list like [{"name": "growth", "weight": 2}]', field=path
        )
    out = []
    for i, item in enumerate(raw):
        where = f"{path}[{i}]"
        if not isinstance(item, dict) or "name" not in item:
            raise InvalidInputError("expected an object with a 'name'", field=where)
        unknown = set(item) - set(_CRITERION_KEYS)
        if unknown:
            raise InvalidInputError(f"unknown keys {sorted(unknown)}", field=where)
        for key, value in item.items():
            kinds = _CRITERION_KEYS[key]
            if isinstance(value, bool) or not isinstance(value, kinds):
                expected = " or ".join(dict.fromkeys(_KINDS[k] for k in kinds))
                msg = f"expected {expected}, got {json_kind(value)}"
                raise InvalidInputError(msg, field=f"{where}.{key}")
        try:
            out.append(
                Criterion(
                    name=item["name"],
                    weight=item.get("weight"),
                    group=item.get("group"),
                    direction=Direction(item.get("direction", "benefit")),
                    missing=MissingPolicy(item.get("missing", "raise")),
                    description=item.get("description", ""),
                    bounds=item.get("bounds"),
                )
            )
        except ValueError as exc:
            raise InvalidInputError(str(exc), field=where) from None
    return out


def _read_alternatives(table: Table, id_column: str, names: list[str]) -> dict[str, Any]:
    """``{id: {criterion: float or None}}``: empty cells are missing values."""
    table.require([id_column, *names])
    out: dict[str, dict[str, float | None]] = {}
    for line, row in table:
        key = row[id_column].strip()
        if not key:
            raise InvalidInputError("empty id", field=table.where(line, id_column))
        if key in out:
            msg = f"the id {key[:60]!r} is also on an earlier line"
            raise InvalidInputError(msg, field=table.where(line, id_column))
        out[key] = {n: table.number(line, n, row[n]) for n in names}
    return out


def _cmd_rank(args: argparse.Namespace) -> int:
    from clientel.scoring import score_alternatives

    criteria = _read_criteria(args.criteria)
    try:  # before the CSV is read: a bad option is a usage error, whatever the data
        options = method_options(args.method, args.option or (), [c.name for c in criteria])
    except argparse.ArgumentTypeError as exc:
        raise UsageError("clientel rank", f"argument --option: {exc}") from None
    names = list(dict.fromkeys(c.name for c in criteria))
    table = read_table(args.file, read_text(args.file), decimal_comma=args.decimal_comma)
    alternatives = _read_alternatives(table, args.id_column, names)
    ranking = score_alternatives(alternatives, criteria, method=args.method, tol=args.tol,
                                 **options)  # fmt: skip
    p_first: dict[str, float] | None = None
    if args.acceptability:
        # The ranking's own SMAA: its method, options, fitted statistics and missing-data
        # policies (BOUNDS cells drawn between their plausible values), ties to the smaller id.
        progress = _Progress("rank acceptability")
        progress.update(0, 1)
        acc = ranking.acceptability(samples=args.acceptability, seed=args.seed, ranks=1)
        p_first = dict(zip(acc.ids, acc.at_most(1).tolist(), strict=True))
        progress.update(1, 1)
        progress.close()
    rows = []
    for it in ranking.items[: args.top]:
        plus, minus = ranking.top_factors(it.id, k=2)
        row: dict[str, Any] = {
            "rank": it.rank,
            "id": it.id,
            "score": round(it.score, 6),
            "rank_range": f"{it.best_rank}-{it.worst_rank}"
            if it.best_rank != it.worst_rank
            else str(it.rank),
            "strengths": ", ".join(f.criterion for f in plus),
            "weaknesses": ", ".join(f.criterion for f in minus),
        }
        if p_first is not None:
            row["p_first"] = round(p_first[it.id], 4)
        rows.append(row)
    write_output(render(rows, args.format), args.output)
    return 0


def _cmd_impact(args: argparse.Namespace) -> int:
    from clientel import models
    from clientel.planning import financial_impact

    opportunities = load_document(args.file, list[models.Opportunity])
    rows = []
    for opp in opportunities:
        fi = financial_impact(opp, args.rate, horizon=args.horizon, weighted=args.weighted)
        rows.append(
            {
                "id": opp.id,
                "client": opp.client_id,
                "currency": fi.currency,
                "revenue": fi.total_revenue.amount,
                "margin": fi.total_margin.amount,
                "npv": fi.npv.amount,
                "irr": None if fi.irr is None else round(fi.irr, 6),
                "irr_status": fi.irr_status,
                "payback_years": None if fi.payback_years is None else round(fi.payback_years, 3),
            }
        )
    write_output(render(rows, args.format), args.output)
    return 0


_DEAL_COLUMNS = ("id", "segment_id", "closed_on", "list_price", "price", "won")


def _read_deals(table: Table, currency: str) -> list[Any]:
    from clientel.models import Money
    from clientel.pricing import DealRecord

    table.require(_DEAL_COLUMNS)

    def money(line: int, row: dict[str, str], column: str) -> Money | None:
        value = table.amount(line, column, row[column])
        return None if value is None else Money(value, currency)

    deals = []
    for line, row in table:
        column = "closed_on"
        try:
            closed_on = _date(table, line, row["closed_on"])
            column = "won"
            won = table.boolean(line, "won", row["won"])
            column = "price"
            price, list_price = money(line, row, "price"), money(line, row, "list_price")
            column = "cost"
            cost = money(line, row, "cost") if "cost" in row else None
            column = "id"
            deals.append(
                DealRecord(
                    id=row["id"].strip(),
                    segment_id=row["segment_id"].strip(),
                    closed_on=closed_on,
                    price=price,  # type: ignore[arg-type]
                    list_price=list_price,  # type: ignore[arg-type]
                    won=won,
                    cost=cost,
                    competitor_id=row.get("competitor_id", "").strip() or None,
                    loss_reason=row.get("loss_reason", "").strip() or None,
                )
            )
        except ClientelError as exc:
            if exc.field and exc.field.startswith(table.path):
                raise
            raise InvalidInputError(str(exc), field=f"{table.path}:{line}") from None
        except (TypeError, ValueError) as exc:
            raise InvalidInputError(str(exc), field=table.where(line, column)) from None
    return deals


def _date(table: Table, line: int, cell: str) -> dt.date:
    text = cell.strip()
    try:
        if len(text) == 10:  # YYYY-MM-DD only, not the other forms fromisoformat reads
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise InvalidInputError(_DATE, field=table.where(line, "closed_on"), value=text[:40])


def _cmd_price_band(args: argparse.Namespace) -> int:
    from clientel import models
    from clientel.models import Money
    from clientel.pricing import price_band

    table = read_table(args.deals, read_text(args.deals), decimal_comma=args.decimal_comma)
    deals = _read_deals(table, args.currency)
    if args.segments:
        segments = load_document(args.segments, list[models.Segment])
    else:
        segments = [models.Segment(id=s, name=s) for s in sorted({d.segment_id for d in deals})]
    list_price = Money(args.list_price, args.currency)
    band = price_band(
        deals,
        segment_id=args.segment,
        segments=segments,
        list_price=list_price,
        cost=Money(args.cost, args.currency),
        min_margin=args.min_margin,
        n_min=args.n_min,
    )
    about = {
        "segment": args.segment,
        "segment_used": band.segment_used,
        "currency": args.currency,
        "method": str(band.method),
        "deals": band.n,
        "needs_strategic_approval": band.needs_strategic_approval,
    }
    levels = [
        {
            "level": name,
            "price": getattr(band, name).amount,
            "discount_off_list": round(
                1 - float(getattr(band, name).amount / list_price.amount), 4
            ),
        }
        for name in ("floor", "target", "stretch")
    ]
    notes = list(band.notes)
    if args.format == "json":
        document = {**about, "notes": notes, "levels": levels}
        text = json.dumps(document, indent=2, default=str, ensure_ascii=False)
        write_output(text + "\n", args.output)
    elif args.format == "csv":
        rows = [{**level, **about, "notes": "; ".join(notes)} for level in levels]
        write_output(render(rows, "csv"), args.output)
    else:
        shown = {k: ("yes" if v else "no") if isinstance(v, bool) else v for k, v in about.items()}
        lines = [f"# {k}: {v}" for k, v in shown.items()] + [f"# note: {n}" for n in notes]
        write_output(render(levels, "table") + "\n".join(lines) + "\n", args.output)
    return 0


def add_data_commands(sub: Any, add_output: Callable[..., None]) -> None:
    """Register ``rank``, ``methods``, ``impact`` and ``price-band`` on the CLI's sub-parsers."""
    rank = sub.add_parser(
        "rank",
        help="rank clients (CSV) against criteria (JSON) - step 2.3.3",
        description="Rank the rows of a CSV file against a JSON list of criteria, e.g. "
        '[{"name": "revenue_potential", "weight": 3}, {"name": "relationship", '
        '"weight": 2, "missing": "bounds", "bounds": [0, 10]}]. Each criterion is a column; '
        "empty cells are missing values (with missing 'bounds', ranked anywhere in the "
        "criterion's stated bounds, or else in the range of its observed values). The CSV may "
        "be comma, semicolon or tab delimited, with or without a byte-order mark.",
    )
    rank.add_argument("file", help="CSV with a header and one row per client")
    rank.add_argument("--criteria", required=True, help="JSON file with the criteria")
    rank.add_argument(
        "--method",
        default="topsis",
        type=score_method,
        help="a score method of the registry (clientel.scoring.kernels.METHODS), e.g. "
        "weighted_sum, topsis, vikor, spotis (default: topsis); 'clientel methods' lists them",
    )
    rank.add_argument(
        "--option",
        action="append",
        type=option_pair,
        metavar="KEY=VALUE",
        help="an option of the method, repeatable: a number (v=0.3), a word "
        "(normalisation=none) or JSON, per criterion as a list in the criteria's order or an "
        "object by name (bounds={\"growth\":[0,1],...} for spotis); 'clientel methods' "
        "lists each method's options",
    )
    rank.add_argument("--id-column", default="id", help="the column of the ids (default: id)")
    rank.add_argument(
        "--tol",
        type=arg.tolerance,
        help="scores whose neighbours differ by at most TOL x max(1, |score|) tie, ordered by "
        "id (default: 1e-9 x the largest score, at most 1e-9)",
    )
    rank.add_argument("--top", type=arg.at_least(1), help="show only the first N (N >= 1)")
    rank.add_argument(
        "--acceptability",
        type=arg.at_least(1),
        metavar="SAMPLES",
        help="also estimate P(first) by sampling weights around the criteria's (seeded; the "
        "ranking's own method and missing-data policies)",
    )
    rank.add_argument("--seed", type=arg.seed, default=0, help="seed, 0 to 2**128 - 1")
    _add_decimal_comma(rank)
    add_output(rank, formats=True)
    rank.set_defaults(func=_cmd_rank)
    add_methods_command(sub, add_output)

    impact = sub.add_parser("impact", help="financial impact of opportunities - step 2.4.6")
    impact.add_argument("file", help="JSON document of list[Opportunity]")
    impact.add_argument("--rate", type=arg.rate, required=True, help="discount rate: 0.08 or 8%%")
    impact.add_argument("--horizon", type=arg.at_least(1), default=3, help="years (>= 1)")
    impact.add_argument("--weighted", action="store_true", help="weight by win probability")
    add_output(impact, formats=True)
    impact.set_defaults(func=_cmd_impact)

    band = sub.add_parser(
        "price-band",
        help="floor / target / stretch price from won and lost deals - step 2.5.4",
        description="Fit the bid-response (win probability) curve on the deals of a segment "
        "(falling back to the parent segment, then to won-deal percentiles) and return the "
        "guarded price band with its currency, method, deal count, segment used, notes and "
        "strategic-approval flag.",
    )
    band.add_argument(
        "deals",
        help="CSV: id, segment_id, closed_on, list_price, price, won (true/false, yes/no, "
        "1/0 or won/lost), [cost, competitor_id, loss_reason]",
    )
    band.add_argument("--segment", required=True, help="segment id of the quote")
    band.add_argument("--list-price", type=arg.amount, required=True, help="e.g. 661606")
    band.add_argument("--cost", type=arg.amount, required=True, help="cost of the quote")
    band.add_argument("--currency", type=arg.currency, default="EUR", help="ISO 4217 code")
    band.add_argument(
        "--min-margin", type=arg.rate, default=0.0, help="minimum margin: 0.15 or 15%%"
    )
    band.add_argument(
        "--n-min", type=arg.at_least(1), default=30, help="deals needed before falling back"
    )
    band.add_argument("--segments", help="JSON document of list[Segment] (the segment tree)")
    _add_decimal_comma(band)
    add_output(band, formats=True)
    band.set_defaults(func=_cmd_price_band)


def _add_decimal_comma(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--decimal-comma",
        action="store_true",
        help="numbers in the CSV use a decimal comma (1.234,5)",
    )
