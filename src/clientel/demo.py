"""``clientel demo``: the yearly client-development cycle on the sample business unit.

The report walks steps 2.1 to 2.7 of the process on "Northwind IT Services"
(:mod:`clientel.sample`) with the library's public functions and returns plain
text for a terminal. Every number comes from the sample data and the library;
nothing is hard-coded except the demo's own inputs (the rate card, the concession
asked in negotiation), which a real unit would keep in its own files. The
delegation-of-authority matrix is the sample unit's own (``authority.json``).
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections import Counter
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from clientel import __version__
from clientel.models import Money
from clientel.sample import SampleUnit, load_sample, read_table

if TYPE_CHECKING:
    from clientel.scoring import TargetList

__all__ = ["run_demo"]

_RULE = "=" * 78
_AS_OF = dt.date(2026, 11, 30)  # the planning date of the demo (dates are inputs, no clock)


def _heading(step: str, title: str) -> list[str]:
    return ["", _RULE, f"{step}  {title}", _RULE]


def _money(m: Money) -> str:
    return m.format(0)


def _overview(unit: SampleUnit) -> list[str]:
    status = Counter(c.status.value for c in unit.clients)
    missing = {
        k: sum(c.attributes.get(k) is None for c in unit.clients)
        for k in ("it_budget", "relationship")
    }
    unit_line = f"Business unit: {unit.unit.name} ({unit.unit.code}) of {unit.group.name}"
    counts = (
        f"Segments: {len(unit.leaf_segments)}   clients: {len(unit.clients)} "
        f"({status['key_client']} key clients, {status['current']} current, "
        f"{status['prospect']} prospects)"
    )
    gaps = (
        f"Missing CRM cells: it_budget {missing['it_budget']}, relationship "
        f"{missing['relationship']} (decisions must survive missing data, 2.3)"
    )
    return [
        f"clientel {__version__}: the yearly client-development cycle, steps 2.1 to 2.7",
        f"{unit_line}; planning date {_AS_OF}",
        counts,
        gaps,
    ]


def _rate(values: dict[str, float], reverse: bool = False) -> dict[str, float]:
    """Rate values 1..5 across the segments (min -> 1, max -> 5), as an analyst would."""
    lo, hi = min(values.values()), max(values.values())
    span = (hi - lo) or 1.0
    out = {k: 1 + 4 * (v - lo) / span for k, v in values.items()}
    return {k: 6 - v for k, v in out.items()} if reverse else out


def _strategy(unit: SampleUnit) -> tuple[list[str], list[str]]:
    """2.1: segments on the nine-box from rated factors (2.1.1, 2.1.2), target segments."""
    import attrs

    from clientel.scoring import rank_segments

    segs = unit.leaf_segments
    best_rival = {
        s.id: max(c.segment_shares.get(s.id, 0.0) for c in unit.competitors) for s in segs
    }
    raw = {
        "size": {s.id: s.size.to_float() if s.size else 0.0 for s in segs},
        "growth": {s.id: s.growth or 0.0 for s in segs},
        "profit_trend": {s.id: s.profit_trend or 0.0 for s in segs},
        "price_trend": {s.id: s.price_trend or 0.0 for s in segs},
        "relative_share": {s.id: (s.our_share or 0.0) / max(best_rival[s.id], 1e-9) for s in segs},
    }
    rated = {k: _rate(v) for k, v in raw.items()}
    rated["substitutes"] = _rate({s.id: s.substitute_threat or 0.0 for s in segs}, reverse=True)
    rated["rivalry"] = _rate(
        {s.id: s.factors.get("competitive_intensity") or 0.0 for s in segs}, reverse=True
    )
    rated_segments = [
        attrs.evolve(s, factors={**s.factors, **{k: v[s.id] for k, v in rated.items()}})
        for s in segs
    ]
    portfolio = rank_segments(
        rated_segments,
        attractiveness={
            "size": 2,
            "growth": 3,
            "profit_trend": 2,
            "price_trend": 1,
            "substitutes": 1,
        },
        strength={"relative_share": 2, "rivalry": 1},
    )
    names = {s.id: s.name for s in segs}
    lines = [
        "Nine-box (factors rated 1-5; bubble = market size):",
        f"  {'segment':<22}{'attract.':>9}{'strength':>9}  {'cell':<16}{'size':>16}  advice",
    ]
    for c in sorted(portfolio.cells, key=lambda c: (-c.attractiveness, c.id)):
        cell = f"{c.attractiveness_level}/{c.strength_level}"
        size = _money(c.size) if c.size else "-"
        lines.append(
            f"  {names[c.id]:<22}{c.attractiveness:>9.2f}{c.strength:>9.2f}  "
            f"{cell:<16}{size:>16}  {c.recommendation}"
        )
    targets = sorted(
        c.id
        for c in portfolio.cells
        if "divest" not in c.recommendation and "harvest" not in c.recommendation
    )
    lines.append(f"Target segments (2.1.4): {', '.join(targets)}")
    return lines, targets


def _positioning(unit: SampleUnit, target_segments: list[str]) -> list[str]:
    """2.1.5 value propositions for the target segments; 2.1.8 the review; 2.1.7 targets."""
    import attrs

    from clientel.models import value_proposition_gaps
    from clientel.planning import approved_budget, approved_targets, budget_totals

    strategy = attrs.evolve(unit.unit, target_segment_ids=target_segments)
    check = value_proposition_gaps(strategy, unit.value_propositions)
    lines = [f"Value propositions (2.1.5): {check.summary()}"]
    for vp in sorted(unit.value_propositions, key=lambda v: v.segment_id):
        if vp.segment_id in target_segments:
            proof = vp.proof_points[0] if vp.proof_points else "-"
            lines.append(f"  {vp.segment_id:<9} {', '.join(vp.offerings):<34} proof: {proof}")
    review = unit.strategy_review
    people = {p.id: p.name for p in unit.people}
    states = ["prepared"] + [r["state"] for r in review.to_records()[1:]]
    steps = " -> ".join(
        f"{state} {e.on:%m-%d}" + _asked(len(e.questions))
        for state, e in zip(states[1:], review.history, strict=True)
    )
    lines.append(f"Group strategy review of the {review.year}-{review.year + 2} plan (2.1.8):")
    text = f"prepared {review.prepared_on:%m-%d} -> {steps}"
    lines += textwrap.wrap(text, 96, initial_indent="  ", subsequent_indent="    ")
    for qa in review.dialogue().items[:2]:
        lines.append(f"  {qa.question.id} {qa.question.text}")
        lines.append(f"     {qa.answer.text if qa.answer else '(open)'}")
    decision = review.decision
    if decision is not None:
        who = people.get(decision.by, decision.by)
        lines.append(f"  {decision.decision.value} {decision.on} by {who}: {decision.comment}")
    if decision is not None and decision.approved:
        totals = {t.year: t for t in budget_totals(approved_budget(review), unit.group.targets)}
        lines.append("The approved budget becomes the targets (2.1.7); gap to the group's target:")
        for t in approved_targets(review):
            gap, margin_gap = totals[t.year].revenue_gap, totals[t.year].margin_gap
            lines.append(
                f"  {t.year}: revenue {_money(t.revenue):>15} (gap {_optional(gap):>13})  "
                f"margin {_optional(t.margin):>14} (gap {_optional(margin_gap):>14})"
            )
    return lines


def _asked(n: int) -> str:
    return f" ({n} question{'s' if n > 1 else ''})" if n else ""


def _optional(m: Money | None) -> str:
    return "-" if m is None else _money(m)


def _reputation(unit: SampleUnit, target_segments: list[str]) -> list[str]:
    """2.2: Mendelow's grid of the influencers of the target segments; channels; budget."""
    from clientel.models import Action, DecisionLevel, ImplementationPlan, ReputationGoal
    from clientel.planning import reputation_budget
    from clientel.scoring import Criterion, rank_channels, rank_influencers

    power = [  # the criteria that decide influence (2.2.3), stored on each influencer
        Criterion(name="decision_maker_reach", weight=2, bounds=(0, 1)),
        Criterion(name="standard_setting", weight=1, bounds=(1, 5)),
    ]
    priorities = rank_influencers(
        list(unit.influencers),
        target_segments=target_segments,
        power_criteria=power,
        power_cut=0.5,
        interest_cut=3,
    )
    names = {i.id: i for i in unit.influencers}
    left_out = ", ".join(names[i].name for i in priorities.excluded) or "none"
    lines = [
        "Influencers on Mendelow's grid (2.2.3): power 0-1 from the stored influence criteria,",
        "  cut at 0.5; interest 1-5, cut at 3; within a quadrant the easier to reach first:",
    ]
    for it in priorities.items[:6]:
        inf = names[it.id]
        lines.append(
            f"  {it.rank}. {inf.name:<30} power {it.power:.2f}  interest {it.interest:g}  "
            f"access {it.accessibility:g}  {it.quadrant}"
        )
    lines.append(f"Left out, influencing no target segment: {left_out}")
    levels = [DecisionLevel.BOARD, DecisionLevel.EXECUTIVE, DecisionLevel.SENIOR_MANAGEMENT]
    choice = rank_channels(list(unit.channels), levels=levels)
    channel_names = {c.id: c.name for c in unit.channels}
    best = "; ".join(
        f"{lv.value}: {channel_names.get(choice.best(lv), choice.best(lv))}" for lv in levels
    )
    lines += [
        "Best channel per decision level (suitability and cost per contact, 2.2.4):",
        f"  {best}",
    ]
    # 2.2.5: one plan per target segment (a seminar, two articles, a media campaign at the
    # channels' costs), checked against the reputation goal's total budget.
    cost = {c.id: c.cost for c in unit.channels if c.cost is not None}
    start, end = dt.date(2027, 1, 1), dt.date(2027, 12, 31)
    plans = [
        ImplementationPlan(
            id=f"rep-{seg}", subject_id=seg, name=f"Reputation plan {seg}", start_on=start,
            end_on=end, actions=[
                Action(id=f"{seg}-{ch}-{k}", name=ch, owner_id=f"p-sm-{seg}", start_on=start,
                       end_on=end, budget=cost[ch])
                for k, ch in enumerate(["ch-seminar", "ch-article", "ch-article", "ch-media"])
            ],
        )
        for seg in target_segments
    ]  # fmt: skip
    goal = ReputationGoal(id="rep-2027", unit_id=unit.unit.id, year=2027,
                          goal="The IT partner of choice in the target segments",
                          budget=Money("300000", "EUR"))  # fmt: skip
    check = reputation_budget(goal, plans, strict=False)
    verdict = "within" if check.within else "OVER"
    lines.append(
        f"Reputation budget (2.2.5): {len(plans)} segment plans, activities "
        f"{_money(check.planned)} of {_money(check.total)}: {verdict} the total"
    )
    return lines


