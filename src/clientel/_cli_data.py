"""Data commands of the ``clientel`` CLI: rank clients, financial impact (user files)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from typing import Any

from clientel.errors import InvalidInputError

__all__ = ["add_data_commands"]


class _Progress:
    """Progress on stderr when attached to a terminal; silent otherwise."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.live = sys.stderr.isatty()

    def update(self, done: int, total: int) -> None:
        if self.live:
            sys.stderr.write(f"\r{self.label}: {100 * done // max(total, 1):3d} %")
            sys.stderr.flush()

    def close(self) -> None:
        if self.live:
            sys.stderr.write("\n")


def _read_criteria(path: str, read: Any) -> list[Any]:
    from clientel.scoring import Criterion, Direction, MissingPolicy

    try:
        raw = json.loads(read(path))
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            f"not valid JSON (line {exc.lineno}: {exc.msg})", field=path
        ) from exc
    if not isinstance(raw, list) or not raw:
        raise InvalidInputError(
            'expected a JSON list like [{"name": "growth", "weight": 2}]', field=path
        )
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or "name" not in item:
            raise InvalidInputError("expected an object with a 'name'", field=f"{path}[{i}]")
        unknown = set(item) - {"name", "direction", "weight", "missing", "group", "description"}
        if unknown:
            raise InvalidInputError(f"unknown keys {sorted(unknown)}", field=f"{path}[{i}]")
        try:
            out.append(
                Criterion(
                    name=item["name"],
                    weight=item.get("weight"),
                    group=item.get("group"),
                    direction=Direction(item.get("direction", "benefit")),
                    missing=MissingPolicy(item.get("missing", "raise")),
                    description=item.get("description", ""),
                )
            )
        except ValueError as exc:
            raise InvalidInputError(str(exc), field=f"{path}[{i}]") from exc
    return out


def _read_alternatives(path: str, text: str, id_column: str) -> dict[str, dict[str, Any]]:
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise InvalidInputError(
            "no rows (a header and one row per alternative expected)", field=path
        )
    if id_column not in rows[0]:
        raise InvalidInputError(f"no '{id_column}' column", field=path)
    out: dict[str, dict[str, Any]] = {}
    for line, row in enumerate(rows, start=2):
        key = row[id_column]
        if key in out:
            raise InvalidInputError(f"duplicate id {key!r}", field=f"{path}:{line}")
        values: dict[str, Any] = {}
        for name, cell in row.items():
            if name == id_column or name is None:
                continue
            if cell is None or cell.strip() == "":
                values[name] = None
                continue
            try:
                values[name] = float(cell)
            except ValueError:
                values[name] = cell  # text columns are carried, not scored
        out[key] = values
    return out


def _cmd_rank(args: argparse.Namespace, read: Any, write: Any, render: Any) -> int:
    import numpy as np

    from clientel.scoring import score_alternatives
    from clientel.scoring.kernels import acceptability

    criteria = _read_criteria(args.criteria, read)
    table = _read_alternatives(args.file, read(args.file), args.id_column)
    names = {c.name for c in criteria}
    for key, values in table.items():
        for name in names:
            if isinstance(values.get(name), str):
                raise InvalidInputError(
                    "expected a number", field=f"{key!r}.{name}", value=values[name]
                )
    ranking = score_alternatives(
        {k: {n: v.get(n) for n in names} for k, v in table.items()},  # absent -> missing
        criteria,
        method=args.method,
    )
    acc = None
    if args.acceptability:
        ids = list(ranking.ids)
        raw = np.array(
            [[ranking.item(i).values[c.name] for c in criteria] for i in ids], dtype=np.float64
        )  # None -> nan
        X = np.where(np.isnan(raw), np.nanmean(raw, axis=0), raw)  # missing: observed mean
        progress = _Progress("rank acceptability")
        progress.update(0, 1)
        acc = acceptability(
            X,
            list(ranking.weights),
            [c.direction.sign for c in criteria],
            samples=args.acceptability,
            seed=args.seed,
        ).acceptability
        progress.update(1, 1)
        progress.close()
    rows = []
    for pos, it in enumerate(ranking.items[: args.top or None]):
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
        if acc is not None:
            row["p_first"] = round(float(acc[pos, 0]), 4)
        rows.append(row)
    write(render(rows, args.format), args.output)
    return 0


def _cmd_impact(args: argparse.Namespace, read: Any, write: Any, render: Any) -> int:
    from clientel import models
    from clientel.planning import financial_impact

    opportunities = models.loads(read(args.file), list[models.Opportunity])
    rows = []
    for opp in opportunities:
        fi = financial_impact(opp, args.rate, horizon=args.horizon, weighted=args.weighted)
        rows.append(
            {
                "id": opp.id,
                "client": opp.client_id,
                "currency": fi.currency,
                "revenue": str(fi.total_revenue.amount),
                "margin": str(fi.total_margin.amount),
                "npv": str(fi.npv.amount),
                "irr": None if fi.irr is None else round(fi.irr, 6),
                "irr_status": fi.irr_status,
                "payback_years": None if fi.payback_years is None else round(fi.payback_years, 3),
            }
        )
    write(render(rows, args.format), args.output)
    return 0


