"""The process stage end to end: N pending announcements in a real Elasticsearch -> process_pending.

Run: .venv/bin/python benchmarks/bench_process.py [--sizes 10000,100000] [--workers N]
(ELASTICSEARCH_URL picks the cluster; default the local one, `scripts/elasticsearch.sh start`.)

For each size: the announcements (generated Arabic and French posts, 1 to 4 copies of each event
from different organizations, dates written in the text) are landed (AnnouncementStore.land, as collect does) into fresh indices
under a throwaway prefix; then, in the same run,
- in-process: interpret + assign_events over the same announcements in one process, one core,
  against an empty in-memory store (the stage's own compute, no I/O);
- process_pending over the real cluster, from pending to every event written and refreshed;
and it prints both speeds in announcements/s and their ratio (stage / in-process), with the CPU
seconds the stage cost this (deduplicating) process, the cluster (nodes stats) and the whole machine
(/proc/stat: on a quiet machine, the extraction workers' share is the rest), how busy it kept the
cores, and the cluster's time per index and kind of work. The indices are deleted at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aggregator.config import load_settings  # noqa: E402
from aggregator.dedup import MemoryEventStore, assign_events  # noqa: E402
from aggregator.index.announcements import AnnouncementStore  # noqa: E402
from aggregator.index.client import connect  # noqa: E402
from aggregator.index.templates import ensure_indices  # noqa: E402
from aggregator.models import Announcement  # noqa: E402
from aggregator.pipeline.process import interpret, process_pending  # noqa: E402
from tests.es_helpers import drop_prefix  # noqa: E402

SUBJECTS = ("الحوار الاجتماعي", "العمل النقابي", "حقوق المرأة", "الانتقال الطاقي", "التغير المناخي", "المديونية",
            "تشغيل الشباب", "الهجرة غير النظامية", "إصلاح التعليم", "الحق في الصحة", "مكافحة الفساد",
            "اللامركزية", "الأجور والتضخم", "الحق في السكن", "ندرة المياه", "العدالة الانتقالية", "حرية الإعلام")
SUBJECTS_FR = ("la transition énergétique", "le dialogue social", "les droits des femmes", "la dette publique",
               "l'emploi des jeunes", "la liberté de la presse", "la justice transitionnelle")
KINDS = ("ندوة رقمية", "ندوة افتراضية", "لقاء عن بعد", "حلقة نقاش مباشرة", "محاضرة عبر الإنترنت")
MONTHS = ("جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")
PLATFORMS = (("عبر زوم", "https://zoom.us/j/{n}"), ("على صفحتنا في فيسبوك مباشر", None),
             ("عبر منصة Google Meet", "https://meet.google.com/abc-{n}"), ("على قناتنا في يوتيوب", None))
COUNTRIES = (("TN", "Africa/Tunis", "بتوقيت تونس"), ("DZ", "Africa/Algiers", "بتوقيت الجزائر"),
             ("MA", "Africa/Casablanca", "بتوقيت المغرب"))
FILLER = ("ندعو كافة المنخرطين والمهتمين إلى المشاركة والتفاعل. ",
          "وسيتم تقديم مداخلات لعدد من الخبراء والناشطين يليها نقاش مفتوح. ",
          "الدعوة عامة والمشاركة مجانية. ")


def generate(n: int, seed: int = 11) -> list[dict]:
    """n announcement documents, as collect makes them."""
    r = random.Random(seed)
    orgs = [(f"org{i}", f"الجمعية رقم {i} للتنمية والمواطنة", r.choice(["party", "union", "ngo"]), *r.choice(COUNTRIES))
            for i in range(1500)]
    t0 = datetime(2026, 12, 1, tzinfo=timezone.utc)
    days = max(365, n // 40)
    docs: list[dict] = []
    while len(docs) < n:
        day = t0 + timedelta(days=r.randrange(days))
        hour, minute = r.choice([(17, 0), (18, 0), (18, 30), (19, 0), (20, 0), (21, 0)])
        subject = " و".join(r.sample(SUBJECTS, 2))
        kind = r.choice(KINDS)
        platform, link = r.choice(PLATFORMS)
        link = link.format(n=r.randrange(10**9, 10**10)) if link else ""
        for k, org in enumerate(r.sample(orgs, r.choice([1, 1, 2, 3, 4]))):
            org_id, org_name, org_type, country, zone, zone_words = org
            published = day - timedelta(days=r.randint(1, 12), minutes=r.randint(0, 1400))
            if r.random() < 0.15:
                text = (f"{org_name} organise un webinaire sur {r.choice(SUBJECTS_FR)} le {day.day} "
                        f"{MONTHS_FR[day.month - 1]} {day.year} à {hour}h{minute:02d}, en ligne sur Zoom. {link}")
            elif r.random() < 0.1:
                text = f"بيان: {org_name} يعبر عن تضامنه مع {subject} ويدعو إلى الحوار. " + r.choice(FILLER)
            else:
                text = (f"تنظم {org_name} {kind} حول {subject} يوم {day.day} {MONTHS[day.month - 1]} {day.year} "
                        f"على الساعة {hour}:{minute:02d} {zone_words} {platform} {link} " + "".join(r.sample(FILLER, 2)))
            i = len(docs)
            ann = Announcement(
                id=f"bench-{i:07d}", source_id=f"{org_id}-feed", org_id=org_id, org_name=org_name, org_type=org_type,
                country=country, timezone=zone, url=f"https://{org_id}.example.org/posts/{i}", title="", text=text,
                published=published, fetched_at=published + timedelta(hours=1), content_hash=f"h{i}")
            docs.append(ann.to_dict())
            if len(docs) == n:
                break
    return docs


def in_process(docs: list[dict]) -> float:
    """Seconds for interpret + assign_events of every document, one process, empty store."""
    started = time.perf_counter()
    items = []
    for doc in docs:
        announcement = Announcement.from_dict(doc)
        items.append((announcement, interpret(announcement)))
    assign_events(items, MemoryEventStore())
    return time.perf_counter() - started


def machine_cpu_seconds() -> float:
    """CPU time every process on this machine has used so far (/proc/stat): on a quiet machine, the
    stage's whole cost, extraction workers included; divided by (cores x wall time), how busy it kept them."""
    with open("/proc/stat") as stat:
        fields = stat.readline().split()[1:]
    user, nice, system = (int(x) for x in fields[:3])
    irq, softirq = int(fields[5]), int(fields[6])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def es_cpu_seconds(client) -> float:
    """CPU time the cluster's nodes have used so far (nodes stats), to see what a run costs Elasticsearch."""
    nodes = client.nodes.stats(metric="process")["nodes"].values()
    return sum(node["process"]["cpu"]["total_in_millis"] for node in nodes) / 1000


