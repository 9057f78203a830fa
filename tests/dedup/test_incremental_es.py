"""The incremental path against a real Elasticsearch: process_pending over batches, in two orders."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from aggregator.dedup.command import parse_line
from aggregator.index.bulk import bulk_upsert
from aggregator.index.templates import ensure_indices
from aggregator.pipeline.process import process_pending
from tests.es_helpers import processed

DATA = Path(__file__).resolve().parent.parent / "data" / "dedup"
NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)


def _corpus(clusters: int = 40) -> list[tuple[dict, str]]:
    rows = []
    for number, line in enumerate((DATA / "corpus.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        if int(row["cluster"][1:]) <= clusters or row["cluster"] in ("c0076", "c0080"):
            rows.append((row, line, number))
    return [(parse_line(line, n).to_dict() | {"pending": True}, row["cluster"]) for row, line, n in rows]


def _run(settings, client, batches) -> dict[str, str]:
    ensure_indices(client, settings)
    for batch in batches:
        bulk_upsert(client, settings.index("announcements"), [(d["id"], d) for d in batch], refresh="wait_for")
        process_pending(settings, NOW, batch_size=50)
    return {i: doc.get("event_id") for i, doc in processed(client, settings).items()}


def _events(settings, client) -> dict[str, dict]:
    hits = client.search(index=settings.index("events"), size=10_000, query={"match_all": {}})["hits"]["hits"]
    return {h["_source"]["event_id"]: h["_source"] for h in hits}


def _resolve(event_id, events):
    while event_id in events and events[event_id].get("merged_into"):
        event_id = events[event_id]["merged_into"]
    return event_id


def test_two_orders_give_the_same_event_ids(settings, es_client):
    """Batches seeded later-half-first must end with the ids of the published-order run."""
    docs = [d for d, _ in _corpus()]
    docs.sort(key=lambda d: (d["published"], d["id"]))
    half = len(docs) // 2
    runs = []
    for n, batches in enumerate(([docs[:half], docs[half:]], [docs[half:], docs[:half]])):
        run_settings = replace(settings, index_prefix=f"{settings.index_prefix}o{n}-")
        assigned = _run(run_settings, es_client, batches)
        events = _events(run_settings, es_client)
        runs.append({a: _resolve(e, events) for a, e in assigned.items()})
        for name in ("announcements", "events", "sources"):
            found = es_client.options(ignore_status=404).indices.get(index=run_settings.index(name))
            for concrete in (found.body if hasattr(found, "body") else found) or {}:
                if concrete.startswith(run_settings.index_prefix):
                    es_client.options(ignore_status=404).indices.delete(index=concrete)
    assert all(runs[0].values())
    assert runs[0] == runs[1]


def _ann(id_, org, published, text, country="TN"):
    line = json.dumps({"id": id_, "source": {"org": org, "org_type": "union", "country": country, "kind": "rss"},
                       "url": f"https://example.org/{id_}", "published": published, "title": "", "text": text},
                      ensure_ascii=False)
    return parse_line(line, 1).to_dict() | {"pending": True}


ORIGINAL = _ann("p1", "الاتحاد العام التونسي للشغل", "2026-11-10T09:00:00+01:00",
                "ينظم الاتحاد العام التونسي للشغل ندوة رقمية حول «الحوار الاجتماعي ومستقبل العمل النقابي» يوم الخميس 26 نوفمبر 2026 على الساعة 20:00 بتوقيت تونس عبر زوم.")
POSTPONED = _ann("p2", "الاتحاد العام التونسي للشغل", "2026-11-20T09:00:00+01:00",
                 "تأجيل: نعلمكم بتأجيل الندوة الرقمية حول «الحوار الاجتماعي ومستقبل العمل النقابي» التي كانت مقررة يوم 26 نوفمبر 2026 إلى يوم الخميس 3 ديسمبر 2026 على الساعة 20:00 بتوقيت تونس.")
FRENCH = _ann("m1", "Forum Social", "2026-11-11T09:00:00+01:00",
              "Webinaire « Le dialogue social et l'avenir du syndicalisme », jeudi 26 novembre 2026 à 20h00 (heure de Tunis) avec Mohamed Habib et Leila Haddad.")
ARABIC = _ann("m2", "جمعية المواطنة", "2026-11-12T09:00:00+01:00",
              "ندوة رقمية: الحوار الاجتماعي ومستقبل العمل النقابي، يوم الخميس 26 نوفمبر 2026 على الساعة 20:00 بتوقيت تونس بمشاركة ليلى حداد.")
BRIDGE = _ann("m3", "الاتحاد العام التونسي للشغل", "2026-11-13T09:00:00+01:00",
              "ندوة رقمية مشتركة مع جمعية المواطنة و Forum Social: الحوار الاجتماعي ومستقبل العمل النقابي (Le dialogue social et l'avenir du syndicalisme)، يوم 26 نوفمبر 2026 على الساعة 20:00 بتوقيت تونس مع محمد الحبيب وليلى حداد.")


def test_postponement_bumps_version_and_keeps_previous_start(settings, es_client):
    assigned = _run(settings, es_client, [[ORIGINAL], [POSTPONED]])
    assert assigned["p1"] == assigned["p2"]
    event = _events(settings, es_client)[assigned["p1"]]
    assert event["status"] == "postponed"
    assert event["version"] == 1
    assert event["start"].startswith("2026-12-03T20:00")
    assert event["previous_start"].startswith("2026-11-26T20:00")


def test_late_merge_leaves_a_cancelled_pointer(settings, es_client):
    assigned = _run(settings, es_client, [[FRENCH], [ARABIC], [BRIDGE]])
    events = _events(settings, es_client)
    survivors = {_resolve(assigned[a], events) for a in ("m1", "m2", "m3")}
    assert len(survivors) == 1
    pointers = [e for e in events.values() if e.get("merged_into")]
    if pointers:  # the bridge joined two events that had already been published
        assert all(p["status"] == "cancelled" and p["merged_into"] in survivors for p in pointers)
        assert all(p["version"] >= 1 for p in pointers)
    survivor = events[survivors.pop()]
    assert survivor["event_id"] == min((events[i] for i in events), key=lambda e: (e["first_seen"], e["event_id"]))["event_id"]
    assert {o["name"] for o in survivor["organizers"]} >= {"Forum Social", "جمعية المواطنة"}
