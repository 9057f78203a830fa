"""Benchmark: our extraction vs dateparser.search.search_dates over the labelled corpus, in one run.

Run: .venv/bin/python benchmarks/bench_extract.py [--limit N] [--rounds R]
Prints records/second, the median cost per record of both, the ratio, and each one's first call.
dateparser is only the baseline here; it is never on the extraction path.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "tests" / "data" / "extract" / "corpus.jsonl"


def load(limit: int | None) -> list[dict]:
    with CORPUS.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    return records[:limit] if limit else records


def timed(fn, records, rounds: int) -> tuple[float, list[float]]:
    """(first call in seconds, per-record median over rounds in seconds)."""
    t0 = time.perf_counter()
    fn(records[0])
    first = time.perf_counter() - t0
    per_record: list[list[float]] = [[] for _ in records]
    for _ in range(rounds):
        for i, rec in enumerate(records):
            t = time.perf_counter()
            fn(rec)
            per_record[i].append(time.perf_counter() - t)
    return first, [min(samples) if rounds > 1 else samples[0] for samples in per_record]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="use only the first N records")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the corpus for our extractor")
    parser.add_argument("--baseline-rounds", type=int, default=1, help="passes for search_dates (slow)")
    args = parser.parse_args()
    records = load(args.limit)

    t0 = time.perf_counter()
    from aggregator.extract import extract
    import_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    from dateparser.search import search_dates
    import_theirs = time.perf_counter() - t0

    def ours(rec):
        return extract(rec["text"], datetime.fromisoformat(rec["published"]), country=rec.get("country"),
                       timezone=rec.get("timezone"))

    def theirs(rec):
        return search_dates(rec["text"], languages=["ar", "fr", "en"],
                            settings={"RELATIVE_BASE": datetime.fromisoformat(rec["published"]).replace(tzinfo=None)})

    first_ours, ours_times = timed(ours, records, args.rounds)
    first_theirs, theirs_times = timed(theirs, records, args.baseline_rounds)

    med_ours = statistics.median(ours_times)
    med_theirs = statistics.median(theirs_times)
    print(f"corpus: {len(records)} records ({CORPUS.relative_to(ROOT)})")
    print(f"{'':28}{'ours (full extraction)':>24}{'search_dates':>18}")
    print(f"{'import (s)':28}{import_ours:>24.3f}{import_theirs:>18.3f}")
    print(f"{'first call (ms)':28}{first_ours * 1e3:>24.2f}{first_theirs * 1e3:>18.2f}")
    print(f"{'median per record (us)':28}{med_ours * 1e6:>24.0f}{med_theirs * 1e6:>18.0f}")
    print(f"{'mean per record (us)':28}{statistics.fmean(ours_times) * 1e6:>24.0f}{statistics.fmean(theirs_times) * 1e6:>18.0f}")
    print(f"{'records / second':28}{1 / statistics.fmean(ours_times):>24.0f}{1 / statistics.fmean(theirs_times):>18.1f}")
    print(f"ratio (search_dates median / ours median): {med_theirs / med_ours:.1f}x")


if __name__ == "__main__":
    main()
