"""The dedup command's core scored on the labelled corpus (tests/data/dedup): pairwise P/R/F1 thresholds."""

from __future__ import annotations

import json
from pathlib import Path

from aggregator.dedup.command import dedup_records
from tests.dedup.scoring import bcubed, pairwise

DATA = Path(__file__).resolve().parent.parent / "data" / "dedup"


def test_corpus_pairwise_f1_and_precision():
    lines = (DATA / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) >= 400 and len({r["cluster"] for r in rows}) >= 150
    outputs, errors = dedup_records(lines)
    assert not errors
    assert [o["id"] for o in outputs] == [r["id"] for r in rows]
    gold = {r["id"]: r["cluster"] for r in rows}
    pred = {o["id"]: o["event_id"] for o in outputs}
    pw, b3 = pairwise(gold, pred), bcubed(gold, pred)
    print(f"\ncorpus: {len(rows)} announcements, {len(set(gold.values()))} clusters")
    print("pairwise P={precision:.4f} R={recall:.4f} F1={f1:.4f}".format(**pw))
    print("B-cubed  P={precision:.4f} R={recall:.4f} F1={f1:.4f}".format(**b3))
    assert pw["precision"] >= 0.97
    assert pw["f1"] >= 0.95


def test_same_ids_in_any_input_order():
    lines = (DATA / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    first, _ = dedup_records(lines)
    second, _ = dedup_records(list(reversed(lines)))
    assert {o["id"]: o["event_id"] for o in first} == {o["id"]: o["event_id"] for o in second}