def _clients(unit: SampleUnit, target_segments: list[str]) -> tuple[list[str], TargetList]:
    """2.3: rank on attractiveness and feasibility within the target segments, tiers, owners."""
    from clientel.scoring import (
        Criterion,
        MissingPolicy,
        ServiceTier,
        assign_owners,
        rank_clients,
        select_targets,
    )

    criteria = [
        Criterion(name="revenue_potential", weight=3, group="attractiveness"),
        Criterion(name="growth", weight=2, group="attractiveness"),
        Criterion(name="margin", weight=1, group="attractiveness"),
        Criterion(name="strategic_fit", weight=2, group="attractiveness"),
        Criterion(name="it_budget", weight=1, missing=MissingPolicy.BOUNDS, group="attractiveness"),
        Criterion(name="relationship", weight=2, missing=MissingPolicy.BOUNDS, group="feasibility"),
        Criterion(name="access", weight=1, group="feasibility"),
        Criterion(name="capability_fit", weight=1, group="feasibility"),
    ]
    ranking = rank_clients(
        list(unit.clients), criteria, target_segments=target_segments, non_targets="flag"
    )
    # Tiers sized by what the unit can serve: the segment leads hold two quarterly executive
    # reviews per target segment (tier A), the account managers twelve half-yearly reviews
    # (tier B); the other targets get a yearly review (tier C).
    a_seats, b_seats = 2 * len(target_segments), 12
    targets = select_targets(
        ranking,
        per_segment=8,
        min_score=0.35,
        tiers=[
            ServiceTier(name="A", principle="quarterly executive review", capacity=a_seats),
            ServiceTier(name="B", principle="half-yearly account review", capacity=b_seats),
            ServiceTier(name="C", principle="yearly review"),
        ],
    )
    target_ids = {t.id for t in targets.targets}
    owners = assign_owners(list(unit.clients), list(unit.people), targets=target_ids)
    names = {c.id: c.name for c in unit.clients}
    people = {p.id: p.name for p in unit.people}
    by_tier = Counter(t.tier for t in targets.targets)
    tiers = ", ".join(f"{k}: {v}" for k, v in sorted(by_tier.items()))
    off_strategy = [c for c in ranking.items if not c.target_segment]
    lines = [
        f"Target segments bind the list (2.1.4): {len(off_strategy)} clients of "
        f"{', '.join(sorted({c.segment_id for c in off_strategy}))} are ranked, never targets",
        f"Target list: {len(targets.targets)} clients, 8 per target segment scoring at least "
        f"0.35; {len(unit.clients) - len(targets.targets)} others get no owner",
        f"  tiers sized by review seats ({tiers}): A = {a_seats} quarterly executive reviews,",
        f"  B = {b_seats} half-yearly account reviews, C = a yearly review",
        f"  {'rank':>4}  {'client':<22}{'segment':<10}{'tier':<5}{'score':>6}  owner",
    ]
    for t in sorted(targets.targets, key=lambda t: (t.rank, t.id))[:10]:
        owner = people.get(owners.owners.get(t.id, ""), "-")
        lines.append(
            f"  {t.rank:>4}  {names[t.id][:21]:<22}{t.segment_id:<10}{t.tier:<5}"
            f"{t.overall:>6.3f}  {owner}"
        )
    best_off = min(off_strategy, key=lambda c: (c.rank, c.id), default=None)
    if best_off is not None:
        lines.append(
            f"Best-ranked outside the strategy: {names[best_off.id]} (rank {best_off.rank}): "
            f"{targets.reasons[best_off.id]}"
        )
    top = targets.targets[0].id
    plus, minus = ranking.ranking.top_factors(top, k=2)
    lines.append(
        f"Why {names[top]} leads: + {', '.join(f.criterion for f in plus)}"
        + (f"; - {', '.join(f.criterion for f in minus)}" if minus else "")
    )
    widest = max(ranking.ranking.items, key=lambda it: (it.worst_rank - it.best_rank, it.id))
    lines.append(
        f"Largest rank range from missing data: {names[widest.id]} could rank "
        f"{widest.best_rank}-{widest.worst_rank}"
    )
    return lines, targets


