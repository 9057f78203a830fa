"""Load the labelled corpus and score the extractor against it (expected instants via zoneinfo)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from aggregator.extract import extract

CORPUS = Path(__file__).resolve().parents[1] / "data" / "extract" / "corpus.jsonl"


def load() -> list[dict]:
    with CORPUS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def expected_instant(local: str, zone: str) -> datetime:
    """The UTC instant of a stated local wall-clock time in a stated zone."""
    return datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone)).astimezone(ZoneInfo("UTC"))


def run_one(rec: dict):
    return extract(rec["text"], datetime.fromisoformat(rec["published"]), country=rec.get("country"),
                   timezone=rec.get("timezone"), title=rec.get("title"))


@dataclass
class Score:
    events: int = 0
    start_ok: int = 0
    platform_total: int = 0
    platform_ok: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    failures: list = field(default_factory=list)

    @property
    def start_rate(self) -> float:
        return self.start_ok / self.events if self.events else 1.0

    @property
    def platform_rate(self) -> float:
        return self.platform_ok / self.platform_total if self.platform_total else 1.0

    @property
    def f1(self) -> float:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def score(records: list[dict]) -> Score:
    s = Score()
    for rec in records:
        exp = rec["expect"]
        got = run_one(rec)
        if exp["is_event"]:
            s.tp += got.is_event
            s.fn += not got.is_event
            if not got.is_event:
                s.failures.append((rec["id"], "is_event", True, False))
        else:
            s.fp += got.is_event
            s.tn += not got.is_event
            if got.is_event:
                s.failures.append((rec["id"], "is_event", False, True))
            continue
        if exp.get("local_start"):
            s.events += 1
            want = expected_instant(exp["local_start"], exp["zone"])
            ok = got.start is not None and abs((got.start - want).total_seconds()) < 60
            s.start_ok += ok
            if not ok:
                s.failures.append((rec["id"], "start", want.isoformat(), got.start and got.start.isoformat()))
        if "platform" in exp:
            s.platform_total += 1
            ok = got.platform == exp["platform"]
            s.platform_ok += ok
            if not ok:
                s.failures.append((rec["id"], "platform", exp["platform"], got.platform))
    return s


if __name__ == "__main__":
    import sys

    recs = load()
    by_id = {r["id"]: r for r in recs}
    sc = score(recs)
    print(f"start {sc.start_ok}/{sc.events} = {sc.start_rate:.3f}  F1 {sc.f1:.3f} (tp {sc.tp} fp {sc.fp} fn {sc.fn})  "
          f"platform {sc.platform_ok}/{sc.platform_total} = {sc.platform_rate:.3f}")
    for rid, what, want, got in sc.failures[: int(sys.argv[1]) if len(sys.argv) > 1 else 40]:
        print("---", rid, by_id[rid]["family"], what, "want", want, "got", got)
        print("   ", by_id[rid]["text"][:400].replace("\n", " "), "| pub", by_id[rid]["published"])