def _read_deals(path: str, text: str, currency: str) -> list[Any]:
    import datetime as dt

    from clientel.models import Money
    from clientel.pricing import DealRecord

    rows = list(csv.DictReader(io.StringIO(text)))
    needed = {"id", "segment_id", "closed_on", "list_price", "price", "won"}
    if not rows or not needed <= set(rows[0]):
        raise InvalidInputError(f"expected a header with {sorted(needed)}", field=path)
    deals = []
    for line, r in enumerate(rows, start=2):
        try:
            deals.append(
                DealRecord(
                    id=r["id"],
                    segment_id=r["segment_id"],
                    closed_on=dt.date.fromisoformat(r["closed_on"]),
                    price=Money(r["price"], currency),
                    list_price=Money(r["list_price"], currency),
                    won=r["won"].strip().lower() in {"true", "1", "yes", "won"},
                    cost=Money(r["cost"], currency) if r.get("cost") else None,
                    competitor_id=r.get("competitor_id") or None,
                    loss_reason=r.get("loss_reason") or None,
                )
            )
        except ValueError as exc:
            raise InvalidInputError(str(exc), field=f"{path}:{line}") from exc
    return deals


def _cmd_price_band(args: argparse.Namespace, read: Any, write: Any, render: Any) -> int:
    from clientel import models
    from clientel.models import Money
    from clientel.pricing import price_band

    deals = _read_deals(args.deals, read(args.deals), args.currency)
    if args.segments:
        segments = models.loads(read(args.segments), list[models.Segment])
    else:
        segments = [models.Segment(id=s, name=s) for s in sorted({d.segment_id for d in deals})]
    band = price_band(
        deals,
        segment_id=args.segment,
        segments=segments,
        list_price=Money(args.list_price, args.currency),
        cost=Money(args.cost, args.currency),
        min_margin=args.min_margin,
        n_min=args.n_min,
    )
    rows = [
        {
            "level": name,
            "price": str(getattr(band, name).amount),
            "discount_off_list": round(
                1 - float(getattr(band, name).amount) / float(args.list_price), 4
            ),
        }
        for name in ("floor", "target", "stretch")
    ]
    write(render(rows, args.format), args.output)
    notes = [f"method {band.method}, {band.n} deals, segment {band.segment_used}"]
    if band.needs_strategic_approval:
        notes.append("market price is below the cost floor: needs strategic approval")
    notes += list(band.notes)
    if args.format == "table" and not args.output:  # diagnostics under the table
        write("".join(f"# {n}\n" for n in notes), None)
    return 0


def add_data_commands(sub: Any, add_output: Any, read: Any, write: Any, render: Any) -> None:
    """Register ``rank`` and ``impact`` on the CLI's sub-parsers."""
    rank = sub.add_parser(
        "rank",
        help="rank clients (CSV) against criteria (JSON) - step 2.3.3",
        description="Rank the rows of a CSV file against a JSON list of criteria, e.g. "
        '[{"name": "revenue_potential", "weight": 3}, {"name": "relationship", '
        '"weight": 2, "missing": "bounds"}]. Empty cells are missing values.',
    )
    rank.add_argument("file", help="CSV with a header and one row per client")
    rank.add_argument("--criteria", required=True, help="JSON file with the criteria")
    rank.add_argument(
        "--method",
        default="topsis",
        choices=["weighted_sum", "weighted_product", "topsis", "vikor", "promethee_ii"],
    )
    rank.add_argument("--id-column", default="id")
    rank.add_argument("--top", type=int, default=0, help="show only the first N")
    rank.add_argument(
        "--acceptability",
        type=int,
        default=0,
        metavar="SAMPLES",
        help="also estimate P(first) by sampling weights (seeded)",
    )
    rank.add_argument("--seed", type=int, default=0)
    add_output(rank, formats=True)
    rank.set_defaults(func=lambda a: _cmd_rank(a, read, write, render))

    impact = sub.add_parser("impact", help="financial impact of opportunities - step 2.4.6")
    impact.add_argument("file", help="JSON document of list[Opportunity]")
    impact.add_argument("--rate", type=float, required=True, help="discount rate, e.g. 0.08")
    impact.add_argument("--horizon", type=int, default=3)
    impact.add_argument("--weighted", action="store_true", help="weight by win probability")
    add_output(impact, formats=True)
    impact.set_defaults(func=lambda a: _cmd_impact(a, read, write, render))

    band = sub.add_parser(
        "price-band",
        help="floor / target / stretch price from won and lost deals - step 2.5.4",
        description="Fit the bid-response (win probability) curve on the deals of a segment "
        "(falling back to the parent segment, then to won-deal percentiles) and return the "
        "guarded price band.",
    )
    band.add_argument(
        "deals",
        help="CSV: id, segment_id, closed_on, list_price, price, won, "
        "[cost, competitor_id, loss_reason]",
    )
    band.add_argument("--segment", required=True, help="segment id of the quote")
    band.add_argument("--list-price", required=True, help="list price of the quote")
    band.add_argument("--cost", required=True, help="cost of the quote")
    band.add_argument("--currency", default="EUR")
    band.add_argument("--min-margin", type=float, default=0.0)
    band.add_argument("--n-min", type=int, default=30, help="deals needed before falling back")
    band.add_argument("--segments", help="JSON document of list[Segment] (the segment tree)")
    add_output(band, formats=True)
    band.set_defaults(func=lambda a: _cmd_price_band(a, read, write, render))
