"""Benchmark collect over 1,000 loopback sources x 50 items: items/s on first fetch, wall time when all answer 304.

    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python benchmarks/bench_collect.py [--sources 1000] [--items 50]
    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python benchmarks/bench_collect.py --dag

--dag runs the real DAG instead of collect_many in-process: the sources are written into a registry
file (AGGREGATOR_SOURCES), and collect_announcements runs with dag.test() (list_sources, one mapped
collect task per host, summarize) on a SQLite Airflow DB under var/bench/airflow; the wall time is
the whole dag.test() call, task start-up and Airflow bookkeeping included.

The feeds are generated deterministically and served by a separate process on 20 loopback addresses
(127.0.0.2-21, so the per-host limit is exercised as with real organizations); indices get a unique
prefix and are deleted afterwards. Goal: the all-304 run of 1,000 sources under 30 s on 2 cores.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HOSTS = [f"127.0.0.{i}" for i in range(2, 22)]
ANCHOR = datetime(2026, 11, 21, 8, 0, tzinfo=timezone.utc)


def feed(n: int, items: int) -> bytes:
    parts = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
             f"<title>منظمة رقم {n}</title><link>https://org{n}.example/</link><description>d</description>"]
    for i in range(items):
        when = format_datetime(ANCHOR - timedelta(hours=i))
        parts.append(
            f"<item><title>ندوة افتراضية رقم {i} للمنظمة {n}</title><link>https://org{n}.example/news/{i}?utm_source=rss</link>"
            f"<pubDate>{when}</pubDate><description>&lt;p&gt;تنظم المنظمة ندوة عبر &lt;a href=\"https://zoom.us/j/{n}{i}\"&gt;زووم&lt;/a&gt; "
            f"يوم الخميس على الساعة 18:00 لمناقشة قضايا المشاركة المدنية.&lt;/p&gt;</description></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def serve(items: int, port_queue) -> None:
    cache: dict[int, tuple[bytes, str]] = {}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            n = int(self.path.rsplit("/", 1)[-1].split(".")[0])
            with lock:
                if n not in cache:
                    body = feed(n, items)
                    cache[n] = (body, '"' + hashlib.sha1(body).hexdigest()[:16] + '"')
            body, etag = cache[n]
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    first = ThreadingHTTPServer((HOSTS[0], 0), Handler)
    port = first.server_address[1]
    servers = [first] + [ThreadingHTTPServer((h, port), Handler) for h in HOSTS[1:]]
    for s in servers:
        s.daemon_threads = True
        threading.Thread(target=s.serve_forever, daemon=True).start()
    port_queue.put(port)
    threading.Event().wait()


ROOT = Path(__file__).resolve().parent.parent


def _airflow_env() -> None:
    """A migrated SQLite Airflow DB of the benchmark's own (not the tests' nor make run's)."""
    import subprocess

    home = ROOT / "var" / "bench" / "airflow"
    os.environ["AIRFLOW_HOME"] = str(home)
    os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(ROOT / "dags")
    sys.path.append(str(ROOT / "dags"))  # civic_dags, as the dag-processor has it
    os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
    os.environ.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "WARNING")
    os.environ["AGGREGATOR_ALLOW_PRIVATE_NETWORK"] = "1"
    marker = home / ".migrated"
    if not marker.exists():
        home.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], check=True, capture_output=True)
        marker.touch()


def through_dag(registry, at: datetime) -> list[dict]:
    """One collect_announcements run with dag.test() over ``registry``; the per-source results from XCom."""
    import json
    import tempfile

    from airflow.dag_processing.dagbag import DagBag

    orgs = [{"id": s.org_id, "name": {"ar": s.org_name, "latin": s.org_name_latin}, "org_type": s.org_type,
             "country": s.country, "timezone": s.timezone,
             "sources": [{"id": s.id, "kind": s.kind, "url": s.url, "allow_private_network": True}]} for s in registry]
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8") as fh:
        json.dump({"organizations": orgs}, fh, ensure_ascii=False)  # JSON is YAML
    os.environ["AGGREGATOR_SOURCES"] = fh.name
    # a run date of its own each time: dag.test() would otherwise find the previous run of that date
    at = datetime.now(timezone.utc).replace(microsecond=0) + (at - ANCHOR)
    bag = DagBag(dag_folder=str(ROOT / "dags"))
    if bag.import_errors:
        raise SystemExit(f"the DAGs do not import: {bag.import_errors}")
    dag = bag.get_dag("collect_announcements")
    run = dag.test(run_after=at, logical_date=at)
    if str(run.state) != "success":
        raise SystemExit(f"collect_announcements ended {run.state}")
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        rows = session.scalars(select(XComModel).where(
            XComModel.dag_id == dag.dag_id, XComModel.run_id == run.run_id, XComModel.task_id == "collect",
            XComModel.key == "return_value")).all()
        return [r for row in rows for r in (XComModel.deserialize_value(row) or [])]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--dag", action="store_true", help="through collect_announcements with dag.test()")
    args = parser.parse_args()
    if args.dag:
        _airflow_env()

    from aggregator.config import load_settings
    from aggregator.models import Source
    from aggregator.pipeline.collect import collect_many, prepare_indices

    queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(args.items, queue), daemon=True)
    server.start()
    port = queue.get(timeout=30)
    registry = [
        Source(id=f"bench-{n:04d}", org_id=f"org-{n:04d}", org_name=f"منظمة {n}", org_name_latin=f"Org {n}",
               org_type="ngo", country="TN", timezone="Africa/Tunis", kind="rss",
               url=f"http://{HOSTS[n % len(HOSTS)]}:{port}/feeds/{n}.xml", allow_private_network=True)
        for n in range(args.sources)
    ]
    ids = [s.id for s in registry]
    prefix = f"bench-{uuid.uuid4().hex[:6]}-"
    os.environ["AGGREGATOR_INDEX_PREFIX"] = prefix
    settings = load_settings()
    prepare_indices(settings)
    try:
        runs = []
        for label, at in (("first fetch", ANCHOR), ("all 304", ANCHOR + timedelta(hours=1))):
            started = time.monotonic()
            if args.dag:
                results = through_dag(registry, at)
            else:
                results = collect_many(ids, settings, at, concurrency=args.concurrency, per_host=args.per_host,
                                       force=True, registry=registry)
            wall = time.monotonic() - started
            statuses = {}
            for r in results:
                statuses[r["status"]] = statuses.get(r["status"], 0) + 1
            runs.append((label, wall, sum(r["new"] for r in results), statuses))
        for label, wall, new, statuses in runs:
            rate = f", {new / wall:,.0f} items/s" if new else ""
            print(f"{label:12s} {args.sources} sources x {args.items} items: {wall:6.1f} s{rate}; new {new}; {statuses}")
        goal = 60 if args.dag else 30
        ok = runs[1][1] < goal
        print(f"goal (all-304 run < {goal} s{' through the DAG' if args.dag else ''}): {'met' if ok else 'NOT met'}")
        return 0
    finally:
        from aggregator.index.client import connect

        es = connect(settings)
        for index in es.cat.indices(index=f"{prefix}*", h="index").split():
            es.indices.delete(index=index)
        server.terminate()


if __name__ == "__main__":
    sys.exit(main())