def _inquiries(unit: SampleUnit, target_segments: list[str], targets: TargetList) -> list[str]:
    """2.3.5: cold calls checked against the strategy of 2.1.4 and this year's target list."""
    import attrs

    from clientel.scoring import triage_inquiry

    strategy = attrs.evolve(unit.unit, target_segment_ids=target_segments)
    results = [
        (inquiry, triage_inquiry(inquiry, strategy, targets=targets)) for inquiry in unit.inquiries
    ]
    decisions = Counter(t.decision.value for _, t in results)
    lines = [
        f"Inbound inquiries checked against the strategy and the target list (2.3.5): "
        f"{', '.join(f'{v} {k}' for k, v in sorted(decisions.items()))}"
    ]
    shown = sorted(results, key=lambda r: (r[1].decision.value != "decline", r[0].id))[:5]
    for inquiry, t in shown:
        lines.append(
            f"  {inquiry.id} {inquiry.company_name[:24]:<25} {t.decision.value:<9} "
            f"{'; '.join(t.reasons)[:60]}"
        )
    return lines


def _accounts(unit: SampleUnit) -> list[str]:
    """2.4: opportunities of the key accounts, chosen under budget and capacity, impact."""
    from clientel.planning import Distribution, combine_impacts, financial_impact, simulate
    from clientel.scoring import Criterion, rank_opportunities, select_portfolio

    opps = list(unit.opportunities)
    phases = rank_opportunities(
        opps,
        [
            Criterion(name="value", weight=2, group="value"),
            Criterion(name="strategic_fit", weight=1, group="value"),
            Criterion(name="ease", weight=1, group="ease"),
        ],
    )
    by_phase = Counter(p.phase for p in phases.items)
    first = [p.id for p in phases.items if p.phase == 1]
    chosen = select_portfolio(
        opps,
        budget=Money("150000", "EUR"),
        team_capacity={"t-1": 90.0, "t-2": 90.0, "t-3": 90.0},
        max_per_client=3,
    )
    impacts = {o.id: financial_impact(o, 0.08) for o in opps}
    names = {c.id: c.name for c in unit.clients}
    phase_counts = ", ".join(f"phase {k}: {v}" for k, v in sorted(by_phase.items()))
    lines = [
        f"Opportunities by phase, value against ease (2.4.5): {phase_counts}",
        f"  phase 1 = {', '.join(first)}",
        f"Pursued under a 150,000 EUR pursuit budget and 90 person-days per team "
        f"(exact MILP, 2.4.6): {len(chosen.chosen)} of {len(opps)}",
    ]
    lines += [
        "  Up front (t = 0): the pursuit cost and the delivery investment (transition, set-up,",
        "  hiring); year 1 ramps up, years 2-3 run at full rate; 3-year margin, NPV at 8 %",
    ]
    for client in sorted({o.client_id for o in opps}):
        mine = [o for o in opps if o.client_id == client and o.id in chosen.chosen]
        if not mine:
            continue
        total = combine_impacts(client, [impacts[o.id] for o in mine])
        irr = f"{total.irr:.1%}" if total.irr is not None else total.irr_status
        upfront = total.pursuit_cost + (total.investment or Money.zero(total.currency))
        lines.append(
            f"  {names[client][:14]:<15}{', '.join(o.id for o in mine):<11}up front "
            f"{_money(upfront):>11}  margin {_money(total.total_margin):>13}  "
            f"NPV {_money(total.npv):>13}  IRR {irr}"
        )
    binding = [c.name for c in chosen.binding()] if hasattr(chosen, "binding") else []
    if binding:
        lines.append(f"  Binding constraints: {', '.join(binding)}")
    best = max((impacts[o] for o in chosen.chosen), key=lambda fi: fi.npv)
    revenue = [y.revenue.to_float() for y in best.years]
    cost = [y.cost.to_float() for y in best.years]

    upfront = best.pursuit_cost + (best.investment or Money.zero(best.currency))

    def model(values: Mapping[str, NDArray[np.float64]]) -> NDArray[np.float64]:
        vol, overrun = values["volume"], values["cost_overrun"]
        rows = [np.full_like(vol, -upfront.to_float())]
        rows += [r * vol - c * (1 + overrun) for r, c in zip(revenue, cost, strict=True)]
        return np.column_stack(rows)

    sim = simulate(
        model,
        [
            Distribution.pert("volume", 0.5, 1.0, 1.1),
            Distribution.triangular("cost_overrun", -0.05, 0.05, 0.6),
        ],
        rate=0.08,
        draws=50_000,
        seed=2026,
    )
    lines.append(
        f"  {best.subject_id} with uncertain volume (PERT 0.5-1.0-1.1) and cost overrun "
        "(triangular -5 %..+60 %):"
    )
    lines.append(
        f"    NPV p5 {sim.npv.percentiles['p5']:,.0f}, p50 {sim.npv.percentiles['p50']:,.0f} "
        f"EUR; P(loss) {sim.npv.probability_below_zero:.1%} ({sim.draws:,} seeded draws)"
    )
    return lines


