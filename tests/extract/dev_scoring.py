"""Score the extractor on corpora labelled by the dev corpus rules (tests/data/dev/README.md, section 3).

Used by the dev-corpus and held-out tests, and as a script to read the misses:
    .venv/bin/python -m tests.extract.dev_scoring [tests/data/dev/extract_dev.jsonl] [--misses]
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from aggregator.extract import extract

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "tests" / "data" / "dev" / "extract_dev.jsonl"
HELD_OUT = ROOT / "tests" / "data" / "extract" / "held_out.jsonl"


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").replace("\u0640", "")
    return re.sub(r"[\u064b-\u0652]", "", s).casefold()


def _same_start(expected: str, got: datetime | None, zone: str | None) -> bool:
    """README rule: a full start is the same UTC instant to the minute; a bare date is that local date."""
    if got is None:
        return False
    if len(expected) == 10:
        want = date.fromisoformat(expected)
        return got.astimezone(ZoneInfo(zone)).date() == want if zone else got.date() == want
    want = datetime.fromisoformat(expected).astimezone(timezone.utc).replace(second=0, microsecond=0)
    return got.astimezone(timezone.utc).replace(second=0, microsecond=0) == want


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    counts: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # metric -> [right, total]

    def add(self, metric: str, right: bool) -> None:
        self.counts[metric][0] += bool(right)
        self.counts[metric][1] += 1

    def rate(self, metric: str) -> float:
        right, total = self.counts[metric]
        return right / total if total else 1.0

    @property
    def f1(self) -> float:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self) -> str:
        parts = [f"event F1 {self.f1:.3f} (tp {self.tp} fp {self.fp} fn {self.fn})"]
        for metric in ("start", "end", "online", "platform", "title", "past"):
            right, total = self.counts[metric]
            parts.append(f"{metric} {right / total:.3f} ({right}/{total})" if total else f"{metric} n/a")
        return "; ".join(parts)


@dataclass
class Result:
    overall: Tally
    families: dict[str, Tally]
    misses: list[tuple[str, str, str, object, object]]  # (id, family, metric, expected, got)


def score(records: list[dict]) -> Result:
    overall, families, misses = Tally(), defaultdict(Tally), []
    for rec in records:
        exp = rec["expected"]
        got = extract(rec["text"], datetime.fromisoformat(rec["published"]), country=rec.get("country"))
        fam = exp.get("family", "?")

        def note(metric, right, want, have):
            for t in (overall, families[fam]):
                t.add(metric, right)
            if not right:
                misses.append((rec["id"], fam, metric, want, have))

        for t in (overall, families[fam]):
            t.tp += exp["is_event"] and got.is_event
            t.fp += (not exp["is_event"]) and got.is_event
            t.fn += exp["is_event"] and not got.is_event
        if exp["is_event"] != got.is_event:
            misses.append((rec["id"], fam, "is_event", exp["is_event"], got.is_event))
        note("past", exp.get("past", False) == (got.past if got.is_event else False), exp.get("past"), got.past)
        if not exp["is_event"]:
            continue
        if exp.get("start"):
            note("start", _same_start(exp["start"], got.start, exp.get("timezone")), exp["start"],
                 got.start.isoformat() if got.start else None)
            note("platform", got.platform == exp.get("platform"), exp.get("platform"), got.platform)
        if exp.get("end"):
            note("end", _same_start(exp["end"], got.end, exp.get("timezone")), exp["end"],
                 got.end.isoformat() if got.end else None)
        if exp.get("online") is not None:
            note("online", got.online == exp["online"], exp["online"], got.online)
        if exp.get("title_hint"):
            note("title", _norm(exp["title_hint"]) in _norm(got.title), exp["title_hint"], got.title)
    return Result(overall, dict(families), misses)


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv if not a.startswith("--")] or [DEV]
    for path in paths:
        result = score(load(path))
        print(f"{path.name}[all]: {result.overall.line()}")
        if "--families" in argv:
            for fam in sorted(result.families):
                print(f"{path.name}[{fam}]: {result.families[fam].line()}")
        if "--misses" in argv:
            texts = {r["id"]: r["text"] for r in load(path)}
            for rid, fam, metric, want, have in result.misses:
                print(f"--- {rid} {fam} {metric}: want {want!r} got {have!r}")
                if "--text" in argv:
                    print("    " + texts[rid].replace("\n", " / "))


if __name__ == "__main__":
    main(sys.argv[1:])
