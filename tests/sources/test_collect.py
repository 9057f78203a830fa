"""collect over the fixture server into a real Elasticsearch: exact announcements, health, re-runs, back-off."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
import yaml

from aggregator.pipeline.collect import collect_many, collect_source, list_sources, prepare_indices, source_health
from aggregator.sources.registry import load_registry
from tests.sources.conftest import NOW
from tests.es_helpers import processed

pytestmark = pytest.mark.elasticsearch

SOURCES = [
    ("rss2", "rss", "/feeds/rss2-ar.xml", {}),
    ("atom", "atom", "/feeds/atom-fr.atom", {}),
    ("rdf-plain", "rss", "/plain/feeds/rss1.rdf", {}),  # no ETag/Last-Modified: unchanged content, not 304
    ("cp1256", "rss", "/feeds/cp1256.xml?ct=text/xml;+charset=iso-8859-1", {}),
    ("calendar", "ical", "/feeds/calendar.ics", {}),
    ("jsonld", "events", "/pages/events-jsonld.html", {}),
    ("channel", "telegram", "/pages/telegram.html", {}),
    ("listing", "html", "/pages/listing.html", {"link_selector": "a.post-link", "date_selector": "span.date"}),
    ("truncated", "rss", "/feeds/truncated.xml", {}),
    ("bomb", "rss", "/feeds/bomb.xml", {}),
    ("gone", "rss", "/status/404", {}),
    ("huge", "rss", "/big-declared", {}),
    ("flaky", "rss", "/flaky/collect/feeds/rss1.rdf", {}),
]


def registry_file(tmp_path, base_url, sources=SOURCES, **feed_extra):
    orgs = [{
        "id": f"org-{name}", "name": {"ar": "منظمة", "latin": f"Org {name}"}, "org_type": "ngo", "country": "LB",
        "sources": [{"id": name, "kind": kind, "url": base_url + path, "allow_private_network": True, **extra, **feed_extra}],
    } for name, kind, path, extra in sources]
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"organizations": orgs}, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture()
def collect_settings(settings, tmp_path, server):
    path = registry_file(tmp_path, server.url)
    settings = dataclasses.replace(settings, sources_path=path, max_bytes=2 * 1024 * 1024)
    prepare_indices(settings)
    return settings


def announcements(es_client, settings):
    es_client.indices.refresh(index=settings.index("announcements"))
    hits = es_client.search(index=settings.index("announcements"), size=1000, query={"match_all": {}})["hits"]["hits"]
    return {h["_id"]: h["_source"] for h in hits}


def test_every_kind_lands_exact_announcements_health_and_second_run_fetches_nothing_new(collect_settings, es_client, server):
    settings = collect_settings
    ids = list_sources(settings)
    assert ids == [name for name, *_ in SOURCES]
    results = {r["source"]: r for r in collect_many(ids, settings, NOW, concurrency=4)}
    summary = {k: (r["status"], r["seen"], r["new"]) for k, r in results.items()}
    assert summary == {
        "rss2": ("ok", 2, 2), "atom": ("ok", 1, 1), "rdf-plain": ("ok", 1, 1), "cp1256": ("ok", 1, 1),
        "calendar": ("ok", 11, 11), "jsonld": ("partial", 1, 1), "channel": ("ok", 2, 2),
        "listing": ("partial", 2, 2), "truncated": ("partial", 2, 2), "bomb": ("failed", 0, 0),
        "gone": ("failed", 0, 0), "huge": ("failed", 0, 0), "flaky": ("ok", 1, 1),  # same post as rdf-plain, its own announcement
    }
    assert "entity-expansion bomb" in results["bomb"]["error"]
    assert "HTTP 404" in results["gone"]["error"]
    assert "byte cap" in results["huge"]["error"]
    assert "posts/missing.html: " in results["listing"]["error"] and "HTTP 404" in results["listing"]["error"]

    docs = announcements(es_client, settings)
    assert len(docs) == 2 + 1 + 1 + 1 + 11 + 1 + 2 + 2 + 2 + 1
    assert sorted(d["source_id"] for d in docs.values() if d["url"] == "https://party.example.lb/a/1") == ["flaky", "rdf-plain"]
    state = processed(es_client, settings)
    assert state.keys() == docs.keys() and all(d["pending"] for d in state.values())
    assert all(state[i]["content_hash"] == d["content_hash"] for i, d in docs.items())
    by_url = {d["url"]: d for d in docs.values() if d["url"]}
    assert by_url["https://union.example.tn/news/nadwa-1"]["source_id"] == "rss2"
    assert by_url["https://org.example/p/cp1256"]["title"] == "ندوة رقمية حول حرية التعبير"
    assert by_url["https://t.me/partychannel/101"]["published"] == "2026-11-19T15:04:05+00:00"
    assert by_url["https://party.example.lb/events/election-law"]["starts_at"] == "2026-11-28T18:00:00+02:00"
    post2 = by_url[f"https://{server.url.split('://')[1]}/pages/posts/post-2.html"]
    assert post2["title"] == "اجتماع المجلس الوطني" and post2["org_id"] == "org-listing"

    health = source_health(settings)
    assert health["rss2"]["status"] == "ok" and health["rss2"]["http_status"] == 200
    assert health["rss2"]["items_seen"] == 2 and health["rss2"]["items_new"] == 2
    assert health["rss2"]["bytes"] > 1000 and health["rss2"]["duration_ms"] >= 0 and health["rss2"]["etag"]
    assert health["rss2"]["last_fetch"] == NOW.isoformat() and health["rss2"]["error"] is None
    assert health["gone"]["consecutive_failures"] == 1 and health["gone"]["http_status"] is None
    assert health["truncated"]["status"] == "partial" and "malformed feed" in health["truncated"]["error"]

    # Second run, an hour later: validators give 304s, the rest is unchanged; no post page is fetched again.
    server.requests.clear()
    for doc_id in docs:  # the process stage consumed them
        es_client.update(index=settings.index("processing"), id=doc_id, doc={"pending": False})
    again = {r["source"]: r for r in collect_many(ids, settings, NOW + timedelta(hours=1), concurrency=4)}
    assert {k: r["status"] for k, r in again.items() if r["status"] != "failed"} == {
        "rss2": "not_modified", "atom": "not_modified", "rdf-plain": "ok", "cp1256": "not_modified",
        "calendar": "not_modified", "jsonld": "not_modified", "channel": "not_modified", "listing": "not_modified",
        "truncated": "not_modified", "flaky": "not_modified",
    }
    assert sum(r["new"] + r["changed"] for r in again.values()) == 0
    assert not [p for p in server.paths() if "/posts/" in p]
    docs2 = announcements(es_client, settings)
    assert docs2.keys() == docs.keys() and not [d for d in processed(es_client, settings).values() if d["pending"]]
    health = source_health(settings)
    assert health["rss2"]["http_status"] == 304 and health["gone"]["consecutive_failures"] == 2


def test_failing_source_backs_off_after_three_failures_and_is_retried_when_it_expires(settings, tmp_path, server, es_client):
    path = registry_file(tmp_path, server.url, [("gone", "rss", "/status/404", {}), ("ok", "rss", "/feeds/rss1.rdf", {})])
    settings = dataclasses.replace(settings, sources_path=path)
    prepare_indices(settings)
    statuses = []
    for hour in range(4):
        statuses.append([(r["status"], r["consecutive_failures"]) for r in collect_many(["gone", "ok"], settings, NOW + timedelta(hours=hour))])
    assert statuses == [
        [("failed", 1), ("ok", 0)], [("failed", 2), ("not_modified", 0)], [("failed", 3), ("not_modified", 0)],
        [("skipped", 3), ("not_modified", 0)],
    ]
    assert server.paths().count("/status/404") == 3
    skipped = collect_source("gone", settings, NOW + timedelta(hours=3))
    assert skipped["status"] == "skipped" and "backing off until 2026-11-21T13:00:00+00:00" in skipped["error"]
    # once the back-off expires it is tried again, and failing again doubles the back-off
    retried = collect_source("gone", settings, NOW + timedelta(hours=3, minutes=1) + timedelta(hours=1))
    assert (retried["status"], retried["consecutive_failures"]) == ("failed", 4)
    assert source_health(settings, ["gone"])["gone"]["retry_after"] == (NOW + timedelta(hours=8, minutes=1)).isoformat()
    # a manual "fetch now" ignores the back-off
    assert collect_source("gone", settings, NOW + timedelta(hours=4, minutes=2), force=True)["status"] == "failed"


def test_poll_interval_skips_sources_not_due(settings, tmp_path, server):
    path = registry_file(tmp_path, server.url, [("slowpoll", "rss", "/feeds/rss1.rdf", {})], poll_interval_minutes=360)
    settings = dataclasses.replace(settings, sources_path=path)
    prepare_indices(settings)
    assert collect_source("slowpoll", settings, NOW)["status"] == "ok"
    assert collect_source("slowpoll", settings, NOW + timedelta(hours=1)) == {
        "source": "slowpoll", "status": "skipped", "seen": 0, "new": 0, "changed": 0, "error": None, "consecutive_failures": 0}
    assert collect_source("slowpoll", settings, NOW + timedelta(hours=6))["status"] == "not_modified"
    assert load_registry(path)[0].poll_interval_minutes == 360


def test_changed_item_is_pending_again(settings, tmp_path, server, es_client):
    from aggregator.sources.items import make_announcement

    path = registry_file(tmp_path, server.url, [("plain", "rss", "/plain/feeds/rss2-ar.xml", {})])
    settings = dataclasses.replace(settings, sources_path=path)
    prepare_indices(settings)
    collect_source("plain", settings, NOW)
    docs = announcements(es_client, settings)
    doc_id = next(i for i, d in docs.items() if d["url"].endswith("nadwa-1"))
    es_client.update(index=settings.index("processing"), id=doc_id, doc={"content_hash": "old", "pending": False})
    result = collect_source("plain", settings, NOW + timedelta(hours=1))
    assert (result["new"], result["changed"]) == (0, 1)
    assert processed(es_client, settings)[doc_id]["pending"] is True