def _pipeline(unit: SampleUnit) -> list[str]:
    """2.4.5-2.4.6: conversion learned from closed deals, the weighted forecast per quarter."""
    from clientel.planning import fit_stage_conversion, forecast_pipeline, pipeline_velocity

    book = [*unit.opportunities, *unit.pipeline_opportunities]
    fit = fit_stage_conversion(book, unit.pipeline, as_of=_AS_OF)
    forecast = forecast_pipeline(book, fit, fiscal_year=unit.unit.fiscal_year(2027),
                                 as_of=_AS_OF, rates=unit.rates, seed=2026)  # fmt: skip
    velocity = pipeline_velocity(book, as_of=_AS_OF, rates=unit.rates)
    rates = [f"{r.stage} {r.probability:.0%} ({r.won}/{r.reached})" for r in fit.stages]
    lo, hi = forecast.interval
    lines = [
        f"Pipeline (2.4.5): the chance of winning from each stage, learned from {fit.closed} "
        "closed deals",
        f"  (won/reached, smoothed toward the defaults): {', '.join(rates[:2])},",
        f"  {', '.join(rates[2:])}",
        f"Weighted forecast of FY2027 as of {_AS_OF} (2.4.6; the key accounts and",
        f"  {len(unit.pipeline_opportunities) - fit.closed} more open deals, CHF at the dated "
        f"rates; {forecast.draws:,} seeded draws):",
    ]
    lines += [
        f"  {p.label:<11} expected {_money(p.expected):>14}  {lo:g}-{hi:g} %: "
        f"{_money(p.low):>14} to {_money(p.high):>14}"
        for p in (*forecast.periods, forecast.total)
    ]
    slip = forecast.slip.split(" (")[0]
    lines += [
        f"  Close dates slip as {slip}; {forecast.outside.format(0)} expected after FY2027",
        f"Pipeline velocity: {_money(velocity.velocity)} a day ({velocity.opportunities} open x "
        f"{_money(velocity.average_won_value)} x {velocity.win_rate:.0%} won / "
        f"{velocity.cycle_days:.0f} days)",
    ]
    return lines


