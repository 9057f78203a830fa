"""Indexing and query speed over 100k generated events, against the Elasticsearch of ELASTICSEARCH_URL.

    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python benchmarks/bench_index.py [--events 100000]

Prints docs/s of bulk_upsert (documents built and serialized in the loop, as the pipeline does)
next to raw ``_bulk`` of the same documents pre-serialized into NDJSON bodies (the ceiling),
both into fresh indices with the same template; then p50/p95 latency of overlap and trend
queries (wall time in the client, parsing included). Goal: ours >= 80% of raw, p95 <= 50 ms.
The corpus is fixed (seeded), the indices are prefixed ``bench-<random>-`` and deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aggregator.config import load_settings  # noqa: E402
from aggregator.index.bulk import bulk_upsert  # noqa: E402
from aggregator.index.client import connect  # noqa: E402
from aggregator.index.documents import event_document  # noqa: E402
from aggregator.index.overlaps import find_overlaps, overlap_report  # noqa: E402
from aggregator.index.templates import ensure_indices  # noqa: E402
from aggregator.index.trends import BY_FIELDS, trends  # noqa: E402
from aggregator.models import Event, Organizer  # noqa: E402

ZONES = {"MA": "Africa/Casablanca", "TN": "Africa/Tunis", "DZ": "Africa/Algiers", "EG": "Africa/Cairo",
         "LB": "Asia/Beirut", "JO": "Asia/Amman", "IQ": "Asia/Baghdad", "PS": "Asia/Hebron"}
WORDS = ["ندوة", "رقمية", "حول", "الانتخابات", "التشريعية", "الحوار", "الاجتماعي", "حقوق", "المرأة", "الشباب",
         "الإضراب", "العام", "الأجور", "التقاعد", "Webinaire", "élections", "droits", "Webinar", "climate", "جمعية"]
PLATFORMS = ["zoom", "facebook_live", "google_meet", "youtube", "teams", "other"]
BASE = datetime(2026, 1, 5, tzinfo=timezone.utc)


def corpus(n: int, seed: int = 7) -> list[Event]:
    rng = random.Random(seed)
    orgs = [Organizer(f"org-{i}", f"منظمة رقم {i}", rng.choice(["party", "union", "ngo", "ngo"]), rng.choice(list(ZONES)))
            for i in range(600)]
    events = []
    for i in range(n):
        members = rng.sample(orgs, 1 if rng.random() < 0.85 else 2)
        start = BASE + timedelta(minutes=15 * rng.randrange(0, 4 * 24 * 365))
        minutes = rng.choice([45, 60, 60, 90, 90, 120, 180]) if rng.random() < 0.9 else None
        zone = ZONES[members[0].country]
        from zoneinfo import ZoneInfo
        local = start.astimezone(ZoneInfo(zone))
        events.append(Event(
            event_id=f"ev-{i:06d}", title=" ".join(rng.sample(WORDS, 5)), start=local,
            end=local + timedelta(minutes=minutes) if minutes else None, timezone=zone, online=True, hybrid=False,
            platform=rng.choice(PLATFORMS), join_url=f"https://zoom.us/j/{rng.randrange(10**9)}", status="scheduled",
            organizers=tuple(members), source_urls=(f"https://example.org/{i}",), announcement_ids=(f"a-{i}",),
            first_seen=BASE, last_seen=BASE, description=" ".join(rng.choices(WORDS, k=40)),
            countries=tuple(sorted({o.country for o in members})),
        ))
    return events


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    prefix = f"bench-{uuid.uuid4().hex[:6]}-"
    settings = load_settings({**__import__("os").environ, "AGGREGATOR_INDEX_PREFIX": prefix})
    client = connect(settings, request_timeout=120)
    try:
        ensure_indices(client, settings)
        events = corpus(args.events)
        print(f"corpus: {len(events)} events")

        # raw _bulk: same documents, serialized before the clock starts, into a sibling index of the same template
        raw_index = f"{settings.index('events')}-v99"
        client.indices.create(index=raw_index)
        bodies, chunk = [], []
        for e in events:
            chunk.append(json.dumps({"index": {"_index": raw_index, "_id": e.event_id}}).encode())
            chunk.append(json.dumps(event_document(e), ensure_ascii=False).encode("utf-8"))
            if len(chunk) == 2000:
                bodies.append(b"\n".join(chunk) + b"\n")
                chunk = []
        if chunk:
            bodies.append(b"\n".join(chunk) + b"\n")
        def send(body: bytes) -> None:
            response = client.bulk(operations=body, filter_path="errors")
            assert not response["errors"]

        t0 = time.perf_counter()
        for body in bodies:
            send(body)
        client.indices.refresh(index=raw_index)
        raw_sequential = len(events) / (time.perf_counter() - t0)
        # The fair ceiling: the same documents with as many requests in flight as bulk_upsert
        # keeps (2), into a second fresh index (creates, as bulk_upsert's run does).
        from concurrent.futures import ThreadPoolExecutor

        raw_index2 = f"{settings.index('events')}-v98"
        client.indices.create(index=raw_index2)
        bodies2 = [b.replace(raw_index.encode(), raw_index2.encode()) for b in bodies]
        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(send, bodies2))
        client.indices.refresh(index=raw_index2)
        raw_rate = len(events) / (time.perf_counter() - t0)
        client.indices.delete(index=raw_index2)
        print(f"raw _bulk: {raw_sequential:,.0f} docs/s one request at a time, {raw_rate:,.0f} docs/s with 2 in flight")

        t0 = time.perf_counter()
        docs = [(e.event_id, event_document(e)) for e in events]  # the pipeline hands bulk_upsert dicts
        print(f"event_document: {len(events) / (time.perf_counter() - t0):,.0f} events/s (not in either figure)")
        t0 = time.perf_counter()
        result = bulk_upsert(client, settings.index("events"), docs, refresh=True)
        ours_rate = result.written / (time.perf_counter() - t0)
        assert client.count(index=settings.index("events"))["count"] == len(events)
        client.indices.delete(index=raw_index)
        print(f"indexing: raw _bulk {raw_rate:,.0f} docs/s · bulk_upsert {ours_rate:,.0f} docs/s "
              f"({100 * ours_rate / raw_rate:.0f}% of raw with the same concurrency; goal >= 80%)")

        index = settings.index("events")
        rng = random.Random(11)
        for _ in range(20):  # warm-up: caches, JIT
            find_overlaps(client, index, BASE + timedelta(days=rng.randrange(300)), timedelta(minutes=90))
        timings: dict[str, list[float]] = {"overlaps": [], "overlaps --report (1 week)": [], "trends": []}
        for _ in range(args.queries):
            start = BASE + timedelta(days=rng.randrange(360), hours=rng.randrange(24))
            t0 = time.perf_counter()
            find_overlaps(client, index, start, timedelta(minutes=rng.choice([60, 90, 120])), country=rng.choice(list(ZONES)),
                          org_types=[rng.choice(["party", "union", "ngo"])], topics=[rng.choice(WORDS)])
            timings["overlaps"].append(time.perf_counter() - t0)
        for _ in range(max(20, args.queries // 10)):
            start = BASE + timedelta(days=rng.randrange(350))
            t0 = time.perf_counter()
            overlap_report(client, index, start, start + timedelta(weeks=1), country=rng.choice(list(ZONES)))
            timings["overlaps --report (1 week)"].append(time.perf_counter() - t0)
        for _ in range(args.queries):
            start = BASE + timedelta(days=rng.randrange(200))
            t0 = time.perf_counter()
            trends(client, index, interval=rng.choice(["week", "month"]), by=rng.choice(list(BY_FIELDS)),
                   start=start, end=start + timedelta(days=rng.choice([30, 90, 180])))
            timings["trends"].append(time.perf_counter() - t0)
        for name, values in timings.items():
            ms = [v * 1000 for v in values]
            print(f"{name:28s} n={len(ms):4d}  p50 {statistics.median(ms):6.1f} ms  p95 {pct(ms, 95):6.1f} ms")
    finally:
        names = [i for i in dict(client.options(ignore_status=404).indices.get(index=f"{prefix}*")) if i.startswith(prefix)]
        if names:
            client.indices.delete(index=",".join(names))
        for name in ("announcements", "events", "sources"):
            client.options(ignore_status=404).indices.delete_index_template(name=f"{prefix}{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
