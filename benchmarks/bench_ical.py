"""Benchmark: render a 10,000-event feed (cold and warm VEVENT cache), over a fixed generated corpus.

    .venv/bin/python benchmarks/bench_ical.py [--events 10000] [--rounds 5]

Prints the best and median wall time of each scenario. Target (issue): under 1 s for 10,000 events.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aggregator.countries import COUNTRY_TIMEZONES  # noqa: E402
from aggregator.models import ORG_TYPES, PLATFORMS, Event, Organizer  # noqa: E402

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)
WORDS = ("ندوة رقمية حول الحوار الاجتماعي والحريات النقابية وحقوق العمال في ظل التحولات الاقتصادية "
         "لقاء تواصلي مباشر مع المناضلين بث حي للمؤتمر الوطني webinaire syndicats droits réforme").split()


def corpus(n: int = 10_000, seed: int = 20261121) -> list[Event]:
    """``n`` events over 120 days around NOW, 200 organizations in 31 countries: always the same."""
    rng = random.Random(seed)
    countries = sorted(COUNTRY_TIMEZONES)
    orgs = [
        Organizer(f"org-{i:03d}", " ".join(rng.choices(WORDS, k=3)), ORG_TYPES[i % 4], countries[i % len(countries)])
        for i in range(200)
    ]
    events = []
    for i in range(n):
        org = orgs[rng.randrange(len(orgs))]
        zone = COUNTRY_TIMEZONES[org.country]
        start = (NOW + timedelta(minutes=rng.randrange(-20 * 1440, 100 * 1440) // 15 * 15)).astimezone(ZoneInfo(zone))
        status = rng.choices(["scheduled", "postponed", "cancelled"], [90, 5, 5])[0]
        events.append(Event(
            event_id=f"ev{i:06d}{rng.getrandbits(32):08x}",
            title=" ".join(rng.choices(WORDS, k=rng.randrange(4, 16))) + (" 🔴" if i % 7 == 0 else ""),
            start=start, end=start + timedelta(minutes=rng.choice([60, 90, 120, 180])), timezone=zone,
            online=True, hybrid=i % 10 == 0, platform=rng.choice(PLATFORMS),
            join_url=f"https://zoom.us/j/{rng.randrange(10**10, 10**11)}?pwd=x{i}", status=status,
            organizers=(org,) if i % 5 else (org, orgs[(orgs.index(org) + 1) % len(orgs)]),
            source_urls=(f"https://example.org/{org.id}/posts/{i}",), announcement_ids=(f"a{i}",),
            first_seen=NOW - timedelta(days=30), last_seen=NOW - timedelta(days=rng.randrange(0, 20)),
            version=rng.randrange(0, 4), description=" ".join(rng.choices(WORDS, k=rng.randrange(10, 60))),
            previous_start=start - timedelta(days=7) if status == "postponed" else None, countries=(org.country,),
        ))
    return events


def _timed(fn, rounds: int, before=None) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds per round (CPU time is what to read on a busy shared machine)."""
    wall, cpu = [], []
    for _ in range(rounds):
        if before:
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from aggregator.ical import render_calendar, render_event
    from aggregator.ical import render as render_module
    from aggregator.ical.timezones import vtimezone

    events = corpus(args.events)

    def render():
        return render_calendar(events, name="bench", description="bench", now=NOW, past_days=30)

    def cold():
        render_module._RENDERED.clear()
        vtimezone.cache_clear()

    data = render()
    kept = data.count(b"\r\nBEGIN:VEVENT\r\n")
    print(f"corpus: {args.events} events, {kept} in the 30-day window, feed {len(data) / 1e6:.1f} MB, "
          f"{data.count(b'BEGIN:VTIMEZONE')} VTIMEZONEs")
    for name, (wall, cpu) in (
        ("render, cold (no cached VEVENT or VTIMEZONE)", _timed(render, args.rounds, cold)),
        ("render, warm (every VEVENT cached)", _timed(render, args.rounds)),
    ):
        print(f"{name:46s} wall best {min(wall) * 1000:7.1f} ms, median {statistics.median(wall) * 1000:7.1f} ms;"
              f" CPU best {min(cpu) * 1000:7.1f} ms")
    sample = events[:1000]
    wall, cpu = _timed(lambda: [render_event(e).to_ical() for e in sample], max(1, args.rounds // 2))
    print(f"{'icalendar Component path (x10 from 1,000)':46s} wall best {min(wall) * 10_000:7.1f} ms"
          "   (the reference writer; feeds use the byte-identical fast one)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
