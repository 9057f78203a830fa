"""Dedup step throughput and peak memory at 100k, 300k and 1M announcements (extraction precomputed).

Run: .venv/bin/python benchmarks/bench_dedup.py [--sizes 100000,300000,1000000]
Single process, single core; prints announcements/s and peak traced memory per size.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
import tracemalloc
from datetime import datetime, timedelta, timezone

from aggregator.dedup import MemoryEventStore, assign_events
from aggregator.models import Announcement, Extraction

WORDS = ("الحوار الاجتماعي العمل النقابي حقوق المرأة الانتقال الطاقي المناخ الديون الشباب الهجرة التعليم الصحة "
         "الفساد الشفافية الانتخابات اللامركزية الأجور التضخم السكن المياه الذاكرة العدالة الإعلام الحريات").split()
ORGS = [(f"org{i}", f"منظمة رقم {i} للتنمية", random.Random(i).choice(["party", "union", "ngo"])) for i in range(2000)]


def generate(n: int, seed: int = 7) -> list[tuple[Announcement, Extraction]]:
    """n announcements: events of 1-4 announcements each, spread over evening slots of n/60 days."""
    r = random.Random(seed)
    t0 = datetime(2025, 1, 1, tzinfo=timezone.utc)
    items = []
    i = 0
    days = max(365, n // 60)  # a constant density of events per time block, whatever n
    while len(items) < n:
        start = t0 + timedelta(days=r.randrange(days), hours=r.choice([15, 16, 17, 18, 19, 20]), minutes=r.choice([0, 30]))
        subject = " و".join(r.sample(WORDS, 3))
        orgs = r.sample(ORGS, r.choice([1, 1, 2, 3]))
        status_tail = r.random()
        for k in range(r.choice([1, 2, 2, 3, 4])):
            org = orgs[k % len(orgs)]
            i += 1
            status = "scheduled"
            s = start
            if k == 2 and status_tail < 0.04:
                status, s = "postponed", start + timedelta(days=7)
            elif k == 2 and status_tail < 0.07:
                status = "cancelled"
            text = f"ينظم {org[1]} ندوة رقمية حول {subject} بمشاركة خبراء، عبر زوم."
            published = start - timedelta(days=r.randint(1, 10), minutes=r.randint(0, 999))
            ann = Announcement(id=f"a{i}", source_id=org[0], org_id=org[0], org_name=org[1], org_type=org[2],
                               country="TN", timezone="Africa/Tunis", url=f"https://x.example/{i}", title="",
                               text=text, published=published, fetched_at=published, content_hash="")
            ex = Extraction(is_event=True, online=True, start=s, timezone="Africa/Tunis", platform="zoom",
                            title=subject, status=status)
            items.append((ann, ex))
    return items[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000,300000,1000000")
    args = parser.parse_args()
    print(f"{'announcements':>13} {'events':>9} {'seconds':>8} {'ann/s':>9} {'peak MB':>8}")
    for n in (int(x) for x in args.sizes.split(",")):
        items = generate(n)
        gc.collect()
        tracemalloc.start()
        t = time.process_time()
        outcome = assign_events(items, MemoryEventStore())
        elapsed = time.process_time() - t
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        # timing under tracemalloc is pessimistic: time again without it for the throughput figure
        gc.collect()
        t = time.process_time()
        outcome = assign_events(items, MemoryEventStore())
        elapsed = time.process_time() - t
        print(f"{n:>13,} {len(outcome.events):>9,} {elapsed:>8.2f} {n / elapsed:>9,.0f} {peak / 2**20:>8.0f}")
        del items, outcome
        gc.collect()


if __name__ == "__main__":
    main()
