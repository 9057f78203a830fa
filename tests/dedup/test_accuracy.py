"""The dedup command's core scored on the labelled corpora (tests/data/dedup): pairwise P/R/F1 thresholds.

corpus.jsonl is generated (generate_corpus.py); handwritten.jsonl is written by hand in free wording
(co-announcements across Arabic/French/English, Maghrebi and Levantine months, updates, hard
negatives). Both are deduplicated in one run and scored together; the hand-written part is also
reported on its own.
"""

from __future__ import annotations

import json
from pathlib import Path

from aggregator.dedup.command import dedup_records
from tests.dedup.scoring import bcubed, pairwise

DATA = Path(__file__).resolve().parent.parent / "data" / "dedup"
CORPORA = ("corpus.jsonl", "handwritten.jsonl")


def _lines(name: str) -> list[str]:
    return (DATA / name).read_text(encoding="utf-8").splitlines()


def _report(label: str, gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    pw, b3 = pairwise(gold, pred), bcubed(gold, pred)
    print(f"\n{label}: {len(gold)} announcements, {len(set(gold.values()))} clusters")
    print("pairwise P={precision:.4f} R={recall:.4f} F1={f1:.4f}".format(**pw))
    print("B-cubed  P={precision:.4f} R={recall:.4f} F1={f1:.4f}".format(**b3))
    return pw


def test_corpus_pairwise_f1_and_precision():
    lines = [line for name in CORPORA for line in _lines(name)]
    rows = [json.loads(line) for line in lines]
    assert len(rows) >= 400 and len({r["cluster"] for r in rows}) >= 150
    assert len({r["id"] for r in rows}) == len(rows)
    outputs, errors = dedup_records(lines)
    assert not errors
    assert [o["id"] for o in outputs] == [r["id"] for r in rows]
    gold = {r["id"]: r["cluster"] for r in rows}
    pred = {o["id"]: o["event_id"] for o in outputs}
    pw = _report("all", gold, pred)
    hand = {r["id"] for r in rows if r["id"].startswith("hw")}
    _report("hand-written", {i: gold[i] for i in hand}, {i: pred[i] for i in hand})
    assert pw["precision"] >= 0.97
    assert pw["f1"] >= 0.95


def test_hand_written_part_is_big_enough():
    rows = [json.loads(line) for line in _lines("handwritten.jsonl")]
    assert len(rows) >= 40 and len({r["cluster"] for r in rows}) >= 15
    assert all(r["id"].startswith("hw") for r in rows)


def test_same_ids_in_any_input_order():
    lines = [line for name in CORPORA for line in _lines(name)]
    first, _ = dedup_records(lines)
    second, _ = dedup_records(list(reversed(lines)))
    assert {o["id"]: o["event_id"] for o in first} == {o["id"]: o["event_id"] for o in second}
