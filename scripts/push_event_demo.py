"""The Python half of scripts/push_event.sh: write the demo registry and feed, then push and time it."""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.request
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path

DEMO = Path(os.environ["PUSH_DEMO_DIR"])
API = os.environ["AIRFLOW__API__BASE_URL"] + "/api/v2"
FEED_URL = f"http://127.0.0.1:{os.environ.get('PUSH_DEMO_FEED_PORT', '28794')}/feed.xml"
SOURCE_ID = "push-demo-rss"
DAGS = ("collect_announcements", "process_announcements", "publish_calendars")

ITEM = """<item><title>{title}</title><link>https://push.example.tn/news/{slug}</link><pubDate>{pub}</pubDate>
<description>تنظم الجمعية ندوة رقمية عبر زووم يوم الخميس 3 ديسمبر 2026 على الساعة 18:00 بتوقيت تونس حول {title}. رابط المشاركة: https://zoom.us/j/98765{slug}</description></item>"""


def write_feed(items: list[str]) -> None:
    body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>push demo</title>'
            "<link>https://push.example.tn/</link><description>d</description>" + "".join(items) + "</channel></rss>")
    (DEMO / "feed" / "feed.xml").write_text(body, encoding="utf-8")


def prepare() -> None:
    (DEMO / "sources.yaml").write_text(
        "organizations:\n"
        "  - id: push-demo\n"
        "    name: {ar: جمعية العرض, latin: Push demo association}\n"
        "    org_type: ngo\n    country: TN\n"
        f"    sources:\n      - id: {SOURCE_ID}\n        kind: rss\n        url: {FEED_URL}\n"
        "        allow_private_network: true\n", encoding="utf-8")
    write_feed([])


def api(method: str, path: str, body: dict | None = None):
    request = urllib.request.Request(API + path, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def wait(what: str, check, timeout: float, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception:
            pass
        time.sleep(every)
    raise SystemExit(f"timed out waiting for {what}; see {DEMO}/standalone.log")


def in_es(title: str) -> bool:
    from elasticsearch import Elasticsearch

    es = Elasticsearch(os.environ["ELASTICSEARCH_URL"])
    index = os.environ["AGGREGATOR_INDEX_PREFIX"] + "announcements"
    if not es.indices.exists(index=index):
        return False
    return es.count(index=index, query={"match_phrase": {"title": title}})["count"] > 0


def in_feed(title: str) -> bool:
    feed = DEMO / "public" / "calendar.ics"
    return feed.exists() and title.encode("utf-8") in feed.read_bytes().replace(b"\r\n ", b"")


def run() -> None:
    started = time.monotonic()
    wait("the api-server", lambda: api("GET", "/monitor/health"), 300, 2)
    for dag_id in DAGS:
        wait(f"DAG {dag_id} to be parsed", lambda: api("GET", f"/dags/{dag_id}"), 300, 2)
    asset = wait("the source_fetch_requests asset", lambda: [a for a in api("GET", "/assets?limit=100")["assets"]
                                                             if a["name"] == "source_fetch_requests"], 120, 2)[0]
    for dag_id in DAGS:
        api("PATCH", f"/dags/{dag_id}", {"is_paused": False})
    print(f"airflow standalone ready in {time.monotonic() - started:.0f} s", flush=True)
    # A first push brings the (empty) feed and creates the indices; then the timed push.
    api("POST", "/assets/events", {"asset_id": asset["id"], "extra": {"source": SOURCE_ID}})
    wait("the first collect run", lambda: (api("GET", "/dags/collect_announcements/dagRuns?state=success")["total_entries"] >= 1), 300, 1)
    # ...and every run it (or the unpausing) started, in every DAG: a collect run still going would
    # hold the timed push's run in the queue (one active run per DAG), and the figure would measure it
    wait("the runs before the timed push to end", lambda: all(
        api("GET", f"/dags/{dag_id}/dagRuns?state=queued&state=running")["total_entries"] == 0 for dag_id in DAGS), 300, 1)
    stamp = datetime.now(timezone.utc)
    title = f"ندوة الدفع الفوري {stamp:%H%M%S}"
    write_feed([ITEM.format(title=title, slug=stamp.strftime("%H%M%S"), pub=format_datetime(stamp))])
    t0 = time.monotonic()
    event = api("POST", "/assets/events", {"asset_id": asset["id"], "extra": {"source": SOURCE_ID, "reason": "websub push"}})
    print(f"pushed asset event {event['id']} for {SOURCE_ID}", flush=True)
    wait("the announcement in Elasticsearch", lambda: in_es(title), 300, 0.2)
    t1 = time.monotonic()
    print(f"push -> announcement in ES:        {t1 - t0:6.1f} s", flush=True)
    wait("the event in calendar.ics", lambda: in_feed(title), 300, 0.2)
    t2 = time.monotonic()
    print(f"push -> event in public/calendar.ics: {t2 - t0:6.1f} s", flush=True)
    cleanup_indices()


def cleanup_indices() -> None:
    from elasticsearch import Elasticsearch

    es = Elasticsearch(os.environ["ELASTICSEARCH_URL"])
    for index in es.cat.indices(index=os.environ["AGGREGATOR_INDEX_PREFIX"] + "*", h="index").split():
        es.indices.delete(index=index)


if __name__ == "__main__":
    {"prepare": prepare, "run": run}[sys.argv[1]]()
