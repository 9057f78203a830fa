"""Hostile sources through the real collect path into a real Elasticsearch: landing identity, fetch policy."""

from __future__ import annotations

import dataclasses
import uuid
from email.utils import format_datetime

import pytest
import yaml
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from aggregator.pipeline.collect import collect_many, prepare_indices, source_health
from aggregator.sources.urls import canonical_url
from tests.es_helpers import drop_prefix
from tests.sources.conftest import NOW

pytestmark = pytest.mark.elasticsearch


def write_registry(tmp_path, entries, name="sources.yaml"):
    """``entries``: (source id, url, allow_private_network) -> a registry of one organization each."""
    orgs = [{"id": f"org-{sid}", "name": {"ar": "منظمة", "latin": f"Org {sid}"}, "org_type": "union", "country": "TN",
             "sources": [{"id": sid, "kind": "rss", "url": url, "allow_private_network": allow}]}
            for sid, url, allow in entries]
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"organizations": orgs}, allow_unicode=True), encoding="utf-8")
    return path


def landed(es, settings) -> list[dict]:
    index = settings.index("announcements")
    es.indices.refresh(index=index)
    return [h["_source"] for h in es.search(index=index, size=1000, query={"match_all": {}})["hits"]["hits"]]


def test_a_feed_listing_the_victims_link_cannot_retitle_or_cancel_the_victims_announcement(settings, tmp_path, server, es_client):
    path = write_registry(tmp_path, [("victim", f"{server.url}/feeds/victim.xml", True),
                                     ("attacker", f"{server.url}/feeds/attacker-same-link.xml", True)])
    settings = dataclasses.replace(settings, sources_path=path)
    prepare_indices(settings)
    assert [r["new"] for r in collect_many(["victim"], settings, NOW)] == [1]
    assert [r["new"] for r in collect_many(["attacker"], settings, NOW)] == [1]
    docs = {d["source_id"]: d for d in landed(es_client, settings)}
    assert docs.keys() == {"victim", "attacker"}
    assert docs["victim"]["title"] == "ندوة رقمية حول الحق في التنظيم"
    assert not docs["victim"]["text"].startswith("[CANCELLED]")
    assert docs["victim"]["url"] == docs["attacker"]["url"] == "https://victim.example.tn/news/nadwa-7"  # dedup's signal


def test_a_source_on_loopback_without_the_opt_in_fails_and_its_health_says_why(settings, tmp_path, server, es_client):
    path = write_registry(tmp_path, [("internal", f"{server.url}/feeds/rss1.rdf", False)])
    settings = dataclasses.replace(settings, sources_path=path)
    prepare_indices(settings)
    (result,) = collect_many(["internal"], settings, NOW)
    assert result["status"] == "failed" and "allow_private_network: true" in result["error"]
    health = source_health(settings, ["internal"])["internal"]
    assert health["status"] == "failed" and "127.0.0.1 (loopback)" in health["error"]
    assert server.paths() == []
    # the same source with the opt-in, or with the setting, is fetched
    allowed = dataclasses.replace(settings, allow_private_network=True)
    assert collect_many(["internal"], allowed, NOW, force=True)[0]["status"] == "ok"


ARTICLES = ["https://victim.example.tn/news/1", "https://victim.example.tn/news/2", "https://shared.example/post/3"]
DRESS = ["", "?utm_source=x", "/", "#comments"]


def feed_body(items: list[tuple[str, str]]) -> bytes:
    parts = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
             "<link>https://feed.example/</link><description>d</description>"]
    for n, (link, title) in enumerate(items):
        parts.append(f"<item><title>{title}</title><link>{link}</link><pubDate>{format_datetime(NOW)}</pubDate>"
                     f"<description>نص {n}</description></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


item = st.tuples(st.sampled_from(ARTICLES), st.sampled_from(DRESS), st.sampled_from(["ندوة", "ألغيت", "Webinaire", "بث"]))


@hypothesis_settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(item, min_size=1, max_size=4), min_size=2, max_size=4))
def test_property_each_source_lands_exactly_what_it_published(settings, tmp_path, server, es_client, feeds):
    """For any sources whose items collide on URL, each source's landed announcements are its own items."""
    run = uuid.uuid4().hex[:8]
    run_settings = dataclasses.replace(settings, index_prefix=f"{settings.index_prefix}{run}-")
    entries = []
    expected: dict[str, dict[str, str]] = {}
    for n, items in enumerate(feeds):
        sid = f"s{n}"
        published = [(url + dress, f"{title} {sid}") for url, dress, title in items]
        server.generated[f"{run}/{sid}.xml"] = (feed_body(published), "application/rss+xml")
        entries.append((sid, f"{server.url}/generated/{run}/{sid}.xml", True))
        expected[sid] = {}
        for link, title in published:
            expected[sid][canonical_url(link)] = title  # a feed repeating a link: its last item wins
    run_settings = dataclasses.replace(run_settings, sources_path=write_registry(tmp_path, entries, f"{run}.yaml"))
    prepare_indices(run_settings)
    try:
        collect_many([sid for sid, _, _ in entries], run_settings, NOW, concurrency=2)
        got: dict[str, dict[str, str]] = {sid: {} for sid in expected}
        for doc in landed(es_client, run_settings):
            assert doc["url"] not in got[doc["source_id"]]
            got[doc["source_id"]][doc["url"]] = doc["title"]
        assert got == expected
    finally:
        drop_prefix(es_client, run_settings.index_prefix)
