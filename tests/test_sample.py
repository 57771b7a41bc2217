"""The shipped sample business unit loads and is reproducible from its seeded script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from clientel.sample import load_sample, read_table

ROOT = Path(__file__).resolve().parents[1]


def test_generator_reproduces_the_shipped_files_bit_for_bit() -> None:
    script = ROOT / "scripts" / "generate_sample.py"
    out = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_shipped_documents_are_at_the_current_schema_version() -> None:
    # the generator writes its data through clientel's migrations (schema 4 before 0.2)
    import json
    from importlib.resources import files

    from clientel.models import SCHEMA_VERSION

    shipped = [p for p in (files("clientel.data") / "sample").iterdir() if p.name.endswith(".json")]
    assert len(shipped) == 18
    for path in shipped:
        assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == SCHEMA_VERSION


def test_sample_is_realistic_and_consistent() -> None:
    unit = load_sample()
    segment_ids = {s.id for s in unit.segments}
    assert len(unit.clients) == 300
    assert all(c.segment_id in segment_ids for c in unit.clients)
    missing_it = sum(c.attributes["it_budget"] is None for c in unit.clients)
    missing_rel = sum(c.attributes["relationship"] is None for c in unit.clients)
    assert 0.1 * 300 < missing_it < 0.3 * 300
    assert 0.1 * 300 < missing_rel < 0.3 * 300
    assert any(c.name.startswith("=") for c in unit.clients)
    client_ids = {c.id for c in unit.clients}
    assert all(o.client_id in client_ids for o in unit.opportunities)
    assert len(unit.key_clients) == 3
    deals = read_table("deals.csv")
    assert len(deals) == 3000
    assert {d["won"] for d in deals} == {"true", "false"}
    assert all(d["segment_id"] in segment_ids for d in deals)
    assert unit.rfp.client_id in {c.id for c in unit.key_clients}
    people = {p.id for p in unit.people}
    assert len(people) == len(unit.people)


def test_order_histories_are_bgnbd_histories_of_current_clients() -> None:
    import numpy as np

    from clientel.planning import fit_bgnbd

    unit = load_sample()
    status = {c.id: c.status.value for c in unit.clients}
    rows = read_table("purchases.csv")
    assert len(rows) == sum(s != "prospect" for s in status.values())
    assert all(status[r["client_id"]] != "prospect" for r in rows)
    x, t_x, age = (np.array([float(r[k]) for r in rows]) for k in ("frequency", "recency", "age"))
    assert ((t_x <= age) & ((x > 0) | (t_x == 0))).all()
    assert {r["currency"] for r in rows} == {"EUR"}
    model = fit_bgnbd(x, t_x, age, ids=[r["client_id"] for r in rows], time_unit="month")
    assert model.customers == len(rows)


def test_the_pipeline_is_recorded_up_to_the_planning_date() -> None:
    import datetime as dt

    unit = load_sample()
    planning_date = dt.date(2026, 11, 30)
    client_ids = {c.id for c in unit.clients}
    book = [*unit.opportunities, *unit.pipeline_opportunities]
    assert len({o.id for o in book}) == len(book) == 15 + 150
    assert all(o.client_id in client_ids for o in book)
    stages = {*unit.pipeline.stage_ids, "won", "lost"}
    for o in book:  # stages of the pipeline, nothing after the planning date
        assert {c.stage for c in o.stage_history} <= stages, o.id
        assert o.stage_history[-1].on <= planning_date, o.id
    assert all(o.is_open for o in unit.opportunities)
    closed = [o for o in unit.pipeline_opportunities if not o.is_open]
    assert len(closed) == 120
    assert {o.stage for o in closed} == {"won", "lost"}
    currencies = {v.currency for o in book for v in o.revenue}
    assert currencies == {"EUR", "CHF"}
    assert all(unit.rates.rate("CHF", o.closed_on or planning_date) > 0 for o in book)