def _proposal(unit: SampleUnit) -> tuple[list[str], Money]:
    """2.5: bid/no-bid, cost build-up, price band, approval and negotiation; the final price."""
    from clientel._demo_deal import deal_lines
    from clientel.models import Quote, QuoteLine
    from clientel.pricing import (
        CostBuildUp,
        DealRecord,
        RateCard,
        RoleRate,
        price_band,
        quote_bands,
    )
    from clientel.scoring import Criterion, Direction, Gate, bid_decision

    rfp = unit.rfp
    client = next(c for c in unit.clients if c.id == rfp.client_id)
    card = bid_decision(
        rfp.id,
        dict(rfp.attributes),
        [
            Criterion(name="fit", weight=3, bounds=(1, 5)),
            Criterion(name="relationship", weight=2, bounds=(1, 5)),
            Criterion(name="margin_outlook", weight=2, bounds=(1, 5)),
            Criterion(name="competition", weight=1, bounds=(1, 5), direction=Direction.COST),
        ],
        gates=[Gate(criterion="references", minimum=1)],
        threshold=0.6,
    )
    lines = [
        f"{rfp.id} from {client.name}: {rfp.title}",
        f"Bid decision (2.5.2): bid = {card.bid} "
        f"(score {card.score:.2f} against {card.threshold:.2f})",
    ]
    rates = RateCard(
        id="2027",
        rates=(
            RoleRate(id="architect", cost_rate=Money(950, "EUR")),
            RoleRate(id="consultant", cost_rate=Money(650, "EUR")),
            RoleRate(id="pm", cost_rate=Money(800, "EUR")),
        ),
    )
    # The RFP quoted with lines (issue 30): three services by the day and the third-party
    # licences, each with its own cost build-up (10 % contingency, 12 % overhead) and a list
    # price of cost x 1.45; the quote's cost and list price are the lines' sums.
    work = {"architecture": ("architect", 60), "consulting": ("consultant", 320),
            "pm": ("pm", 80)}  # fmt: skip
    builds = {
        line: CostBuildUp(rate_card=rates, effort={role: days}, contingency_rate=0.10,
                          overhead_rate=0.12)
        for line, (role, days) in work.items()
    }  # fmt: skip
    builds["licences"] = CostBuildUp(rate_card=rates, effort={}, third_party=Money(45_000, "EUR"),
                                     contingency_rate=0.10, overhead_rate=0.12)  # fmt: skip
    units = {"architecture": (60, "day"), "consulting": (320, "day"), "pm": (80, "day"),
             "licences": (150, "licence")}  # fmt: skip
    quote_lines = []
    for line, build in builds.items():
        line_cost, (qty, unit_name) = build.summary().total, units[line]
        kind = "product" if line == "licences" else "service"
        unit_price = (line_cost * "1.45" / qty).round()
        quote_lines.append(QuoteLine(id=line, kind=kind, quantity=qty, unit=unit_name,
                                     unit_price=unit_price, cost=line_cost))  # fmt: skip
    at_list = Quote(lines=quote_lines, payment_days=30, business_type=rfp.business_type)
    cost, list_price = at_list.cost, at_list.list_price
    assert cost is not None  # every line has its cost build-up
    segment = rfp.segment_id or client.segment_id
    deals = [
        DealRecord(
            id=r["id"],
            segment_id=r["segment_id"],
            closed_on=dt.date.fromisoformat(r["closed_on"]),
            price=Money(r["price"], "EUR"),
            list_price=Money(r["list_price"], "EUR"),
            won=r["won"] == "true",
            cost=Money(r["cost"], "EUR"),
            loss_reason=r["loss_reason"] or None,
        )
        for r in read_table("deals.csv")
    ]
    band = price_band(
        deals,
        segment_id=segment,
        segments=list(unit.segments),
        list_price=list_price,
        cost=cost,
        min_margin=0.15,
    )
    lines.append("Quote lines (2.5.4), each with its cost build-up; list price = cost x 1.45:")
    lines += [
        f"  {p.id:<13} {p.quantity:>4} {p.unit:<8} cost {_money(p.cost or cost):>9}, "
        f"list {_money(p.list_price):>9}"
        for p in at_list.priced
    ]
    lines.append(f"Cost build-up: {_money(cost)}; list price {_money(list_price)}")
    lines.append(
        f"Price band ({band.method}): floor {_money(band.floor)}, target "
        f"{_money(band.target)}, stretch {_money(band.stretch)}"
    )
    target = at_list.at(band.target.round(0))
    per_line = quote_bands(deals, target, segment_id=segment, segments=list(unit.segments),
                           min_margin=0.15)  # fmt: skip
    lines.append(
        "Per line at target: "
        + ", ".join(f"{r['line']} {r['position']}" for r in per_line.to_records()[:-1])
    )
    more, final = deal_lines(unit, quote=target, band=band)
    return lines + more, final


