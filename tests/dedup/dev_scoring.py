"""Scoring of the independently written dev corpus (tests/data/dev/dedup_dev.jsonl) as its README §3 says.

Also run as a script, to print the report (pairwise figures, hard-negative merges by type, misses by family):
    .venv/bin/python -m tests.dedup.dev_scoring
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime, timezone
from itertools import combinations
from pathlib import Path

from aggregator.dedup.command import dedup_records

DEV = Path(__file__).resolve().parent.parent / "data" / "dev" / "dedup_dev.jsonl"
FIELDS = ("id", "source", "url", "published", "title", "text")
FAMILIES = ("cross-post", "co-organizers", "reminder", "update", "report", "date-only")
HN_TYPES = ("series", "same time other topic", "other year", "report vs new", "same day other time", "generic titles")

__all__ = ["load", "predict", "score", "pair_family", "hn_type", "DEV", "FAMILIES", "HN_TYPES"]


def load(path: Path = DEV) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def predict(rows: list[dict], matcher=None) -> dict[str, str]:
    lines = [json.dumps({k: r[k] for k in FIELDS if k in r}, ensure_ascii=False) for r in rows]
    outputs, errors = dedup_records(lines, matcher) if matcher is not None else dedup_records(lines)
    assert not errors, errors
    return {o["id"]: o["event_id"] for o in outputs}


def _start(row: dict) -> datetime | None:
    s = row["expected"]["start"]
    return datetime.fromisoformat(s) if s else None


def pair_family(a: dict, b: dict) -> str:
    """Which kind of same-event pair this is (for the miss table), from the gold labels."""
    kinds = {a["expected"]["post_kind"], b["expected"]["post_kind"]}
    if any(r["expected"]["start"] and "T" not in r["expected"]["start"] for r in (a, b)):
        return "date-only"
    if "report" in kinds:
        return "report"
    if "update" in kinds:
        return "update"
    if "reminder" in kinds:
        return "reminder"
    return "cross-post" if a["source"]["org"] == b["source"]["org"] else "co-organizers"


def hn_type(a: dict, b: dict) -> str:
    """The hard-negative type of a pair of different events of one hn group (README §2), from the labels."""
    if (a["expected"]["post_kind"] == "report") != (b["expected"]["post_kind"] == "report"):
        return "report vs new"
    sa, sb = _start(a), _start(b)
    same_org = a["source"]["org"] == b["source"]["org"]
    if sa and sb:
        ua = sa.astimezone(timezone.utc) if "T" in a["expected"]["start"] else None
        ub = sb.astimezone(timezone.utc) if "T" in b["expected"]["start"] else None
        if sa.year != sb.year:
            return "other year"
        if ua and ub and ua == ub:
            return "same time other topic"
        if sa.date() == sb.date():
            return "same day other time" if same_org else "generic titles"
    return "series" if same_org else "generic titles"


def _pairs(assign: dict[str, str]) -> set[frozenset]:
    by = defaultdict(list)
    for pid, c in assign.items():
        by[c].append(pid)
    return {frozenset(p) for ids in by.values() for p in combinations(sorted(ids), 2)}


def score(rows: list[dict], pred: dict[str, str]) -> dict:
    by_id = {r["id"]: r for r in rows}
    gold = {r["id"]: r["cluster"] for r in rows}
    G, P = _pairs(gold), _pairs(pred)
    tp = len(P & G)
    precision = tp / len(P) if P else 1.0
    recall = tp / len(G)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    hn_pairs, hn_merged = Counter(), Counter()
    for a, b in combinations(rows, 2):
        if a["hn_group"] and a["hn_group"] == b["hn_group"] and a["cluster"] != b["cluster"]:
            t = hn_type(a, b)
            hn_pairs[t] += 1
            hn_merged[t] += pred[a["id"]] == pred[b["id"]]
    families, missed = Counter(), Counter()
    for p in G:
        a, b = (by_id[i] for i in sorted(p))
        fam = pair_family(a, b)
        families[fam] += 1
        missed[fam] += p not in P
    return {
        "precision": precision, "recall": recall, "f1": f1, "tp": tp, "gold_pairs": len(G), "pred_pairs": len(P),
        "hn_false": sum(hn_merged.values()), "hn_total": sum(hn_pairs.values()),
        "hn_rate": {t: hn_merged[t] / hn_pairs[t] for t in hn_pairs}, "hn_pairs": dict(hn_pairs),
        "hn_merged": dict(hn_merged), "families": dict(families), "missed": dict(missed),
    }


def report(s: dict) -> str:
    lines = [f"dev pairwise P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} "
             f"({s['tp']}/{s['gold_pairs']} gold pairs, {s['pred_pairs']} predicted); "
             f"hard-negative pairs merged {s['hn_false']}/{s['hn_total']}"]
    for t in HN_TYPES:
        if t in s["hn_pairs"]:
            lines.append(f"  hard negatives, {t}: {s['hn_merged'][t]}/{s['hn_pairs'][t]} merged")
    for fam in FAMILIES:
        if fam in s["families"]:
            lines.append(f"  same-event pairs, {fam}: {s['missed'][fam]}/{s['families'][fam]} missed")
    return "\n".join(lines)


if __name__ == "__main__":
    rows = load()
    print(report(score(rows, predict(rows))))