ES_TIMES = (("indexing", "index_time_in_millis"), ("merges", "total_time_in_millis"),
            ("refresh", "total_time_in_millis"), ("flush", "total_time_in_millis"),
            ("search", "query_time_in_millis"), ("search", "fetch_time_in_millis"))
ES_COUNTS = (("indexing", "index_total"), ("get", "total"), ("refresh", "total"), ("merges", "total"))


def es_times(client, prefix: str) -> dict[str, float]:
    """Seconds the cluster has spent so far on the indices under ``prefix``, per kind of work
    (indices stats; work on several threads adds up, so the sum can exceed the wall time)."""
    stats = client.indices.stats(index=f"{prefix}*")["indices"]
    out: dict[str, float] = {}
    for name, index in stats.items():
        short = name[len(prefix):].split("-v")[0]
        for group, key in ES_TIMES:
            label = f"{short}.{group}" + (".fetch" if key.startswith("fetch") else "")
            out[label] = out.get(label, 0.0) + index["total"][group][key] / 1000
        for group, key in ES_COUNTS:
            label = f"{short}.{group}s"
            out[label] = out.get(label, 0) + index["total"][group][key]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--workers", type=int, default=None, help="default: AGGREGATOR_PROCESS_WORKERS or the CPU count")
    args = parser.parse_args()
    base = load_settings()
    client = connect(base)
    cores = os.cpu_count() or 1
    print(f"process_pending on {base.elasticsearch_url}, workers={args.workers or base.process_workers}")
    print(f"{'N':>8} {'in-process/s':>13} {'stage s':>8} {'stage/s':>9} {'ratio':>6} {'main cpu s':>10} "
          f"{'ES cpu s':>8} {'all cpu s':>9} {'busy':>5}  counts")
    for n in (int(s) for s in args.sizes.split(",")):
        docs = generate(n)
        settings = base.__class__(**{**base.__dict__, "index_prefix": f"bench-process-{uuid.uuid4().hex[:8]}-"})
        try:
            ensure_indices(client, settings)
            store = AnnouncementStore.for_settings(client, settings)
            for i in range(0, n, 1000):  # as collect lands them
                store.land(Announcement.from_dict(d) for d in docs[i:i + 1000])
            store.refresh()
            alone = in_process(docs)
            times_before = es_times(client, settings.index_prefix)
            es_before, cpu_before, machine_before = es_cpu_seconds(client), time.process_time(), machine_cpu_seconds()
            started = time.perf_counter()
            counts = process_pending(settings, datetime.now(timezone.utc), workers=args.workers)
            stage = time.perf_counter() - started
            main_cpu, es_cpu = time.process_time() - cpu_before, es_cpu_seconds(client) - es_before
            machine = machine_cpu_seconds() - machine_before
            times = {k: v - times_before.get(k, 0.0) for k, v in es_times(client, settings.index_prefix).items()}
        finally:
            drop_prefix(client, settings.index_prefix)
        print(f"{n:>8} {n / alone:>13,.0f} {stage:>8.1f} {n / stage:>9,.0f} {alone / stage:>6.2f} {main_cpu:>10.1f} "
              f"{es_cpu:>8.1f} {machine:>9.1f} {machine / (cores * stage):>5.0%}  {counts}", flush=True)
        print("         ES time in the stage, s: " + ", ".join(
            f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in sorted(times.items()) if v),
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