def _contract(unit: SampleUnit, value: Money) -> list[str]:
    """2.6: signing chain, number, billing schedule, the first invoice after acceptance, renewal."""
    from clientel._demo_contract import life_lines
    from clientel._demo_deal import contract_lines
    from clientel.models import NumberPattern, next_number
    from clientel.workflow import billing_schedule

    pattern = NumberPattern(
        unit=unit.unit.code, types={"proposal": "P", "contract": "C"}, check="mod37_36"
    )
    issued = [pattern.format("contract", 2027, k) for k in (1, 2, 3)]
    number = next_number(pattern, issued, doc_type="contract", fiscal_year=2027)
    schedule = billing_schedule(
        value,
        [dt.date(2027, 3, 31), dt.date(2027, 9, 30), dt.date(2028, 3, 31)],
        [30, 40, 30],
        labels=["signature", "go-live", "final"],
    )
    return [
        f"Contract {number} worth {_money(value)} (the negotiated price, 2.6.4):",
        *contract_lines(unit, value),
        "Billing schedule (sums exactly to the value): "
        + ", ".join(f"{i.due_on} {i.amount.format()}" for i in schedule),
        *life_lines(unit, value, number, schedule),
    ]


def _review() -> list[str]:
    """2.7: satisfaction and delivery measures; the review feeds next year's ranking."""
    from clientel.planning import csat, earned_value, nps

    answers = [10, 9, 9, 8, 10, 7, 6, 9, 10, 4, 9, 8]
    survey = nps(answers)
    satisfaction = csat(frequencies={5: 5, 4: 4, 3: 2, 2: 1})
    ev = earned_value(480_000, 0.55 * 480_000, 0.50 * 480_000, 260_000)
    return [
        f"Client survey: NPS {survey.score:+.0f} (n = {survey.n}; 95 % interval "
        f"{survey.low:+.0f} to {survey.high:+.0f}, adjusted Wald; standard error "
        f"{survey.standard_error:.0f})",
        f"Satisfaction (1-5): top-two box {satisfaction.top_box:.0%} of "
        f"{satisfaction.responses} answers",
        f"Delivery: SPI {float(ev.spi[0]):.2f}, CPI {float(ev.cpi[0]):.2f}, estimate at completion "
        f"{float(ev.eac_cpi[0]):,.0f} EUR",
        "The annual review's criteria updates (relationship, access) become next year's",
        "  ranking inputs (2.3): the loop closes.",
    ]


