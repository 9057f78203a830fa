"""Dedup step throughput and peak memory at 100k, 300k and 1M announcements (extraction precomputed).

Run: .venv/bin/python benchmarks/bench_dedup.py [--sizes 100000,300000,1000000] [--rounds 3]
Single process, single core. For each size: peak traced memory (one run under tracemalloc), then
announcements/s over --rounds timed runs, best and median, and the best as a share of the smallest
size's best (1.00 = flat). On a shared machine the same code's runs vary by 10-20%, and by up to 40%
over tens of minutes on a busy VM: compare the best of runs made side by side, or count instructions,
which do not drift (valgrind --tool=callgrind on one timed run of generate(20000)).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
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
    parser.add_argument("--rounds", type=int, default=3, help="timed runs per size")
    args = parser.parse_args()
    print(f"{'announcements':>13} {'events':>9} {'best s':>7} {'best ann/s':>11} {'median ann/s':>13} "
          f"{'vs first':>8} {'peak MB':>8}")
    first_best = None
    for n in (int(x) for x in args.sizes.split(",")):
        items = generate(n)
        gc.collect()
        tracemalloc.start()
        outcome = assign_events(items, MemoryEventStore())
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        events = len(outcome.events)
        del outcome
        # timing under tracemalloc is pessimistic: time again without it for the throughput figures
        times = []
        for _ in range(args.rounds):
            gc.collect()
            t = time.process_time()
            assign_events(items, MemoryEventStore())
            times.append(time.process_time() - t)
        best = n / min(times)
        first_best = first_best or best
        print(f"{n:>13,} {events:>9,} {min(times):>7.2f} {best:>11,.0f} {n / statistics.median(times):>13,.0f} "
              f"{best / first_best:>8.2f} {peak / 2**20:>8.0f}")
        del items
        gc.collect()


if __name__ == "__main__":
    main()
