"""Generate the sample business unit shipped in ``src/clientel/data/sample``.

The sample is fictional: "Northwind IT Services", an IT-services business unit of
the "Northwind Group", with six segments, competitors, ~300 clients (a fifth of
some criteria cells empty, as in a real CRM export), people, influencers,
channels, key-account opportunities, inquiries, three thousand closed deals,
budgets for last and this year, and the order histories of current clients.

Everything comes from one seeded numpy Generator, so running the script again
reproduces the files bit for bit (a test checks this)::

    uv run python scripts/generate_sample.py            # rewrite the files
    uv run python scripts/generate_sample.py --check    # exit 1 if they differ
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

SEED = 20261126
OUT = Path(__file__).resolve().parents[1] / "src" / "clientel" / "data" / "sample"
CUR = "EUR"

SEGMENTS = [
    # id, name, industry, parent, size (M EUR), growth, price/profit trend, substitutes, share
    ("fin", "Financial services", "finance", None, 2400, 0.05, -0.01, 0.00, 0.35, 0.05),
    ("fin-bank", "Banking", "banking", "fin", 1500, 0.06, -0.02, 0.01, 0.40, 0.06),
    ("fin-ins", "Insurance", "insurance", "fin", 900, 0.04, 0.00, -0.01, 0.30, 0.03),
    ("pub", "Public sector", "government", None, 1100, 0.03, -0.03, -0.02, 0.15, 0.08),
    ("mfg", "Manufacturing", "manufacturing", None, 1300, 0.07, 0.01, 0.02, 0.45, 0.02),
    ("ret", "Retail", "retail", None, 700, 0.02, -0.04, -0.03, 0.55, 0.01),
    ("hlt", "Healthcare", "healthcare", None, 800, 0.09, 0.02, 0.03, 0.25, 0.03),
]
LEAVES = ["fin-bank", "fin-ins", "pub", "mfg", "ret", "hlt"]
KSFS = [
    ("ksf-domain", "Industry know-how"),
    ("ksf-delivery", "Delivery track record"),
    ("ksf-price", "Price competitiveness"),
    ("ksf-security", "Security and compliance"),
    ("ksf-local", "Local presence"),
]
COMPETITORS = ["Contoso Consulting", "Fabrikam Systems", "Tailspin Digital", "Litware Partners"]
SYLLABLES = [
    "nor",
    "vik",
    "al",
    "ter",
    "ra",
    "quan",
    "ta",
    "he",
    "lix",
    "or",
    "bis",
    "lu",
    "men",
    "ca",
    "sto",
    "ver",
    "da",
    "mi",
    "ro",
    "sel",
]
SUFFIXES = ["AG", "GmbH", "SA", "Ltd", "Group", "Holding", "plc", "AB", "Oy", "NV"]
LOSS_REASONS = ["price", "scope_fit", "relationship", "competitor_incumbent", "timing"]


def money(value: float) -> dict[str, str]:
    return {"amount": f"{round(value, 2):.2f}", "currency": CUR}


#: The layout the data below is written in (clientel.models.SCHEMA_VERSION when this script
#: was written); clientel's own migrations bring each document to the current schema version,
#: so the shipped files are always current documents.
WRITTEN_AT = 4


def document(type_name: str, data: Any) -> str:
    from clientel.models import upgrade_document

    doc = upgrade_document({"schema_version": WRITTEN_AT, "type": type_name, "data": data})
    return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def rule(role: str, level: int, **limits: Any) -> dict[str, Any]:
    """One row of the delegation-of-authority matrix (blank limits: no authority)."""
    row: dict[str, Any] = {"role": role, "level": level}
    for key in ("max_value", "sign_limit"):
        if key in limits:
            limits[key] = money(limits[key])
    return row | limits


def authority_matrix(people: list[dict[str, Any]]) -> dict[str, Any]:
    """The unit's delegation-of-authority matrix (steps 2.5.5, 2.5.6, 2.6.4); no random draws.

    Discount off list, margin floor, deal value at list, payment days and
    non-standard clauses per role, each role's own signing limit, a four-eyes
    rule above 250,000 EUR, the BU GM on every outsourcing contract, a
    cumulative (serial) approval chain with escalation after three days, and
    the BU GM's delegation to the public-sector segment manager for a fortnight.
    """
    return {
        "currency": CUR,
        "policy": "serial",
        "rules": [
            rule(
                "account_manager",
                0,
                max_discount=0.10,
                min_margin=0.25,
                max_value=250_000,
                max_payment_days=30,
                sign_limit=50_000,
            ),
            rule(
                "segment_manager",
                1,
                max_discount=0.15,
                min_margin=0.20,
                max_value=1_000_000,
                max_payment_days=60,
                sign_limit=250_000,
            ),
            rule("finance", 1, min_margin=0.12, max_payment_days=90),
            rule("legal", 1, clauses=True),
            rule(
                "bu_gm",
                2,
                max_discount=0.25,
                min_margin=0.12,
                max_value=5_000_000,
                max_payment_days=90,
                clauses=True,
                sign_limit=500_000,
            ),
            rule(
                "bg_gm",
                3,
                max_discount=0.40,
                min_margin=0.05,
                unlimited=["value"],
                max_payment_days=120,
                clauses=True,
                sign_limit=2_000_000,
            ),
        ],
        "min_signers": 1,
        "four_eyes_above": money(250_000),
        "mandatory_by_type": {"outsourcing": ["bu_gm"]},
        "delegations": [
            {
                "delegator": "p-gm",
                "delegate": "p-sm-pub",
                "role": "bu_gm",
                "valid_from": "2027-02-01",
                "valid_until": "2027-02-14",
            },
        ],
        "holders": {p["id"]: p["role"] for p in people if p["role"] in HOLDERS},
        "escalate_after_days": 3,
    }


HOLDERS = {"account_manager", "segment_manager", "finance", "legal", "bu_gm", "bg_gm"}


def company_names(rng: np.random.Generator, n: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        k = int(rng.integers(2, 4))
        stem = "".join(SYLLABLES[int(i)] for i in rng.integers(0, len(SYLLABLES), k)).title()
        name = f"{stem} {SUFFIXES[int(rng.integers(0, len(SUFFIXES)))]}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def build(rng: np.random.Generator) -> dict[str, str]:
    files: dict[str, str] = {}
    files["unit.json"] = document(
        "BusinessUnit",
        {
            "id": "bu-nw-its",
            "name": "Northwind IT Services",
            "group_id": "grp-nw",
            "code": "NWIT",
            "currency": CUR,
            "offerings": ["cloud", "erp", "security", "data", "managed_services"],
            "geographies": ["DE", "AT", "CH"],
            "target_segment_ids": [],
        },
    )
    files["group.json"] = document(
        "BusinessGroup",
        {
            "id": "grp-nw",
            "name": "Northwind Group",
            "targets": [
                {"year": y, "revenue": money(r * 1e6), "margin": money(g * 1e6)}
                for y, r, g in [(2027, 96, 21), (2028, 106, 24), (2029, 117, 27)]
            ],
        },
    )
    files["segments.json"] = document(
        "list[Segment]",
        [
            {
                "id": sid,
                "name": name,
                "industry": ind,
                "geography": "DACH",
                "offering": "",
                "parent_id": parent,
                "size": money(size * 1e6),
                "growth": growth,
                "price_trend": price,
                "profit_trend": profit,
                "substitute_threat": subst,
                "our_share": share,
                "key_success_factor_ids": [k for k, _ in KSFS[:4]],
                "factors": {"competitive_intensity": round(float(rng.uniform(2, 5)), 1)},
            }
            for sid, name, ind, parent, size, growth, price, profit, subst, share in SEGMENTS
        ],
    )
    files["key_success_factors.json"] = document(
        "list[KeySuccessFactor]", [{"id": k, "name": n, "description": ""} for k, n in KSFS]
    )
    competitors = []
    for i, name in enumerate(COMPETITORS):
        shares = {s: round(float(rng.uniform(0.03, 0.2)), 3) for s in LEAVES}
        ratings = {k: float(rng.integers(2, 6)) for k, _ in KSFS}
        competitors.append(
            {
                "id": f"comp-{i + 1}",
                "name": name,
                "segment_shares": shares,
                "revenue": money(float(rng.uniform(200, 900)) * 1e6),
                "profit_margin": round(float(rng.uniform(0.04, 0.15)), 3),
                "ratings": ratings,
                "strengths": [],
                "weaknesses": [],
            }
        )
    files["competitors.json"] = document("list[Competitor]", competitors)

    # People: account managers with coverage and capacity, plus process roles.
    people = [
        {"id": "p-gm", "name": "Greta Maier", "role": "bu_gm", "segment_ids": [], "capacity": 0},
        {"id": "p-bg", "name": "Bernd Graf", "role": "bg_gm", "segment_ids": [], "capacity": 0},
        {
            "id": "p-mkt",
            "name": "Mira Koch",
            "role": "marketing_lead",
            "segment_ids": [],
            "capacity": 0,
        },
        {"id": "p-legal", "name": "Lena Wolf", "role": "legal", "segment_ids": [], "capacity": 0},
        {"id": "p-fin", "name": "Felix Braun", "role": "finance", "segment_ids": [], "capacity": 0},
        {
            "id": "p-ca",
            "name": "Clara Adler",
            "role": "contract_administrator",
            "segment_ids": [],
            "capacity": 0,
        },
        {
            "id": "p-pd",
            "name": "Paul Dorn",
            "role": "project_director",
            "segment_ids": [],
            "capacity": 0,
        },
    ]
    first = [
        "Anna",
        "Ben",
        "Carla",
        "David",
        "Eva",
        "Finn",
        "Gina",
        "Hugo",
        "Ida",
        "Jonas",
        "Kira",
        "Lars",
    ]
    for i, name in enumerate(first):
        segs = [LEAVES[i % len(LEAVES)], LEAVES[(i + 2) % len(LEAVES)]]
        people.append(
            {
                "id": f"p-am{i + 1:02d}",
                "name": f"{name} {['Roth', 'Lang', 'Vogel'][i % 3]}",
                "role": "account_manager",
                "segment_ids": segs,
                "capacity": int(rng.integers(4, 9)),
            }
        )
    for i, seg in enumerate(LEAVES):
        people.append(
            {
                "id": f"p-sm-{seg}",
                "name": f"Segment lead {i + 1}",
                "role": "segment_manager",
                "segment_ids": [seg],
                "capacity": 0,
            }
        )
    files["people.json"] = document("list[Person]", people)
    files["authority.json"] = document("AuthorityMatrix", authority_matrix(people))

    # Clients: a CRM export with empty cells.
    n_clients = 300
    names = company_names(rng, n_clients)
    names[17] = "=Equinox Partners"  # a spreadsheet would run this as a formula: export escapes it
    seg_idx = rng.choice(len(LEAVES), size=n_clients, p=[0.22, 0.14, 0.2, 0.2, 0.1, 0.14])
    status = rng.choice(["key_client", "current", "prospect"], n_clients, p=[0.06, 0.3, 0.64])
    revenue_potential = np.round(rng.lognormal(0.5, 0.8, n_clients), 2)  # M EUR per year
    growth = np.round(rng.normal(0.04, 0.05, n_clients), 3)
    margin = np.round(rng.uniform(0.05, 0.35, n_clients), 3)
    strategic_fit = rng.integers(1, 6, n_clients)
    relationship = rng.integers(1, 6, n_clients).astype(float)
    relationship[status == "key_client"] = np.maximum(relationship[status == "key_client"], 4)
    access = rng.integers(1, 6, n_clients)
    capability_fit = rng.integers(1, 6, n_clients)
    it_budget = np.round(revenue_potential * rng.uniform(3, 8, n_clients), 1)
    missing_it = rng.random(n_clients) < 0.2
    missing_rel = (rng.random(n_clients) < 0.2) & (status != "key_client")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        [
            "id",
            "name",
            "segment_id",
            "status",
            "revenue_potential",
            "growth",
            "margin",
            "strategic_fit",
            "relationship",
            "access",
            "capability_fit",
            "it_budget",
        ]
    )
    for i in range(n_clients):
        writer.writerow(
            [
                f"c-{i + 1:03d}",
                names[i],
                LEAVES[int(seg_idx[i])],
                status[i],
                f"{revenue_potential[i]:.2f}",
                f"{growth[i]:.3f}",
                f"{margin[i]:.3f}",
                int(strategic_fit[i]),
                "" if missing_rel[i] else int(relationship[i]),
                int(access[i]),
                int(capability_fit[i]),
                "" if missing_it[i] else f"{it_budget[i]:.1f}",
            ]
        )
    files["clients.csv"] = buf.getvalue()
    files["purchases.csv"] = purchases(status, revenue_potential, margin)

    influencers = []
    kinds = ["industry_association", "government_body", "media"]
    inf_names = [
        "Bankenverband IT-Forum",
        "Insurance Tech Circle",
        "Federal Digital Agency",
        "State IT Procurement Office",
        "Industrie 4.0 Alliance",
        "Retail Digital Council",
        "Health IT Association",
        "Computerwoche",
        "Handelsblatt Tech",
        "CIO Magazin",
        "Cloud Security Alliance DACH",
        "eHealth Initiative",
    ]
    # Interest (Mendelow's second axis) and the criteria that decide influence (2.2.3) come
    # from a stream of their own, (SEED, 14), so the files drawn after them did not change.
    mendelow = np.random.default_rng([SEED, 14])
    for i, name in enumerate(inf_names):
        kind = "media" if i >= 7 and i <= 9 else kinds[i % 2]
        media = 7 <= i <= 9 or i == 10  # the magazines and the security alliance reach all segments
        influencers.append(
            {
                "id": f"inf-{i + 1:02d}",
                "name": name,
                "kind": kind,
                "influence": float(rng.integers(1, 6)),
                "accessibility": float(rng.integers(1, 6)),
                "interest": float(mendelow.integers(1, 6)),
                "segment_ids": [] if media else [LEAVES[i % len(LEAVES)]],
                "description": "",
                "criteria": {
                    "decision_maker_reach": round(float(mendelow.uniform(0.05, 0.9)), 2),
                    "standard_setting": float(mendelow.integers(1, 6)),
                },
            }
        )
    files["influencers.json"] = document("list[Influencer]", influencers)
    levels = ["board", "executive", "senior_management", "middle_management", "operational"]
    channel_defs = [
        ("ch-pub", "Company publications", "company_publication", 8000, 400),
        ("ch-media", "Media coverage", "media_coverage", 15000, 2000),
        ("ch-article", "Professional articles", "professional_article", 5000, 600),
        ("ch-seminar", "Seminars", "seminar", 25000, 80),
        ("ch-training", "Training", "training", 18000, 40),
        ("ch-launch", "Launch events", "launch_event", 40000, 150),
    ]
    channels = []
    for cid, name, kind, cost, reach in channel_defs:
        suit = {lv: round(float(rng.uniform(0.1, 1.0)), 2) for lv in levels}
        channels.append(
            {
                "id": cid,
                "name": name,
                "kind": kind,
                "cost": money(cost),
                "reach": reach,
                "suitability": suit,
            }
        )
    files["channels.json"] = document("list[Channel]", channels)

    # Key accounts: the three largest key clients, with opportunities over three years.
    key_idx = [
        i for i in np.argsort(-revenue_potential, kind="stable") if status[i] == "key_client"
    ]
    key_ids = [f"c-{i + 1:03d}" for i in key_idx[:3]]
    origins = ["industry_trend", "client_it_need", "our_advantage"]
    offerings = ["cloud", "erp", "security", "data", "managed_services"]
    # Delivery as a general manager sees it: an up-front investment (transition, set-up,
    # hiring: 15-35 % of a year's run-rate revenue), a first year that ramps up (35-60 % of the
    # run rate, the team's cost running ahead of revenue) and two full years at a delivery cost
    # of 55-75 % of revenue. The ramp-up and the
    # investment come from a stream of their own, (SEED, 41), so no other file changed.
    delivery = np.random.default_rng([SEED, 41])
    opportunities = []
    for k, cid in enumerate(key_ids):
        for j in range(5):
            base = float(rng.uniform(0.2, 1.5)) * 1e6  # run-rate revenue per year
            rng.uniform(0.6, 1.3, 2)  # the old yearly shape: drawn so later files stay the same
            cost_ratio = 0.55 + 0.8 * (float(rng.uniform(0.6, 0.85)) - 0.6)
            ramp = float(delivery.uniform(0.35, 0.6))
            growth = float(delivery.uniform(0.0, 0.08))
            revenue = [base * ramp, base, base * (1 + growth)]
            cost = [base * cost_ratio * (ramp + 0.15), base * cost_ratio,
                    base * (1 + growth) * cost_ratio]  # fmt: skip
            opportunities.append(
                {
                    "id": f"o-{k + 1}{j + 1}",
                    "client_id": cid,
                    "name": f"{offerings[j].replace('_', ' ').title()} programme",
                    "origin": origins[(j + k) % 3],
                    "offering": offerings[j],
                    "first_year": 2027,
                    "revenue": [money(r) for r in revenue],
                    "cost": [money(c) for c in cost],
                    "win_probability": round(float(rng.uniform(0.2, 0.7)), 2),
                    "effort_days": float(rng.integers(10, 60)),
                    "pursuit_cost": money(float(rng.integers(10, 60)) * 1000),
                    "investment": money(base * float(delivery.uniform(0.15, 0.35))),
                    "team_id": f"t-{k + 1}",
                    "phase": None,
                    "attributes": {
                        "value": round(base / 1e6, 2),
                        "ease": float(rng.integers(1, 6)),
                        "strategic_fit": float(rng.integers(1, 6)),
                    },
                }
            )
    client_ids = [f"c-{i + 1:03d}" for i in range(n_clients) if status[i] != "prospect"]
    files.update(pipeline(opportunities, client_ids))
    files["opportunities.json"] = document("list[Opportunity]", opportunities)

    inquiries = []
    for i in range(12):
        seg = LEAVES[int(rng.integers(0, len(LEAVES)))]
        inquiries.append(
            {
                "id": f"inq-{i + 1:02d}",
                "received_on": (
                    dt.date(2026, 1, 5) + dt.timedelta(days=int(rng.integers(0, 300)))
                ).isoformat(),
                "company_name": company_names(rng, 1)[0] if i != 3 else "Orbis Retail GmbH",
                "contact_name": "",
                "source": "cold_call",
                "segment_id": seg,
                "offering": offerings[int(rng.integers(0, len(offerings)))],
                "description": "",
                "estimated_value": money(float(rng.integers(20, 600)) * 1000),
                "client_id": None,
                "attributes": {"fit": float(rng.integers(1, 6))},
                "keywords": [],
            }
        )
    files["inquiries.json"] = document("list[Inquiry]", inquiries)

    # One RFP from the first key account (step 2.5.1), with its bid/no-bid criterion values.
    files["rfp.json"] = document(
        "RFP",
        {
            "id": "rfp-2027-01",
            "client_id": key_ids[0],
            "title": "Core platform modernisation and managed cloud operations",
            "received_on": "2026-11-16",
            "due_on": "2026-12-18",
            "business_type": "system_integration",
            "segment_id": LEAVES[int(seg_idx[key_idx[0]])],
            "scope": "Migrate the core platform to a managed cloud, run it for three years.",
            "requirements": ["24x7 operations", "ISO 27001", "on-site team in DACH"],
            "estimated_value": money(1_250_000),
            "attributes": {
                "fit": 4.0,
                "relationship": 4.0,
                "margin_outlook": 3.0,
                "competition": 3.0,
                "references": 2.0,
            },
        },
    )

    # Closed deals: price position drives the win probability (logistic bid response).
    n_deals = 3000
    seg_of = rng.choice(len(LEAVES), n_deals)
    list_price = np.round(rng.lognormal(12.0, 0.7, n_deals), -2)
    cost_ratio = rng.uniform(0.55, 0.75, n_deals)
    price_ratio = np.clip(rng.normal(0.88, 0.08, n_deals), 0.6, 1.05)
    seg_shift = np.array([0.0, 0.03, -0.05, 0.02, -0.08, 0.04])[seg_of]
    logit = -(-18.0 + 20.0 * (price_ratio + seg_shift))
    won = rng.random(n_deals) < 1.0 / (1.0 + np.exp(-logit))
    comp = rng.integers(0, len(COMPETITORS), n_deals)
    days = rng.integers(0, 4 * 365, n_deals)
    reasons = rng.choice(LOSS_REASONS, n_deals, p=[0.45, 0.2, 0.15, 0.12, 0.08])
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        [
            "id",
            "segment_id",
            "closed_on",
            "list_price",
            "price",
            "cost",
            "won",
            "competitor_id",
            "loss_reason",
        ]
    )
    for i in range(n_deals):
        price = round(float(list_price[i] * price_ratio[i]), 2)
        writer.writerow(
            [
                f"d-{i + 1:05d}",
                LEAVES[int(seg_of[i])],
                (dt.date(2023, 1, 1) + dt.timedelta(days=int(days[i]))).isoformat(),
                f"{list_price[i]:.2f}",
                f"{price:.2f}",
                f"{list_price[i] * cost_ratio[i]:.2f}",
                "true" if won[i] else "false",
                f"comp-{int(comp[i]) + 1}",
                "" if won[i] else reasons[i],
            ]
        )
    files["deals.csv"] = buf.getvalue()

    # Budgets: last year (2026) and this year (2027), and the three-year plan 2027-2029.
    lines = [("rev-" + s, "revenue", s) for s in LEAVES] + [
        ("cost-delivery", "cost", ""),
        ("cost-sales", "cost", ""),
        ("cost-marketing", "cost", ""),
        ("cost-overhead", "cost", ""),
    ]
    base = {
        "rev-fin-bank": 24e6,
        "rev-fin-ins": 11e6,
        "rev-pub": 19e6,
        "rev-mfg": 16e6,
        "rev-ret": 6e6,
        "rev-hlt": 9e6,
        "cost-delivery": 58e6,
        "cost-sales": 6.5e6,
        "cost-marketing": 2.2e6,
        "cost-overhead": 4.1e6,
    }
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["line", "category", "segment_id", "year", "amount", "currency"])
    for year in range(2026, 2030):
        for line, category, seg in lines:
            step = year - 2026
            grow = float(rng.uniform(-0.02, 0.12))
            amount = base[line] * (1 + grow) ** step if step else base[line]
            writer.writerow([line, category, seg, year, f"{amount:.2f}", CUR])
    files["budget.csv"] = buf.getvalue()
    files.update(positioning(files["budget.csv"]))
    files.update(account_health(status))
    return files


def purchases(status: np.ndarray, revenue_potential: np.ndarray, margin: np.ndarray) -> str:
    """Order histories of current and key clients (issue 25: CLV), in months, for BG/NBD.

    Drawn from the BG/NBD model itself (r = 1.5, alpha = 5 per month: about 3.6 orders a
    year; dropout after an order ~ Beta(0.5, 3)) with a generator of its own, keyed
    (SEED, 25), so adding this file changed no other file. Prospects have no orders.
    The margin per order is a quarter of the client's yearly potential times its margin.
    """
    from clientel.planning.kernels import bgnbd_sample

    rng = np.random.default_rng([SEED, 25])
    rows = [i for i in range(status.size) if status[i] != "prospect"]
    age = np.round(rng.uniform(12.0, 60.0, len(rows)), 1)
    x, t_x = bgnbd_sample(1.5, 5.0, 0.5, 3.0, age, rng)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["client_id", "frequency", "recency", "age", "margin_per_order", "currency"])
    for k, i in enumerate(rows):
        per_order = round(revenue_potential[i] * 1e6 * margin[i] / 4, -2)
        writer.writerow([f"c-{i + 1:03d}", int(x[k]), f"{t_x[k]:.1f}", f"{age[k]:.1f}",
                         f"{per_order:.2f}", CUR])  # fmt: skip
    return buf.getvalue()


HEALTH_MONTHS = 24  # December 2024 to November 2026: two review years to the planning date


def _band(name: str, colour: str, lower: float, upper: float, *, low_in: bool = True,
          high_in: bool = False) -> dict[str, Any]:  # fmt: skip
    return {"name": name, "colour": colour, "lower": lower, "upper": upper,
            "lower_inclusive": low_in, "upper_inclusive": high_in}  # fmt: skip


def health_scorecard() -> dict[str, Any]:
    """The unit's account-health scorecard (issue 24, steps 2.4.8 and 2.7): no random draws.

    Five weighted measures (weights sum to 1), each with its colour bands stated with their
    ends; the score's bands; ERPNext's linear recency weights over 12 monthly periods; a trend
    over 6 months that counts as flat within half a point a month.
    """
    return {
        "id": "hc-key-accounts",
        "name": "Account health",
        "measures": [
            {"id": "sla", "name": "Service levels met (%)", "weight": 0.3, "low": 80.0,
             "high": 100.0, "higher_is_better": True, "categories": [], "colours": {"bands": [
                 _band("breached", "red", 80, 95), _band("tight", "amber", 95, 99),
                 _band("met", "green", 99, 100, high_in=True)]}},
            {"id": "escalations", "name": "Open escalations", "weight": 0.2, "low": 0.0,
             "high": 10.0, "higher_is_better": False, "categories": [], "colours": {"bands": [
                 _band("calm", "green", 0, 1, high_in=True),
                 _band("busy", "amber", 1, 3, low_in=False, high_in=True),
                 _band("escalated", "red", 3, 10, low_in=False, high_in=True)]}},
            {"id": "sponsor", "name": "Executive sponsor", "weight": 0.2, "low": None,
             "high": None, "higher_is_better": True, "colours": None, "categories": [
                 {"value": "engaged", "points": 100.0, "colour": "green"},
                 {"value": "neutral", "points": 60.0, "colour": "amber"},
                 {"value": "distant", "points": 25.0, "colour": "red"},
                 {"value": "none", "points": 0.0, "colour": "red"}]},
            {"id": "overdue", "name": "Invoices overdue (days)", "weight": 0.15, "low": 0.0,
             "high": 120.0, "higher_is_better": False, "categories": [], "colours": {"bands": [
                 _band("on time", "green", 0, 30, high_in=True),
                 _band("late", "amber", 30, 60, low_in=False, high_in=True),
                 _band("chasing", "red", 60, 120, low_in=False, high_in=True)]}},
            {"id": "usage", "name": "Contracted services in use (%)", "weight": 0.15,
             "low": 0.0, "high": 100.0, "higher_is_better": True, "categories": [],
             "colours": {"bands": [_band("idle", "red", 0, 50), _band("partial", "amber", 50, 80),
                                   _band("adopted", "green", 80, 100, high_in=True)]}},
        ],
        "colours": {"bands": [_band("at risk", "red", 0, 50), _band("watch", "amber", 50, 75),
                              _band("healthy", "green", 75, 100, high_in=True)]},
        "horizon": 12,
        "trend_window": 6,
        "trend_tolerance": 0.5,
    }  # fmt: skip


def account_health(status: np.ndarray) -> dict[str, str]:
    """Account health, surveys and projects of the current and key clients (issue 24).

    A generator of its own, keyed (SEED, 24), so adding these files changed no other file.
    Each client has a latent health in [0, 1] that drifts month by month; about one in six
    has a break (a failed go-live, a sponsor leaving) after which it falls, one in ten a
    recovery. The five measures of the scorecard are drawn around it (a few cells missing),
    every month from December 2024 to November 2026; one to four respondents answer the
    relationship survey each quarter; each review year (the twelve months to 30 November)
    has up to three projects with their earned value.
    """
    rng = np.random.default_rng([SEED, 24])
    rows = np.flatnonzero(status != "prospect")
    n, t = rows.size, HEALTH_MONTHS
    base = rng.uniform(0.45, 0.92, n)
    drift = rng.normal(0.0, 0.004, n)
    event = rng.random(n)
    when = rng.integers(6, t - 3, n)
    month = np.arange(t)
    after = np.maximum(month[None, :] - when[:, None], 0)
    shock = np.where(event[:, None] < 0.17, -0.03 * after, 0.0)
    shock += np.where((event[:, None] >= 0.17) & (event[:, None] < 0.27), 0.02 * after, 0.0)
    noise = np.cumsum(rng.normal(0.0, 0.015, (n, t)), axis=1)
    latent = np.clip(base[:, None] + drift[:, None] * month + shock + noise, 0.02, 0.99)
    sla = np.round(80 + 20 * np.clip(latent + rng.normal(0, 0.03, (n, t)), 0, 1), 1)
    escalations = np.clip(np.round(8 * (1 - latent) ** 2 + rng.normal(0, 0.4, (n, t))), 0, 10)
    cut = latent + rng.normal(0, 0.03, (n, t))
    sponsor = np.where(cut > 0.75, "engaged", np.where(cut > 0.55, "neutral",
                       np.where(cut > 0.35, "distant", "none")))  # fmt: skip
    overdue = np.clip(np.round(120 * (1 - latent) ** 2 + rng.normal(0, 6, (n, t))), 0, 120)
    usage = np.round(100 * np.clip(latent + rng.normal(0, 0.04, (n, t)), 0, 1), 1)
    gaps = rng.random((n, t)) < 0.03
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["client_id", "month", "sla", "escalations", "sponsor", "overdue", "usage"])
    for k, i in enumerate(rows):
        for j in range(t):
            y, m = divmod(11 + j, 12)
            writer.writerow([f"c-{i + 1:03d}", f"{2024 + y}-{m + 1:02d}",
                             "" if gaps[k, j] else f"{sla[k, j]:.1f}", int(escalations[k, j]),
                             sponsor[k, j], int(overdue[k, j]),
                             "" if gaps[k, (j + 7) % t] else f"{usage[k, j]:.1f}"])  # fmt: skip
    surveys = io.StringIO()
    writer = csv.writer(surveys, lineterminator="\n")
    writer.writerow(["client_id", "answered_on", "respondent", "recommend", "execution",
                     "after_sales", "people"])  # fmt: skip
    start = dt.date(2024, 12, 1)
    for k, i in enumerate(rows):
        for q in range(t // 3):
            level = float(latent[k, 3 * q + 1])
            for r in range(int(rng.integers(1, 5))):
                day = start + dt.timedelta(days=int(91.25 * q + rng.integers(0, 88)))
                rec = int(np.clip(np.round(rng.normal(3 + 7 * level, 1.5)), 0, 10))
                marks = np.clip(np.round(rng.normal(1 + 4 * level, 0.8, 3)), 1, 5).astype(int)
                skip = rng.random(2) < 0.1
                writer.writerow([f"c-{i + 1:03d}", day.isoformat(), f"respondent {r + 1}",
                                 "" if skip[0] else rec, int(marks[0]),
                                 "" if skip[1] else int(marks[1]), int(marks[2])])  # fmt: skip
    projects = io.StringIO()
    writer = csv.writer(projects, lineterminator="\n")
    writer.writerow(["project_id", "client_id", "year", "bac", "planned_value", "earned_value",
                     "actual_cost", "currency"])  # fmt: skip
    for year, last in ((2025, 11), (2026, 23)):
        for k, i in enumerate(rows):
            level = float(latent[k, last - 6 : last + 1].mean())
            for p in range(int(rng.integers(0, 4))):
                bac = round(float(rng.uniform(1e5, 2e6)), -3)
                pv = bac * float(rng.uniform(0.3, 1.0))
                spi = float(np.clip(rng.normal(0.8 + 0.25 * level, 0.05), 0.5, 1.2))
                cpi = float(np.clip(rng.normal(0.75 + 0.35 * level, 0.05), 0.5, 1.3))
                ev = min(pv * spi, bac)
                writer.writerow([f"prj-{year}-{i + 1:03d}-{p + 1}", f"c-{i + 1:03d}", year,
                                 f"{bac:.2f}", f"{pv:.2f}", f"{ev:.2f}", f"{ev / cpi:.2f}",
                                 CUR])  # fmt: skip
    return {
        "health_scorecard.json": document("HealthScorecard", health_scorecard()),
        "health.csv": buf.getvalue(),
        "surveys.csv": surveys.getvalue(),
        "projects.csv": projects.getvalue(),
    }


# Value propositions for the demo's target segments (issue 29, step 2.1.5): hand-written.
PROPOSITIONS = [
    {
        "id": "vp-fin-bank",
        "segment_id": "fin-bank",
        "statement": "Core banking on a managed cloud, audited, without a day of downtime",
        "offerings": ["cloud", "managed_services", "security"],
        "benefits": ["run cost down a fifth", "regulator-ready audit trail", "24x7 operations"],
        "proof_points": [
            "three core migrations since 2023",
            "BaFin-audited operations",
            "ISO 27001",
        ],
        "delivery_channels": ["direct sales", "banking IT forum"],
        "product": "landing zone and migration factory for core systems",
        "service": "fixed-price migration, then run under a 99.95 % service level",
        "technology": "hybrid cloud with the bank's own key management",
        "price": "fixed price to migrate, monthly run fee per workload",
        "marketing": "reference visits and the Bankenverband IT-Forum",
    },
    {
        "id": "vp-hlt",
        "segment_id": "hlt",
        "statement": "Hospital systems connected and secured, so clinicians see one record",
        "offerings": ["data", "security", "managed_services"],
        "benefits": ["one patient record across sites", "patient data kept in Germany"],
        "proof_points": ["two university hospitals live", "KHZG-funded projects delivered"],
        "delivery_channels": ["direct sales", "eHealth Initiative"],
        "product": "integration platform with standard clinical interfaces",
        "service": "joint delivery team on site, then managed operations",
        "technology": "interfaces on open clinical standards, data stored in Germany",
        "price": "priced to fit public funding programmes",
        "marketing": "Health IT Association events and case studies",
    },
    {
        "id": "vp-mfg",
        "segment_id": "mfg",
        "statement": "ERP and shop-floor data in one place, so plants plan on live figures",
        "offerings": ["erp", "data", "cloud"],
        "benefits": ["shorter planning cycles", "one view of stock across plants"],
        "proof_points": ["ERP roll-outs at four mid-sized manufacturers"],
        "delivery_channels": ["direct sales", "Industrie 4.0 Alliance", "ERP partner"],
        "product": "pre-configured ERP template for discrete manufacturing",
        "service": "template roll-out plant by plant",
        "technology": "ERP in the cloud with a shop-floor data hub",
        "price": "per plant, fixed scope",
        "marketing": "plant visits and the Industrie 4.0 Alliance",
    },
    {
        "id": "vp-pub",
        "segment_id": "pub",
        "statement": "Secure, compliant digital services for agencies, on framework terms",
        "offerings": ["security", "cloud", "managed_services"],
        "benefits": ["procured through existing frameworks", "compliance with federal rules"],
        "proof_points": ["two federal framework agreements", "security-cleared staff"],
        "delivery_channels": ["public tenders", "framework call-offs"],
        "product": "sovereign cloud services for agencies",
        "service": "call-off teams under the framework agreements",
        "technology": "certified sovereign cloud, operated in Germany",
        "price": "framework day rates and fixed-price call-offs",
        "marketing": "Federal Digital Agency events, procurement office briefings",
    },
]
TARGET_SEGMENTS = ("fin-bank", "hlt", "mfg", "pub")


PIPELINE_STAGES = [  # id, name, default probability of winning from the stage
    ("qualify", "Qualify", 0.10),
    ("develop", "Develop the solution", 0.25),
    ("propose", "Propose", 0.50),
    ("negotiate", "Negotiate", 0.75),
]
#: Chance of moving on from each stage in the sample's history (the last: of winning). Not the
#: defaults: the unit's deals convert a little better early and worse late, so learning shows.
CONTINUE = [0.55, 0.75, 0.70, 0.60]
PIPELINE_AS_OF = dt.date(2026, 11, 30)  # the demo's planning date: every history closes before


def _history(
    rng: np.random.Generator, created: dt.date, top: int, *, closed: bool
) -> tuple[list[dict[str, str]], dt.date]:
    """Stage changes from ``created`` through ``top`` (0-based), then won or lost when
    ``closed``; gaps of 10 to 60 days; an open history stops at the planning date. Returns
    the changes and the day of the last open one."""
    out, day = [], created
    for s in range(top + 1):
        if s and not closed and day > PIPELINE_AS_OF:
            break
        out.append({"stage": PIPELINE_STAGES[s][0], "on": day.isoformat()})
        last = day
        day += dt.timedelta(days=int(rng.integers(10, 61)))
    if closed:
        out.append({"stage": "", "on": day.isoformat()})  # the end state, filled in by the caller
    return out, last


def pipeline(opportunities: list[dict[str, Any]], client_ids: list[str]) -> dict[str, str]:
    """The opportunity pipeline (issue 22, steps 2.4.5-2.4.8): stages, stage histories and rates.

    From a stream of its own, (SEED, 43), so that no earlier file's numbers changed; the
    key-account opportunities gain a creation date, an expected close and an open stage
    history (as of 30 November 2026). ``pipeline_opportunities.json`` holds 120 closed
    opportunities of 2025-2026 (what conversion, time in stage, velocity and the slip of
    close dates are learned from) and 30 more open ones; a fifth are priced in CHF,
    converted by ``rates.json`` (quarterly EUR per CHF, and the 2027 budget rate).
    """
    rng = np.random.default_rng([SEED, 43])
    offerings = ["cloud", "erp", "security", "data", "managed_services"]
    for opp in opportunities:  # open key-account opportunities, closing in FY2027
        created = dt.date(2026, 3, 2) + dt.timedelta(days=int(rng.integers(0, 180)))
        history, last = _history(rng, created, int(rng.integers(0, 4)), closed=False)
        close = max(dt.date(2026, 12, 15) + dt.timedelta(days=int(rng.integers(0, 300))), last)
        opp["created_on"] = created.isoformat()
        opp["expected_close_on"] = close.isoformat()
        opp["stage_history"] = history

    def one(i: int, *, closed: bool) -> dict[str, Any]:
        currency = "CHF" if rng.random() < 0.2 else CUR
        amount = float(np.round(rng.lognormal(np.log(250_000), 0.7), -3))
        if closed:
            created = dt.date(2025, 1, 6) + dt.timedelta(days=int(rng.integers(0, 390)))
            top = 0
            while top < 3 and rng.random() < CONTINUE[top]:
                top += 1
            won = rng.random() < CONTINUE[3] if top == 3 else False
            history, last = _history(rng, created, top, closed=True)
            expected = created + dt.timedelta(days=int(rng.integers(90, 241)))
            if won:  # won a little after the expected close, as deals are
                end = max(expected + dt.timedelta(days=int(rng.integers(-10, 46))), last)
            else:
                end = dt.date.fromisoformat(history[-1]["on"])
            history[-1] = {"stage": "won" if won else "lost", "on": end.isoformat()}
            assert end < PIPELINE_AS_OF, end
        else:
            created = dt.date(2026, 6, 1) + dt.timedelta(days=int(rng.integers(0, 150)))
            history, last = _history(rng, created, int(rng.integers(0, 4)), closed=False)
            expected = max(dt.date(2027, 1, 10) + dt.timedelta(days=int(rng.integers(0, 330))),
                           last)  # fmt: skip
        first_year = dt.date.fromisoformat(history[-1]["on"]).year + 1 if closed else expected.year
        return {
            "id": f"{'h' if closed else 'p'}-{i:03d}",
            "client_id": client_ids[int(rng.integers(0, len(client_ids)))],
            "name": f"{offerings[int(rng.integers(0, 5))].replace('_', ' ').capitalize()} deal",
            "origin": ["industry_trend", "client_it_need", "our_advantage"][int(rng.integers(3))],
            "first_year": first_year,
            "revenue": [{"amount": f"{amount:.2f}", "currency": currency}],
            "cost": [{"amount": f"{amount * 0.7:.2f}", "currency": currency}],
            "created_on": created.isoformat(),
            "expected_close_on": expected.isoformat(),
            "stage_history": history,
        }

    book = [one(i + 1, closed=True) for i in range(120)]
    book += [one(i + 1, closed=False) for i in range(30)]
    rates = [
        {"currency": "CHF", "start": dt.date(2025, 1 + 3 * q, 1).replace(year=2025 + y).isoformat(),
         "rate": f"{1.04 + 0.01 * ((4 * y + q) % 5):.4f}"}
        for y in range(2) for q in range(4)
    ]  # fmt: skip
    rates.append({"currency": "CHF", "start": "2027-01-01", "rate": "1.0600"})  # budget rate
    stages = [{"id": i, "name": n, "probability": p} for i, n, p in PIPELINE_STAGES]
    return {
        "pipeline.json": document(
            "Pipeline", {"id": "nwit", "name": "Northwind IT Services", "stages": stages}
        ),
        "pipeline_opportunities.json": document("list[Opportunity]", book),
        "rates.json": document("DatedRateTable", {"currency": CUR, "rates": rates}),
    }


def positioning(budget_csv: str) -> dict[str, str]:
    """Value propositions (2.1.5) and the group strategy review of the 2027 plan (2.1.8).

    Issue 29. Hand-written, from no random stream, so adding these files changed no
    other file. The plan's budget is budget.csv's 2027-2029 lines; the group challenges
    it, the unit raises the target segments' revenue by 5 % and cuts delivery cost by
    3 %, answers a second question and the group approves.
    """
    from decimal import ROUND_HALF_EVEN, Decimal

    from clientel.models import Money, to_data
    from clientel.planning import BudgetLine, GroupStrategyReview

    def line(row: dict[str, str], amount: Decimal) -> BudgetLine:
        return BudgetLine(
            line=row["line"],
            category=row["category"],
            year=int(row["year"]),
            amount=Money(amount, row["currency"]),
            segment_id=row["segment_id"] or None,
        )

    def revised(row: dict[str, str]) -> Decimal:
        factor = Decimal(1)
        if row["segment_id"] in TARGET_SEGMENTS:
            factor = Decimal("1.05")
        elif row["line"] == "cost-delivery":
            factor = Decimal("0.97")
        return (Decimal(row["amount"]) * factor).quantize(Decimal("0.01"), ROUND_HALF_EVEN)

    rows = [r for r in csv.DictReader(io.StringIO(budget_csv)) if int(r["year"]) >= 2027]
    review = GroupStrategyReview(
        id="sr-2027",
        unit_id="bu-nw-its",
        group_id="grp-nw",
        year=2027,
        prepared_by="p-gm",
        prepared_on=dt.date(2026, 10, 5),
        reviewer_id="p-bg",
        plan_id="plan-2027",
        summary="Grow in banking, healthcare, manufacturing and the public sector; "
        "harvest insurance and retail.",
        budget=[line(r, Decimal(r["amount"])) for r in rows],
    )
    review = review.submit("p-gm", dt.date(2026, 10, 9), role="bu_gm")
    review = review.challenge(
        "p-bg",
        dt.date(2026, 10, 23),
        role="bg_gm",
        questions=[
            "Revenue is 7.2 M EUR below the group's 96 M target for 2027: how will you close it?",
            "Margin is 11.8 M EUR against a 21 M target: where does delivery cost come down?",
            "Insurance and retail are harvested: who keeps serving their current clients?",
        ],
    )
    review = review.revise(
        "p-gm",
        dt.date(2026, 11, 6),
        role="bu_gm",
        answers={
            "q1": "Target segments plan 5 % more revenue from the value propositions of 2.1.5.",
            "q2": "Near-shore delivery for managed services cuts delivery cost by 3 %.",
            "q3": "Their account managers keep them on a yearly review (tier C).",
        },
        budget=[line(r, revised(r)) for r in rows],
    )
    review = review.challenge(
        "p-bg",
        dt.date(2026, 11, 13),
        role="bg_gm",
        questions=[
            "Healthcare grows fastest: which hires does the plan need, and when?",
        ],
    )
    review = review.revise(
        "p-gm",
        dt.date(2026, 11, 18),
        role="bu_gm",
        answers={
            "q4": "Six consultants by Q2 2027, in the implementation plan's resources.",
        },
    )
    note = "Approved as revised; the margin gap is tracked quarterly."
    review = review.approve("p-bg", dt.date(2026, 11, 27), role="bg_gm", note=note)
    return {
        "value_propositions.json": document("list[ValueProposition]", PROPOSITIONS),
        "strategy_review.json": document("GroupStrategyReview", to_data(review)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    files = build(np.random.default_rng(SEED))
    if args.check:
        differ = [n for n, t in files.items() if (args.out / n).read_text(encoding="utf-8") != t]
        if differ:
            sys.stderr.write(f"sample files differ from the generator: {differ}\n")
            return 1
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