def _health(unit: SampleUnit) -> list[str]:
    """2.4.8, 2.7.2, 2.7.5: the health scorecard with trend, surveys, and the loop back to 2.3."""
    from clientel import planning as pl
    from clientel.scoring import Criterion, MissingPolicy, rank_clients

    card = unit.health_scorecard
    start, end = unit.review_year(2026)
    health = pl.health_scores(card, unit.health.between(start, end))
    colours = "; ".join(str(b) for b in card.colours.bands)
    weights = ", ".join(f"{m.id} {m.weight:.0%}" for m in card.measures)
    counts = Counter(int(k) for k in health.colour_index[:, -1])
    lines = [
        f"Account health, review year 2026 ({start} to {end}; 2.4.8, 2.7.2)",
        f"  measures: {weights}",
        f"  score bands: {colours}",
        f"  recency weights linear over {card.horizon} months (ERPNext's scheme);",
        f"  trend: least-squares slope over {health.window} months",
        "  November 2026: "
        + ", ".join(f"{b.name} ({b.colour}) {counts[k]}" for k, b in enumerate(card.colours.bands)),
        f"  {'client':<24}{'Nov':>6}  {'band':<16}{'12 months':>10}{'trend':>8}  last alert",
    ]
    names = {c.id: c.name for c in unit.clients}
    watch = [c.id for c in unit.key_clients]
    falling = sorted(health.accounts, key=lambda a: (float(health.trend[health.row(a)]), a))
    for cid in [*watch, *[a for a in falling if a not in watch][:3]]:
        r = health.row(cid)
        own = [a for a in health.alerts_for(cid) if a.subject == "health"]
        last = "-"
        if own:
            what = f"trend {own[-1].after}" if own[-1].kind == "trend" else own[-1].after
            last = f"{own[-1].period.label}: {what}"
        lines.append(
            f"  {names[cid][:23]:<24}{health.score[r, -1]:>6.1f}  {health.band(cid):<16}"
            f"{health.recent[r]:>10.1f}{health.trend[r]:>+8.2f}  {last}"
        )
    revenue = {c.id: c.attributes["revenue_potential"] or 0.0 for c in unit.clients}
    segments = pl.segment_health(
        health, {c.id: c.segment_id for c in unit.clients}, weights=revenue, basis="revenue"
    )
    lines.append("Segments, health weighted by revenue potential (latest month, trend):")
    lines.append(
        "  "
        + ", ".join(
            f"{s} {segments.score[g, -1]:.0f} ({segments.trend[g]:+.1f})"
            for g, s in enumerate(segments.segments)
        )
    )
    surveys = pl.survey_series(
        unit.surveys, unit.review_quarters(2026), groups={c.id: "unit" for c in unit.clients}
    )
    lines.append(
        "Relationship survey (2.7.2): NPS with its 95 % adjusted-Wald interval,\n"
        "  CSAT = top-two box of project execution"
    )
    lines += [
        f"  {p.label}: NPS {surveys.nps[0, k]:+.0f} [{surveys.nps_low[0, k]:+.0f}, "
        f"{surveys.nps_high[0, k]:+.0f}] (n = {surveys.nps_n[0, k]}), CSAT {surveys.csat[0, k]:.0%}"
        f" [{surveys.csat_low[0, k]:.0%}, {surveys.csat_high[0, k]:.0%}]"
        for k, p in enumerate(surveys.periods)
    ]
    # 2.7.5 -> 2.3: each year's review feeds the next year's ranking of the current clients.
    criteria = [
        Criterion(name="revenue_potential", weight=3, group="attractiveness"),
        Criterion(name="growth", weight=2, group="attractiveness"),
        Criterion(name="strategic_fit", weight=2, group="attractiveness"),
        Criterion(name="relationship", weight=2, missing=MissingPolicy.BOUNDS, group="feasibility"),
        Criterion(name="health", weight=3, group="feasibility"),
        Criterion(name="nps", weight=1, missing=MissingPolicy.NEUTRAL, group="feasibility"),
        Criterion(
            name="delivery_cpi", weight=1, missing=MissingPolicy.NEUTRAL, group="feasibility"
        ),
    ]
    current = [c for c in unit.clients if c.id in set(health.accounts)]
    rankings = {}
    for year in (2025, 2026):
        year_start, year_end = unit.review_year(year)
        reviews = pl.annual_reviews(
            year,
            health=pl.health_scores(card, unit.health.between(year_start, year_end)),
            surveys=pl.survey_series(unit.surveys, unit.review_quarters(year)),
            delivery=unit.delivery(year),
        )
        rankings[year + 1] = rank_clients(reviews.apply(current), criteria)
    before, after = rankings[2026], rankings[2027]
    moves = sorted((after.item(c.id).rank - before.item(c.id).rank, c.id) for c in current)
    lines.append(
        "Annual reviews (2.7.5) computed from health, surveys and earned value feed next\n"
        "  year's ranking (2.3); the largest moves from 2026 to 2027:"
    )
    for _, cid in (moves[-1], moves[0]):
        change = pl.rank_change(before, after, cid)
        lines.append(f"  {names[cid][:23]:<24}{change.summary}")
        lines.append(f"  {'':<24}{change.notes[0]}")
    return lines


def _section(run: Callable[[], list[str]]) -> list[str]:
    try:
        return run()
    except ImportError as exc:  # a step whose layer is not installed in this build
        return [f"  (skipped: {exc})"]


def run_demo() -> str:
    """The demo report as text."""
    unit = load_sample()
    lines = _overview(unit)
    lines += _heading("2.1", "Business strategy and value positioning")
    strategy_lines, target_segments = _strategy(unit)
    lines += strategy_lines
    lines += _positioning(unit, target_segments)
    lines += _heading("2.2", "External reputation")
    lines += _reputation(unit, target_segments)
    lines += _heading("2.3", "Client importance ranking")
    client_lines, targets = _clients(unit, target_segments)
    lines += client_lines
    lines += _inquiries(unit, target_segments, targets)
    lines += _heading("2.4", "Key account management")
    lines += _accounts(unit)
    lines += _pipeline(unit)
    lines += _heading("2.5", "Proposals")
    deal, final_price = _proposal(unit)
    lines += deal
    lines += _heading("2.6", "Contract signing")
    lines += _contract(unit, final_price)
    lines += _heading("2.7", "Ongoing client management")
    lines += _review()
    lines += _health(unit)
    return "\n".join(lines) + "\n"
