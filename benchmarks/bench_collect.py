"""Benchmark collect over 1,000 loopback sources x 50 items: items/s on first fetch, wall time when all answer 304.

    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python benchmarks/bench_collect.py [--sources 1000] [--items 50]

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--per-host", type=int, default=4)
    args = parser.parse_args()

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
        ok = runs[1][1] < 30
        print(f"goal (all-304 run < 30 s): {'met' if ok else 'NOT met'}")
        return 0
    finally:
        from aggregator.index.client import connect

        es = connect(settings)
        for index in es.cat.indices(index=f"{prefix}*", h="index").split():
            es.indices.delete(index=index)
        server.terminate()


if __name__ == "__main__":
    sys.exit(main())
